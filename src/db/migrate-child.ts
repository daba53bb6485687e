// Applies the pending migrations to the database at argv[2] and exits, printing the names
// applied as JSON: run by create-db.ts in a child process, so the memory Prisma's WASM schema
// engine takes (some 20-50 MB resident once loaded, never given back) leaves with the child.
import { applyMigrations } from './migrate';

const applied = await applyMigrations(process.argv[2]!);
process.stdout.write(JSON.stringify(applied));
