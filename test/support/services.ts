/** Services on a test database with a fixed clock and the configured calendars, no Slack. */
import { teamCalendars } from '../../src/calendar-data/build';
import { FixedClock } from '../../src/clock';
import type { ResolvedConfig } from '../../src/config';
import { serviceDeps } from '../../src/services/service-deps';
import { createServices } from '../../src/services';
import type { ServiceDeps } from '../../src/services/deps';
import type { TestDb } from './db';
import { testConfig } from './pledge-harness';

export async function testServices(db: TestDb, options: { now?: Date; config?: ResolvedConfig } = {}) {
  const clock = new FixedClock(options.now ?? new Date('2026-11-30T02:00:00Z'));
  const config = options.config ?? (await testConfig());
  const calendars = teamCalendars(config, clock.now());
  const deps: ServiceDeps = serviceDeps(config, db, clock, (g) => calendars.calendarFor(g));
  return { clock, config, deps, services: createServices(deps) };
}

/** A valid complaint draft for the billing group. */
export const draft = (over: Record<string, string> = {}) => ({
  title: 'Charged twice',
  details: 'Card charged twice',
  category: 'billing',
  priority: 'normal',
  source: 'chat',
  ...over,
});
