/**
 * Test databases. Every storage test runs on the embedded database and on the PostgreSQL
 * server: `describeEachDb` declares the suite twice. The server run is skipped, with a notice
 * printed by global-setup, only where no server is reachable and CI is not set.
 */
import { cpSync, rmSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, inject } from 'vitest';
import { createDb, type Db, type DatabaseTarget } from '../../src/db/create-db';
import { scratchDir } from './scratch';
import { embeddedDbPrefix, serverDbPrefix } from './test-run';

export type DbKind = DatabaseTarget['kind'];

export interface TestDb extends Db {
  /** Empties every table but Prisma's migration history. */
  reset(): Promise<void>;
  target: DatabaseTarget;
}

let counter = 0;

export async function openTestDb(kind: DbKind): Promise<TestDb> {
  if (kind === 'embedded') {
    const dir = scratchDir(embeddedDbPrefix(inject('testRun')));
    copyEmbeddedTemplate(dir);
    const target: DatabaseTarget = { kind: 'embedded', dataDir: dir };
    const db = await createDb(target);
    return withReset(db, target, async () => {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    });
  }
  const serverUrl = inject('serverUrl');
  const template = inject('serverTemplate');
  if (!serverUrl || !template) throw new Error('no PostgreSQL server for this run');
  // A database of its own, so parallel files never see each other's rows; a copy
  // of the migrated template (global-setup.ts), so createDb finds nothing to migrate.
  const name = `${serverDbPrefix(inject('testRun'))}${process.pid}_${++counter}`;
  await adminQuery(serverUrl, `CREATE DATABASE ${name} TEMPLATE ${template}`);
  // A commit then returns before its WAL is flushed to disk: on this machine's disk a flushed
  // commit costs 8-20 ms against under 2 ms, and a test commits dozens of times. What that
  // risks, the last commits lost if the server itself crashes, is nothing a test looks at;
  // every other guarantee (atomicity, isolation, crash of Pledge's own process) is unchanged.
  await adminQuery(serverUrl, `ALTER DATABASE ${name} SET synchronous_commit = off`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const target: DatabaseTarget = { kind: 'server', url: url.toString() };
  const db = await createDb(target, { poolSize: 10 });
  return withReset(db, target, async () => {
    await db.close();
    await adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });
}

/** Puts a migrated, empty embedded database in `dir` (a copy of global-setup's template). */
export function copyEmbeddedTemplate(dir: string): void {
  cpSync(inject('embeddedTemplate'), dir, { recursive: true });
}

/** Puts an embedded database with no migration applied yet in `dir`: initdb's, without its seconds. */
export function copyEmbeddedEmpty(dir: string): void {
  cpSync(inject('embeddedEmpty'), dir, { recursive: true });
}

function withReset(db: Db, target: DatabaseTarget, close: () => Promise<void>): TestDb {
  return {
    ...db,
    target,
    close,
    async reset() {
      // DELETE, not TRUNCATE: TRUNCATE gives every table and index new files, which cost 1-5 s a
      // test on the embedded database (0.4-0.8 s on the server); deleting the few rows a test
      // wrote costs milliseconds. One DO block, so one round trip. The audit log refuses DELETE
      // by trigger; as the superuser tests connect as, a replica session (for this transaction
      // only) fires no triggers, foreign keys' included, so the order of tables does not matter.
      await db.prisma.$executeRawUnsafe(EMPTY_EVERY_TABLE);
    },
  };
}

const EMPTY_EVERY_TABLE = `DO $$
DECLARE t record;
BEGIN
  PERFORM set_config('session_replication_role', 'replica', true);
  FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' LOOP
    EXECUTE format('DELETE FROM %I', t.tablename);
  END LOOP;
END $$`;

/** One statement as the server's administrator (CREATE/DROP DATABASE, roles). */
export async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export function serverAvailable(): boolean {
  return inject('serverUrl') !== null;
}

/**
 * Declares `body` once per database kind. `getDb()` returns the suite's database, emptied
 * before each test: opened for the first suite of a worker and kept for the next (see kept).
 */
export function describeEachDb(name: string, body: (getDb: () => TestDb, kind: DbKind) => void): void {
  for (const kind of ['embedded', 'server'] as const) {
    const run = kind === 'embedded' || serverAvailable() ? describe : describe.skip;
    run(`${name} [${kind}]`, () => {
      let db: TestDb | undefined;
      let shape = '';
      beforeAll(async () => {
        ({ db, shape } = await borrowTestDb(kind));
      });
      afterAll(async () => {
        if (db) await keepForNextSuite(db, shape);
      });
      beforeEach(async () => {
        await db?.reset();
      });
      body(() => {
        if (!db) throw new Error('test database not open yet');
        return db;
      }, kind);
    });
  }
}

/**
 * Databases a describeEachDb suite is done with, emptied and given to the next suite this worker
 * runs (vitest runs a worker's files one after another in one process: isolate: false). Opening
 * one cost 1-4 s a file (copying the template and starting PGlite, or creating a database on the
 * server, then the first queries' warm-up); emptying one costs milliseconds. On globalThis, so a
 * module graph loaded anew still finds them. The process's end closes them; global-setup drops
 * the run's server databases.
 */
const kept = ((globalThis as { pledgeKeptTestDbs?: Map<DbKind, TestDb[]> }).pledgeKeptTestDbs ??= new Map<DbKind, TestDb[]>());

async function borrowTestDb(kind: DbKind): Promise<{ db: TestDb; shape: string }> {
  const db = kept.get(kind)?.pop();
  if (db) {
    try {
      await db.reset();
      return { db, shape: await schemaShape(db) };
    } catch {
      await db.close().catch(() => {}); // broken by the suite before (a connection cut): a fresh one
    }
  }
  const opened = await openTestDb(kind);
  return { db: opened, shape: await schemaShape(opened) };
}

/** A suite that changed the schema (a trigger of its own left disabled, a function) closes its database instead. */
async function keepForNextSuite(db: TestDb, shape: string): Promise<void> {
  const same = await schemaShape(db).then((now) => now === shape, () => false);
  if (!same) return db.close();
  kept.set(db.kind, [...(kept.get(db.kind) ?? []), db]);
}

/** What the public schema is made of (tables, columns, triggers and whether they fire, functions, grants), as one hash. */
async function schemaShape(db: TestDb): Promise<string> {
  const rows = await db.prisma.$queryRawUnsafe<{ shape: string }[]>(SCHEMA_SHAPE);
  return rows[0]?.shape ?? '';
}

const SCHEMA_SHAPE = `SELECT md5(coalesce(string_agg(part, '|' ORDER BY part), '')) AS shape FROM (
  SELECT format('r %s %s %s', c.relname, c.relkind, c.relacl) AS part
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public'
  UNION ALL SELECT format('a %s %s %s %s', c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull)
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE n.nspname = 'public' AND a.attnum > 0 AND NOT a.attisdropped
  UNION ALL SELECT format('t %s %s %s', c.relname, t.tgname, t.tgenabled)
    FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public'
  UNION ALL SELECT format('c %s %s', c.conname, c.contype) FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname = 'public'
  UNION ALL SELECT format('f %s %s', p.oid::regprocedure, md5(p.prosrc)) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public'
) parts`;
