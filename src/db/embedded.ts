/**
 * The embedded database: PGlite (PostgreSQL compiled to WASM) kept in a folder, served on a
 * loopback port by PGlite's own socket server, the same way `prisma dev` runs it.
 *
 * Why the socket server rather than an in-process adapter: Pledge then talks to the embedded
 * database and to a PostgreSQL server through the same driver adapter (@prisma/adapter-pg),
 * and Prisma's WASM schema engine migrates both the same way. One code path, one set of SQL.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/**
 * PostgreSQL's shared buffers live in PGlite's WASM memory, all of them resident from the start
 * and never given back. The default 128MB cost the bot about 450 MB of resident memory (`npm run
 * bench -- ack`: 889 MB idle with 128MB, 443 MB with 16MB), and 8MB holds 8 MB less than 16MB
 * (resident WASM 32 -> 24 MB) with no loss in the ack or page benches (CPU per request 3.6 -> 3.2
 * ms, per page 0.50 -> 0.45 ms, same loaded machine). PGlite's files sit in the operating
 * system's page cache anyway, and the report bench's 100k-complaint scans ran no slower with 16MB
 * than with 128MB.
 */
const SHARED_BUFFERS = '8MB';

export interface EmbeddedPostgres {
  /** A postgresql:// URL reaching the embedded database on 127.0.0.1. */
  url: string;
  stop(): Promise<void>;
}

/**
 * Opens (or creates, on first start: initdb takes a few seconds) the database under `dataDir`.
 * PGlite serves one process: a second process must not open the same folder while this runs.
 */
export async function startEmbeddedPostgres(dataDir: string): Promise<EmbeddedPostgres> {
  mkdirSync(dataDir, { recursive: true });
  if (!existsSync(join(dataDir, 'PG_VERSION'))) await initdbApart(dataDir);
  const db = await PGlite.create(dataDir, { startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${SHARED_BUFFERS}`] });
  // PGlite runs one query at a time; the socket server queues them and keeps a transaction on
  // the connection that opened it. A couple of connections lets the migrator and the app overlap.
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 4 });
  await server.start();
  const [, port] = server.getServerConn().split(':');
  return {
    url: `postgresql://postgres:postgres@127.0.0.1:${port}/postgres?sslmode=disable`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}

/**
 * First start: initdb in a child process. Creating the cluster grows PGlite's WASM memory to
 * some 650 MB, which WASM never shrinks, so a bot that created its database kept ~450 MB of
 * resident memory at rest against ~260 MB for one that opened an existing folder
 * (`npm run bench -- ack`). The child takes that memory with it when it exits.
 */
async function initdbApart(dataDir: string): Promise<void> {
  const script = new URL('./initdb-child.mjs', import.meta.url);
  await promisify(execFile)(process.execPath, [script.pathname, dataDir], { timeout: 120_000 });
}
