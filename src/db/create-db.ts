/**
 * createDb: the one way in to storage. With no DATABASE_URL it starts the embedded database
 * under the data folder; with one, it reaches that PostgreSQL server. Either way the same
 * driver adapter, the same migrations and the same code run on top.
 */
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/client';
import { directClient, directSqlAdapter } from './direct-sql';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded';
import { allApplied, migrationsList } from './migrate';

/** `migrationUrl`: the tables' owner, who migrates; `url` (the bot) may then own nothing (SECURITY.md). */
export type DatabaseTarget = { kind: 'embedded'; dataDir: string } | { kind: 'server'; url: string; migrationUrl?: string };

export interface Db {
  prisma: PrismaClient;
  kind: DatabaseTarget['kind'];
  url: string;
  /** True when the database answers a trivial query (for /healthz). */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export interface CreateDbOptions {
  /** Apply pending migrations before returning (start-up does; tests on a template may not). */
  migrate?: boolean;
  /** Connections in the pool for a server; the embedded database always gets one. */
  poolSize?: number;
}

export async function createDb(target: DatabaseTarget, options: CreateDbOptions = {}): Promise<Db> {
  let embedded: EmbeddedPostgres | undefined;
  const url = target.kind === 'embedded' ? (embedded = await startEmbeddedPostgres(target.dataDir)).url : target.url;
  try {
    if (options.migrate ?? true) await applyMigrationsApart(target.kind === 'server' ? (target.migrationUrl ?? url) : url);
    // PGlite runs one statement at a time; several pooled connections to it were seen to fail
    // ("Server has closed the connection"), so the embedded database gets a pool of one.
    const max = target.kind === 'embedded' ? 1 : (options.poolSize ?? 10);
    const adapter = directSqlAdapter(new PrismaPg({ connectionString: url, max }));
    const prisma = directClient(new PrismaClient({ adapter }), adapter);
    return {
      prisma,
      kind: target.kind,
      url,
      async ping() {
        try {
          await prisma.$queryRawUnsafe('SELECT 1');
          return true;
        } catch {
          return false;
        }
      },
      async close() {
        await prisma.$disconnect();
        await embedded?.stop();
      },
    };
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
}

/**
 * Pending migrations are applied in a child process (migrate-child.ts, under the same tsx
 * loader): Prisma's WASM schema engine keeps 20-50 MB resident once loaded, and a bot that
 * migrated at start kept it for good (issue 15, point 4). Up to date, nothing is started.
 */
async function applyMigrationsApart(url: string): Promise<void> {
  if (await allApplied(url, await migrationsList())) return;
  const child = fileURLToPath(new URL('./migrate-child.ts', import.meta.url));
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  try {
    await promisify(execFile)(process.execPath, ['--import', tsx, child, url], { timeout: 300_000, maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    // The child's own error (the engine's message about the failed migration) is on its stderr.
    const stderr = String((error as { stderr?: string }).stderr ?? '').trim();
    throw new Error(`Migrations could not be applied: ${stderr || String(error)}`);
  }
}
