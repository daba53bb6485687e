/**
 * The command line's commands by name (src/cli.ts is the process around them). Apart from the
 * process so tests can run a command inside theirs: a process costs seconds of start-up, which
 * only the tests about start-up, pipes and exit codes need to pay.
 *
 * Each command's module (and the database, the chat platform's SDK) is imported when that command
 * runs: the usage and a refused argument answer without loading them, and a command loads only
 * what it uses.
 */
import { ConfigError } from '../config/config-error';
import { option } from './args';

const USAGE = `Usage: pledge <command>
  sweep [--now <ISO time>] [--dry-run] [--per-transaction <n>]
              run one sweep of the time limits at that instant and print what it did;
              n clocks' steps commit together (default 100)
  digest [--now <ISO time>] [--dry-run] [--group <id>]
              queue today's digest for each group channel (once a day); --dry-run prints them instead
  migrate     apply pending database migrations
  outbox      list outgoing messages not delivered yet, failed ones first
  audit verify [--head <hash>]
              check that no audit event was altered or removed (exit code 1 if one was); with
              --head, that a head hash recorded earlier (Pledge logs it nightly) is still in the log
  db create-runtime-role <name>
              on a PostgreSQL server, as the tables' owner: create (or grant again) the role the bot
              runs as, which owns nothing (no DDL, no TRUNCATE, no trigger changes)
  keys rotate re-seal every customer contact with PLEDGE_DATA_KEY (old keys in PLEDGE_DATA_KEYS_OLD)
  retention erase --older-than-days <N> [--now <ISO time>]
              erase customers' names and contacts of complaints archived more than N days ago
  report --period <2026-Q4|2026-11|2026-W48> [--format md|csv|json] [--chart <file.png>] [--now <ISO time>]
              KPIs per group, owner, category and priority; --chart also writes the weekly PNG
  report sample --period <P> --size <N> [--seed <S>]
              a reproducible random sample of closed complaints for quality review`;

async function run(argv: string[]): Promise<number> {
  const [command] = argv;
  switch (command) {
    case 'sweep':
      return (await import('./sweep-command')).sweepCommand(argv.slice(1));
    case 'digest':
      return (await import('./digest-command')).digestCommand(argv.slice(1));
    case 'report':
      return (await import('./report-command')).reportCommand(argv.slice(1));
    case 'migrate': {
      const [{ loadDatabaseEnv }, { createDb }, { applyMigrations }] = await Promise.all([import('../config'), import('../db/create-db'), import('../db/migrate')]);
      const target = loadDatabaseEnv();
      const db = await createDb(target, { migrate: false });
      try {
        const applied = await applyMigrations(target.kind === 'server' ? (target.migrationUrl ?? db.url) : db.url);
        console.log(applied.length ? `Applied ${applied.length} migration(s): ${applied.join(', ')}` : 'The database is up to date.');
      } finally {
        await db.close();
      }
      return 0;
    }
    case 'outbox': {
      const [{ loadDatabaseEnv }, { createDb }, { listUndelivered }] = await Promise.all([import('../config'), import('../db/create-db'), import('../db/outbox')]);
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
    case 'audit': {
      if (argv[1] !== 'verify') return usage(2);
      const expectHead = option(argv, 'head');
      if (argv.includes('--head') && !/^[0-9a-f]{64}$/.test(expectHead ?? '')) {
        console.error(`--head must be a head hash as pledge printed it (64 hex digits), got ${JSON.stringify(expectHead ?? '')}.`);
        return 2;
      }
      const [{ loadDatabaseEnv }, { createDb }, { describeVerdict, verifyAuditChain }] = await Promise.all([import('../config'), import('../db/create-db'), import('../db/verify-audit')]);
      const db = await createDb(loadDatabaseEnv());
      try {
        const verdict = await verifyAuditChain(db.prisma, expectHead ? { expectHead } : {});
        if (verdict.ok) {
          console.log(describeVerdict(verdict));
          // Truncating the newest events leaves an intact chain; a head recorded elsewhere shows it.
          if (verdict.head) console.log(`head: ${verdict.head}`);
          return 0;
        }
        console.error(describeVerdict(verdict));
        return 1;
      } finally {
        await db.close();
      }
    }
    case 'keys':
      return (await (await import('./keys-command')).keysCommand(argv.slice(1))) ?? usage(2);
    case 'db':
      return (await (await import('./runtime-role-command')).runtimeRoleCommand(argv.slice(1))) ?? usage(2);
    case 'retention':
      return (await (await import('./retention-command')).retentionCommand(argv.slice(1))) ?? usage(2);
    default:
      return usage(command ? 2 : 0);
  }
}

function usage(code: number): number {
  console.error(USAGE);
  return code;
}

/** Runs `pledge <argv>` and returns its exit code; a configuration error is one line on stderr. */
export async function pledgeMain(argv: string[]): Promise<number> {
  try {
    return await run(argv);
  } catch (error) {
    console.error(error instanceof ConfigError ? error.message : error);
    return 1;
  }
}
