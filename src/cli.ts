/**
 * `pledge <command>`: operations outside chat.
 *   migrate            apply pending database migrations (start-up does this too)
 *   outbox [--all]     list undelivered (or failed) outgoing messages
 */
import { ConfigError, loadDatabaseEnv } from './config';
import { createDb } from './db/create-db';
import { applyMigrations } from './db/migrate';
import { listUndelivered } from './db/outbox';

const USAGE = `Usage: pledge <command>
  migrate     apply pending database migrations
  outbox      list outgoing messages not delivered yet, failed ones first`;

async function run(argv: string[]): Promise<number> {
  const [command] = argv;
  switch (command) {
    case 'migrate': {
      const target = loadDatabaseEnv();
      const db = await createDb(target, { migrate: false });
      try {
        const applied = await applyMigrations(db.url);
        console.log(applied.length ? `Applied ${applied.length} migration(s): ${applied.join(', ')}` : 'The database is up to date.');
      } finally {
        await db.close();
      }
      return 0;
    }
    case 'outbox': {
      const db = await createDb(loadDatabaseEnv());
      try {
        const rows = await listUndelivered(db.prisma, 200);
        if (rows.length === 0) console.log('Nothing waiting: every outgoing message was delivered.');
        for (const r of rows.sort((a, b) => Number(Boolean(b.failedAt)) - Number(Boolean(a.failedAt)))) {
          const state = r.failedAt ? `FAILED ${r.failedAt.toISOString()}` : `next try ${r.nextAttemptAt.toISOString()}`;
          console.log(`${r.dedupeKey}  ${r.kind} -> ${r.target}  attempts ${r.attempts}  ${state}${r.lastError ? `  (${r.lastError})` : ''}`);
        }
      } finally {
        await db.close();
      }
      return 0;
    }
    default:
      console.error(USAGE);
      return command ? 2 : 0;
  }
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exit(1);
  },
);
