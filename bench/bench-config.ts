/**
 * The configuration every bench runs with: the example config as a team would start with it,
 * e-mails turned into made-up but stable user ids (no Slack to look them up).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { teamCalendars } from '../src/calendar-data/build';
import { FixedClock } from '../src/clock';
import { loadPledgeConfig, resolvePeople, type ResolvedConfig } from '../src/config';
import type { Db } from '../src/db/create-db';
import { serviceDeps } from '../src/pledge';
import type { ServiceDeps } from '../src/services/deps';

const CONFIG_FILE = new URL('../pledge.config.example.yml', import.meta.url);

export async function benchConfig(): Promise<ResolvedConfig> {
  const file = loadPledgeConfig(readFileSync(CONFIG_FILE, 'utf8'), 'pledge.config.example.yml');
  return resolvePeople(file, async (email) => `U${createHash('sha1').update(email).digest('hex').slice(0, 8).toUpperCase()}`);
}

/**
 * Monday 2026-11-30 10:00 in Shanghai: inside working hours, so due clocks are acted on rather
 * than deferred to the next working period.
 */
export const BENCH_NOW = new Date('2026-11-30T02:00:00Z');

/** Services' dependencies as main.ts builds them (configured calendars), on a fixed clock. */
export function benchDeps(config: ResolvedConfig, db: Pick<Db, 'prisma'>, now = BENCH_NOW): ServiceDeps {
  const clock = new FixedClock(now);
  const calendars = teamCalendars(config, now);
  return serviceDeps(config, db, clock, (groupId) => calendars.calendarFor(groupId));
}
