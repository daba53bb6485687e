/**
 * Migrations through Prisma's WASM schema engine, driven by the same driver adapter as the app,
 * so no engine binary is downloaded (none can be, here or behind a firewall).
 *
 * `applyMigrations` writes Prisma's own `_prisma_migrations` rows (sha256 of migration.sql),
 * exactly as `prisma migrate deploy` would, so the two agree about what has been applied.
 */
import { readFile, readdir, mkdir, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import type * as Engine from '@prisma/schema-engine-wasm/schema_engine_bg';

const require = createRequire(import.meta.url);
const projectRoot = resolve(new URL('.', import.meta.url).pathname, '../..');
export const SCHEMA_PATH = join(projectRoot, 'prisma/schema.prisma');
export const MIGRATIONS_DIR = join(projectRoot, 'prisma/migrations');

type EngineModule = typeof Engine;
type WasmExports = Record<string, unknown>;
// TypeScript's Node lib leaves WebAssembly out; this is the part of it we use.
const wasm = (globalThis as unknown as {
  WebAssembly: { instantiate(bytes: Uint8Array, imports: object): Promise<{ instance: { exports: WasmExports } }> };
}).WebAssembly;
let engineModule: Promise<EngineModule> | undefined;

/**
 * The package's main entry imports the .wasm file as an ES module, which Node 20 refuses.
 * So we load the JS glue, instantiate the .wasm beside it ourselves and hand it over.
 */
function loadEngineModule(): Promise<EngineModule> {
  engineModule ??= (async () => {
    const glue = (await import('@prisma/schema-engine-wasm/schema_engine_bg')) as EngineModule & {
      __wbg_set_wasm(exports: WasmExports): void;
    };
    const wasmPath = join(require.resolve('@prisma/schema-engine-wasm/schema_engine_bg'), '../schema_engine_bg.wasm');
    const bytes = await readFile(wasmPath);
    const { instance } = await wasm.instantiate(bytes, { './schema_engine_bg.js': glue });
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports as { __wbindgen_start(): void }).__wbindgen_start();
    return glue;
  })();
  return engineModule;
}

async function withEngine<T>(url: string, run: (engine: Engine.SchemaEngine) => Promise<T>): Promise<T> {
  const { SchemaEngine } = await loadEngineModule();
  const schema = await readFile(SCHEMA_PATH, 'utf8');
  // The pool is ours to end: the engine takes PostgreSQL's advisory lock for migrating on its
  // connection and never releases it, and freeing the engine does not close the connection. Left
  // open, it held the lock until pg's idle timeout (10 s): the next migration run in this process
  // (a test migrating in two steps) waited all of it, and so did the migrator child's exit.
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  // pool.end() resolves once it has asked its connections to close, not once they have.
  const closed: Promise<void>[] = [];
  pool.on('connect', (client) => void closed.push(new Promise((resolve) => client.once('end', () => resolve()))));
  const adapter = bindMigrationAwareSqlAdapterFactory(new PrismaPg(pool));
  const log = (message: string) => {
    if (process.env.PLEDGE_DEBUG_MIGRATIONS) console.error(message);
  };
  try {
    const engine = await SchemaEngine.new({ datamodels: [[SCHEMA_PATH, schema]] }, log, adapter);
    try {
      return await run(engine);
    } finally {
      engine.free();
    }
  } finally {
    await pool.end();
    await Promise.all(closed);
  }
}

