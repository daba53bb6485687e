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

export type DbKind = DatabaseTarget['kind'];

export interface TestDb extends Db {
  /** Empties every table but Prisma's migration history. */
  reset(): Promise<void>;
  target: DatabaseTarget;
}

let counter = 0;

export async function openTestDb(kind: DbKind): Promise<TestDb> {
  if (kind === 'embedded') {
    const dir = scratchDir('pledge-test-db-');
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
  // A database of its own per test file, so parallel files never see each other's rows; a copy
  // of the migrated template (global-setup.ts), so createDb finds nothing to migrate.
  const name = `pledge_t_${process.pid}_${++counter}_${Math.random().toString(36).slice(2, 8)}`;
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
 * Declares `body` once per database kind. `getDb()` returns the suite's database, opened once
 * per file (opening PGlite costs about a second) and emptied before each test.
 */
export function describeEachDb(name: string, body: (getDb: () => TestDb, kind: DbKind) => void): void {
  for (const kind of ['embedded', 'server'] as const) {
    const run = kind === 'embedded' || serverAvailable() ? describe : describe.skip;
    run(`${name} [${kind}]`, () => {
      let db: TestDb | undefined;
      beforeAll(async () => {
        db = await openTestDb(kind);
      });
      afterAll(async () => {
        await db?.close();
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
