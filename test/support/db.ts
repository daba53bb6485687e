/**
 * Test databases. Every storage test runs on the embedded database and on the PostgreSQL
 * server: `describeEachDb` declares the suite twice. The server run is skipped, with a notice
 * printed by global-setup, only where no server is reachable and CI is not set.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, inject } from 'vitest';
import { createDb, type Db, type DatabaseTarget } from '../../src/db/create-db';

export type DbKind = DatabaseTarget['kind'];

export interface TestDb extends Db {
  /** Empties every table but Prisma's migration history. */
  reset(): Promise<void>;
  target: DatabaseTarget;
}

let counter = 0;

export async function openTestDb(kind: DbKind): Promise<TestDb> {
  if (kind === 'embedded') {
    const dir = mkdtempSync(join(tmpdir(), 'pledge-test-db-'));
    cpSync(inject('embeddedTemplate'), dir, { recursive: true });
    const target: DatabaseTarget = { kind: 'embedded', dataDir: dir };
    const db = await createDb(target);
    return withReset(db, target, async () => {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    });
  }
  const serverUrl = inject('serverUrl');
  if (!serverUrl) throw new Error('no PostgreSQL server for this run');
  // A database of its own per test file, so parallel files never see each other's rows.
  const name = `pledge_t_${process.pid}_${++counter}_${Math.random().toString(36).slice(2, 8)}`;
  await adminQuery(serverUrl, `CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const target: DatabaseTarget = { kind: 'server', url: url.toString() };
  const db = await createDb(target, { poolSize: 10 });
  return withReset(db, target, async () => {
    await db.close();
    await adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });
}

function withReset(db: Db, target: DatabaseTarget, close: () => Promise<void>): TestDb {
  return {
    ...db,
    target,
    close,
    async reset() {
      const rows = await db.prisma.$queryRawUnsafe<{ tablename: string }[]>(
        `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`,
      );
      if (!rows.length) return;
      // The audit log refuses TRUNCATE by trigger; as the superuser tests connect as, a replica
      // session (for this transaction only) fires no triggers.
      await db.prisma.$transaction([
        db.prisma.$executeRawUnsafe('SET LOCAL session_replication_role = replica'),
        db.prisma.$executeRawUnsafe(`TRUNCATE ${rows.map((r) => `"${r.tablename}"`).join(', ')} CASCADE`),
      ]);
    },
  };
}

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
