/**
 * The clocks the sweep bench makes due: the running solution clocks of `count` seeded open
 * complaints, rewritten so that at `now` a known mix of thresholds has passed (half a first
 * warning, a quarter the last warning that escalates, a quarter a breach). Arming again resets
 * them, so every timed sweep does the same work; the escalations a sweep opened are removed
 * (events cannot be, and need not be: the audit log only grows, as it would in production).
 */
import type { Store } from '../src/db/tx';
import { planClock, type SweepAct } from '../src/domain/sweep-plan';
import { thresholdAt, type Calendar } from '../src/domain/sla';
import type { ServiceDeps } from '../src/services/deps';
import { ts } from './seed';

type Expect = 'warn' | 'escalate' | 'breach';
const PATTERN: readonly Expect[] = ['warn', 'warn', 'escalate', 'breach'];
// How far through its span each clock is at `now`: past 50%, past 80%, past 100%.
const FRACTION: Record<Expect, number> = { warn: 0.6, escalate: 0.9, breach: 1.25 };
const HOUR = 3_600_000;

export interface Armed {
  seq: number;
  groupId: string;
  /** What the sweep should do with it at `now`. */
  plan: SweepAct;
  clock: 'working' | 'elapsed';
  startedAt: Date;
  dueAt: Date;
  nextCheckAt: Date;
}

export interface DueSet {
  seqs: number[];
  /** What planClock says each will do at `now`, counted: the sweep should do exactly this. */
  planned: Record<string, number>;
  rows: Armed[];
}

/**
 * Picks `count` complaints spread over [1, size] (offset so their priorities vary) and works out
 * their clocks: every fifth an elapsed 24-hour one, the rest working-time solution clocks that
 * started last week, as long in working time as the fraction requires.
 */
export function planDueSet(size: number, count: number, now: Date, deps: ServiceDeps, groupOf: (seq: number) => string): DueSet {
  const rows: Armed[] = [];
  const planned: Record<string, number> = {};
  const warnAt = deps.sla.solution.warnAt;
  for (let k = 0; k < count; k++) {
    const seq = 1 + Math.floor((k * size) / count) + (k % 7);
    const fraction = FRACTION[PATTERN[k % PATTERN.length]!];
    const calendar = deps.calendarFor(groupOf(seq));
    const armed = k % 5 === 4 ? elapsedClock(now, fraction) : workingClock(now, fraction, k, calendar);
    const priority = seq % 50 === 1 ? 'urgent' : seq % 20 === 0 ? 'major' : 'normal';
    const plan = planClock({ ...armed, thresholdsDone: 0, priority }, warnAt, now, calendar);
    planned[plan.kind] = (planned[plan.kind] ?? 0) + 1;
    const nextCheckAt = thresholdAt(armed.clock, armed.startedAt, armed.dueAt, warnAt[0] ?? 1, calendar);
    rows.push({ seq, groupId: groupOf(seq), plan, ...armed, nextCheckAt });
  }
  return { seqs: rows.map((r) => r.seq), planned, rows };
}

function elapsedClock(now: Date, fraction: number) {
  const span = 24 * HOUR;
  const startedAt = new Date(now.getTime() - Math.round(fraction * span));
  return { clock: 'elapsed' as const, startedAt, dueAt: new Date(startedAt.getTime() + span) };
}

function workingClock(now: Date, fraction: number, k: number, calendar: Calendar) {
  // Wednesday before `now`, 10:00 Shanghai, staggered by 20 minutes.
  const startedAt = new Date(now.getTime() - 5 * 24 * HOUR + (k % 6) * 20 * 60_000);
  const total = Math.round(calendar.workingTimeBetween(startedAt, now) / fraction);
  return { clock: 'working' as const, startedAt, dueAt: calendar.addWorkingTime(startedAt, total) };
}

const solutionId = (seqSql: string) => `md5('sol' || ${seqSql})::uuid::text`;

/** Makes the set due again, exactly as planned, and forgets what earlier sweeps escalated. */
export async function armDueSet(store: Store, set: DueSet): Promise<void> {
  const values = set.rows
    .map((r) => `(${r.seq}, '${r.clock}', ${ts(r.startedAt)}, ${ts(r.dueAt)}, ${ts(r.nextCheckAt)})`)
    .join(',\n');
  await store.$executeRawUnsafe(`
    UPDATE "Deadline" d SET clock = v.clock, "startedAt" = v.started, "dueAt" = v.due, "nextCheckAt" = v.next,
      "thresholdsDone" = 0, "breachedAt" = NULL, "metAt" = NULL, "pausedAt" = NULL
    FROM (VALUES ${values}) AS v(seq, clock, started, due, next)
    WHERE d.id = ${solutionId('v.seq')}`);
  // Seeded (historical) escalations have no deadline; only the sweep's own do.
  await store.$executeRawUnsafe(`DELETE FROM "Escalation" WHERE "deadlineId" IS NOT NULL`);
}
