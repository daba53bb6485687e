// Creates an embedded database folder (PGlite's initdb) and exits: run in a child process by
// embedded.ts, so the memory initdb grows in its WASM heap (some 400 MB, never given back while
// the instance lives) leaves with the child instead of staying with the bot for good.
import { PGlite } from '@electric-sql/pglite';

const db = await PGlite.create(process.argv[2]);
await db.close();
