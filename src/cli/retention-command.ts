/**
 * `pledge retention erase --older-than-days <N> [--now <ISO time>]`: erases the name and contact
 * of customers of complaints archived more than N days ago (see services/erase-contacts.ts).
 * Run it from cron; it is safe to repeat. Needs no data key: erasing opens nothing.
 */
import { FixedClock, systemClock } from '../clock';
import { ConfigError, loadDatabaseEnv } from '../config';
import { eraseExpiredContacts } from '../services/erase-contacts';
import { option, parseNow } from './args';

export async function retentionCommand(argv: string[]): Promise<number | undefined> {
  if (argv[0] !== 'erase') return undefined;
  const days = option(argv, 'older-than-days');
  if (days === undefined || !/^\d{1,5}$/.test(days)) {
    throw new ConfigError(`--older-than-days must be a whole number of days, e.g. --older-than-days 365 (got ${JSON.stringify(days ?? null)}).`);
  }
  const clock = new FixedClock(parseNow(argv, systemClock.now()));
  const { createDb } = await import('../db/create-db');
  const db = await createDb(loadDatabaseEnv());
  try {
    const { erased, cutoff } = await eraseExpiredContacts({ prisma: db.prisma, clock }, Number(days));
    console.log(`Erased the contact details of ${erased} customer(s) of complaints archived before ${cutoff.toISOString()}.`);
    return 0;
  } finally {
    await db.close();
  }
}