export async function migrationsList(dir = MIGRATIONS_DIR): Promise<Engine.MigrationList> {
  const names = existsSync(dir) ? (await readdir(dir, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort() : [];
  const lockPath = join(dir, 'migration_lock.toml');
  return {
    baseDir: dir,
    lockfile: { path: 'migration_lock.toml', content: existsSync(lockPath) ? await readFile(lockPath, 'utf8') : null },
    shadowDbInitScript: '',
    migrationDirectories: await Promise.all(
      names.map(async (name) => {
        const file = join(dir, name, 'migration.sql');
        const content = existsSync(file) ? { tag: 'ok' as const, value: await readFile(file, 'utf8') } : { tag: 'error' as const, value: `no migration.sql in ${name}` };
        return { path: name, migrationFile: { path: 'migration.sql', content } };
      }),
    ),
  };
}

/**
 * True when `_prisma_migrations` records every migration folder as finished, with the sha256 of
 * its migration.sql as the engine writes it; anything else (a new folder, an edited file, a
 * failed or rolled-back attempt, no table yet) is the engine's to apply or to refuse.
 */
export async function allApplied(url: string, list: Engine.MigrationList): Promise<boolean> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const exists = await client.query(`SELECT to_regclass('public._prisma_migrations') IS NOT NULL AS present`);
    if (!exists.rows[0]?.present) return false;
    const { rows } = await client.query<{ migration_name: string; checksum: string }>(
      `SELECT migration_name, checksum FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    const applied = new Map(rows.map((r) => [r.migration_name, r.checksum]));
    const pending = await client.query(`SELECT 1 FROM _prisma_migrations WHERE finished_at IS NULL AND rolled_back_at IS NULL LIMIT 1`);
    if (pending.rowCount) return false;
    return list.migrationDirectories.every(
      (d) => d.migrationFile.content.tag === 'ok' && applied.get(d.path) === createHash('sha256').update(d.migrationFile.content.value).digest('hex'),
    );
  } finally {
    await client.end();
  }
}

const noFilters: Engine.SchemaFilter = { externalTables: [], externalEnums: [] };

/**
 * Applies every pending migration; returns the names applied now (empty when up to date).
 * `dir` is for tests that stop at an earlier migration to put old data in before a later one.
 */
export async function applyMigrations(url: string, dir = MIGRATIONS_DIR): Promise<string[]> {
  const list = await migrationsList(dir);
  // The engine's WASM keeps some 30-50 MB resident once loaded: a bot starting on an up-to-date
  // database (every start but the first after an upgrade) need not load it at all.
  if (await allApplied(url, list)) return [];
  return withEngine(url, async (engine) => {
    const out = await engine.applyMigrations({ migrationsList: list, filters: noFilters });
    return out.appliedMigrationNames;
  });
}

/**
 * SQL that takes the last migration's schema to the current one; empty when nothing changed.
 *
 * Each migration folder keeps a snapshot of the schema it was made from (schema.prisma), and we
 * diff datamodel to datamodel. Diffing against the migrations themselves would need the engine to
 * introspect a shadow database, which fails through the driver adapter (Postgres' internal
 * "char" catalog columns cannot be deserialized), on PGlite and on a server alike.
 */
export async function pendingSchemaSql(url: string): Promise<string> {
  const schema = await readFile(SCHEMA_PATH, 'utf8');
  const previous = await lastSnapshot();
  // The engine connects at start even though diffing two datamodels reads no database.
  return withEngine(url, async (engine) => {
    const from: Engine.DiffTarget = previous ? { tag: 'schemaDatamodel', files: [{ path: 'previous.prisma', content: previous }] } : { tag: 'empty' };
    const to: Engine.DiffTarget = { tag: 'schemaDatamodel', files: [{ path: SCHEMA_PATH, content: schema }] };
    const result = await engine.diff({ from, to, script: true, exitCode: null, filters: noFilters });
    return result.stdout ?? '';
  });
}

async function lastSnapshot(): Promise<string | undefined> {
  const list = await migrationsList();
  const last = list.migrationDirectories.at(-1);
  if (!last) return undefined;
  const file = join(MIGRATIONS_DIR, last.path, 'schema.prisma');
  if (!existsSync(file)) throw new Error(`${file} is missing: every migration keeps the schema it was made from.`);
  return readFile(file, 'utf8');
}

/** Writes prisma/migrations/<timestamp>_<name>/migration.sql; the timestamp is the caller's. */
export async function writeMigration(name: string, sql: string, stamp: string): Promise<string> {
  const folder = join(MIGRATIONS_DIR, `${stamp}_${name}`);
  await mkdir(folder, { recursive: true });
  await writeFile(join(folder, 'migration.sql'), sql);
  await writeFile(join(folder, 'schema.prisma'), await readFile(SCHEMA_PATH, 'utf8'));
  const lock = join(MIGRATIONS_DIR, 'migration_lock.toml');
  if (!existsSync(lock)) await writeFile(lock, '# Please do not edit this file manually\nprovider = "postgresql"\n');
  return folder;
}
