/**
 * Once per test run: build a migrated embedded database to copy from (initdb costs seconds,
 * a folder copy costs milliseconds), and find out whether a PostgreSQL server is reachable.
 */
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import pg from 'pg';
import { createDb } from '../../src/db/create-db';
import { migrationsFingerprint } from './migrations-fingerprint';

declare module 'vitest' {
  export interface ProvidedContext {
    embeddedTemplate: string;
    serverUrl: string | null;
  }
}

export const SERVER_URL = process.env.PLEDGE_TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';

export default async function setup(project: TestProject) {
  const template = join(tmpdir(), `pledge-test-template-${await migrationsFingerprint()}`);
  if (!existsSync(template)) {
    const building = `${template}.building-${process.pid}`;
    mkdirSync(building, { recursive: true });
    const db = await createDb({ kind: 'embedded', dataDir: building });
    await db.close();
    try {
      renameSync(building, template);
    } catch {
      rmSync(building, { recursive: true, force: true }); // another run won the race; use its copy
    }
  }
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
}
