/**
 * The database a bench's Pledge runs on: an embedded one in a fresh temp folder, or a fresh
 * database on a PostgreSQL server, created here and dropped afterwards so runs never share rows.
 * The parent owns creation and clean-up, so a crashed app process still leaves nothing behind.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { DatabaseTarget } from '../src/db/create-db';
import type { DbKind } from './options';

export const DEFAULT_SERVER_URL = 'postgresql://postgres@127.0.0.1:5432/test';

export interface BenchDb {
  target: DatabaseTarget;
  /** Where it lives, for the report (password masked). */
  where: string;
  cleanup(): Promise<void>;
}

export async function prepareBenchDb(kind: DbKind): Promise<BenchDb> {
  if (kind === 'embedded') {
    const dataDir = mkdtempSync(join(tmpdir(), 'pledge-bench-db-'));
    return {
      target: { kind: 'embedded', dataDir },
      where: `embedded (PGlite) in ${dataDir}`,
      cleanup: async () => rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  const adminUrl = process.env.DATABASE_URL || DEFAULT_SERVER_URL;
  const name = `pledge_bench_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  await adminQuery(adminUrl, `CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    target: { kind: 'server', url: url.toString() },
    where: `server ${maskedUrl(url.toString())}`,
    cleanup: () => adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    await client.query(sql);
  } catch (error) {
    throw new Error(`Expected the PostgreSQL server at ${maskedUrl(url)} to run "${sql}": ${String(error)}`);
  } finally {
    await client.end().catch(() => {});
  }
}

function maskedUrl(text: string): string {
  try {
    const url = new URL(text);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return '(DATABASE_URL, not a URL)';
  }
}
