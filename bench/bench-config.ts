/** The configuration every bench runs with (config-file.ts), and services' dependencies built on it. */
import { teamCalendars } from '../src/calendar-data/build';
import { FixedClock } from '../src/clock';
import type { ResolvedConfig } from '../src/config';
import type { Db } from '../src/db/create-db';
import { serviceDeps } from '../src/services/service-deps';
import type { ServiceDeps } from '../src/services/deps';

export { benchConfig } from './config-file';

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
