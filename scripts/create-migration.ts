// `npm run db:migration -- <name>`: writes the next migration from changes to prisma/schema.prisma.
// The diff is datamodel to datamodel (see src/db/migrate.ts); the engine only insists on a
// connection, so it gets a throwaway embedded database.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres } from '../src/db/embedded';
import { pendingSchemaSql, writeMigration } from '../src/db/migrate';

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error('Usage: npm run db:migration -- <name>   (name in lower case with underscores, e.g. add_surveys)');
  process.exit(2);
}
const dir = mkdtempSync(join(tmpdir(), 'pledge-migration-'));
const db = await startEmbeddedPostgres(dir);
try {
  const sql = await pendingSchemaSql(db.url);
  if (!sql.trim() || /^-- This is an empty migration\.?\s*$/.test(sql.trim())) {
    console.log('prisma/schema.prisma matches the last migration: nothing to write.');
  } else {
    // Folders sort by this UTC timestamp, the way Prisma names its own.
    const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
    console.log(`Wrote ${await writeMigration(name, sql, stamp)}/migration.sql`);
  }
} finally {
  await db.stop();
  rmSync(dir, { recursive: true, force: true });
}
