/**
 * Once per test run: build an initialised, empty embedded database and a migrated one to copy
 * from (initdb costs seconds, a folder copy in /dev/shm a fraction of one), find out whether a
 * PostgreSQL server is reachable, and there build a migrated template database (migrating a new
 * database costs 3-4 s, copying a template a tenth of that).
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { TestProject } from 'vitest/node';
import pg from 'pg';
import { createDb } from '../../src/db/create-db';
import { startEmbeddedPostgres } from '../../src/db/embedded';
import { migrationsFingerprint } from './migrations-fingerprint';
import { SCRATCH } from './scratch';
import { embeddedDbPrefix, serverDbPrefix } from './test-run';

declare module 'vitest' {
  export interface ProvidedContext {
    embeddedTemplate: string;
    /** An embedded database folder after initdb, before any migration (for migration tests). */
    embeddedEmpty: string;
    serverUrl: string | null;
    /** The migrated database on the server that each test database is created from. */
    serverTemplate: string | null;
    /** This run's mark in the names of its test databases (db.ts), so its end can remove what workers left. */
    testRun: string;
  }
}

export const SERVER_URL = process.env.PLEDGE_TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';

export default async function setup(project: TestProject) {
  // initdb's result depends only on PGlite's version, the migrated one on the migrations too.
  const pglite = (JSON.parse(readFileSync(join(dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite')), '../package.json'), 'utf8')) as { version: string }).version;
  const empty = await keptFolder(`pledge-test-initdb-${pglite}`, async (dir) => {
    const embedded = await startEmbeddedPostgres(dir);
    await embedded.stop();
  });
  project.provide('embeddedEmpty', empty);
  const fingerprint = await migrationsFingerprint();
  const template = await keptFolder(`pledge-test-template-${pglite}-${fingerprint}`, async (dir) => {
    cpSync(empty, dir, { recursive: true });
    const db = await createDb({ kind: 'embedded', dataDir: dir });
    await db.close();
  });
  project.provide('embeddedTemplate', template);

  let serverUrl: string | null = SERVER_URL;
  const client = new pg.Client({ connectionString: SERVER_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    if (process.env.CI) throw new Error(`CI is set but the PostgreSQL server at ${SERVER_URL} is unreachable: ${String(error)}`);
    serverUrl = null;
    console.warn(`\n  NOTICE: no PostgreSQL server at ${SERVER_URL}; server runs of the storage tests are SKIPPED (they run in CI).\n`);
  } finally {
    await client.end().catch(() => {});
  }
  project.provide('serverUrl', serverUrl);
  project.provide('serverTemplate', serverUrl ? await serverTemplate(serverUrl, fingerprint) : null);
  const run = String(process.pid);
  project.provide('testRun', run);
  // Workers keep their last databases for their next file (db.ts, kept) and exit without removing them.
  return async () => {
    for (const entry of readdirSync(SCRATCH)) if (entry.startsWith(embeddedDbPrefix(run))) rmSync(join(SCRATCH, entry), { recursive: true, force: true });
    if (!serverUrl) return;
    const left = (await adminRows(serverUrl, 'SELECT datname FROM pg_database WHERE starts_with(datname, $1)', [serverDbPrefix(run)])) as { datname: string }[];
    for (const { datname } of left) await adminRows(serverUrl, `DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
  };
}

/**
 * A folder under SCRATCH that `build` fills once and later runs reuse. Built under a name of its
 * own and renamed when complete, so no run copies a half-built one.
 */
async function keptFolder(name: string, build: (dir: string) => Promise<void>): Promise<string> {
  const folder = join(SCRATCH, name);
  if (existsSync(folder)) return folder;
  const building = `${folder}.building-${process.pid}`;
  mkdirSync(building, { recursive: true });
  try {
    await build(building);
    renameSync(building, folder);
  } catch (error) {
    rmSync(building, { recursive: true, force: true });
    if (!existsSync(folder)) throw error; // else another run won the race; use its copy
  }
  return folder;
}

/**
 * A migrated database named after the migrations, built once and kept for later runs like the
 * embedded template. It is built under a name of its own and renamed when complete, so a run
 * never copies a half-migrated template, and two runs building it at once both end well.
 */
async function serverTemplate(serverUrl: string, fingerprint: string): Promise<string> {
  const name = `pledge_template_${fingerprint}`;
  const exists = async () => (await adminRows(serverUrl, 'SELECT 1 FROM pg_database WHERE datname = $1', [name])).length > 0;
  if (await exists()) return name;
  const building = `${name}_building_${process.pid}`;
  await adminRows(serverUrl, `CREATE DATABASE ${building}`);
  try {
    const url = new URL(serverUrl);
    url.pathname = `/${building}`;
    const db = await createDb({ kind: 'server', url: url.toString() });
    await db.close();
    // The schema engine's connection may outlive it; a template must have none to be copied.
    await adminRows(serverUrl, 'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [building]);
    await adminRows(serverUrl, `ALTER DATABASE ${building} RENAME TO ${name}`);
  } catch (error) {
    await adminRows(serverUrl, `DROP DATABASE IF EXISTS ${building} WITH (FORCE)`);
    if (!(await exists())) throw error; // else another run won the race; use its template
  }
  return name;
}

async function adminRows(url: string, sql: string, params: unknown[] = []): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows;
  } finally {
    await client.end();
  }
}
