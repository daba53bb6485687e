/**
 * What the sweep should do about one clock at `now`: pure, so it can be tested on tables and
 * printed by `pledge sweep --dry-run`.
 *
 * Thresholds are the policy's warning fractions then the breach (1.0). Only the LATEST passed
 * threshold is acted on: after downtime the first sweep catches up once, rather than sending a
 * 50% warning, an 80% warning and a breach one after another.
 */
import type { Priority } from './complaint';
import { thresholdAt, type Calendar } from './sla';

export interface ClockState {
  clock: 'working' | 'elapsed';
  startedAt: Date;
  dueAt: Date;
  /** Thresholds already handled. */
  thresholdsDone: number;
  priority: Priority;
}

export type SweepAct =
  | { kind: 'none'; nextCheckAt: Date | null }
  /** Something is due, but it is outside working hours: announce at the next working period. */
  | { kind: 'defer'; nextCheckAt: Date }
  | { kind: 'warn' | 'escalate' | 'breach'; threshold: number; fraction: number; thresholdsDone: number; nextCheckAt: Date | null };

export function planClock(state: ClockState, warnAt: readonly number[], now: Date, calendar: Calendar): SweepAct {
  const fractions = [...warnAt.filter((f) => f > 0 && f < 1), 1];
  const instants = fractions.map((f) => thresholdAt(state.clock, state.startedAt, state.dueAt, f, calendar));
  const passed = instants.filter((t) => t <= now).length;
  const next = instants[passed] ?? null;
  if (passed <= state.thresholdsDone) return { kind: 'none', nextCheckAt: instants[state.thresholdsDone] ?? null };

  // Normal and major complaints bother people in working hours only; urgent ones at once.
  if (state.priority !== 'urgent' && !calendar.isWorkingTime(now)) {
    return { kind: 'defer', nextCheckAt: calendar.nextWorkingStart(now) };
  }
  const threshold = passed - 1;
  const fraction = fractions[threshold]!;
  const isBreach = fraction >= 1;
  // The last warning escalates to the leader; the breach escalates whatever came before.
  const isLastWarning = !isBreach && threshold === fractions.length - 2;
  return {
    kind: isBreach ? 'breach' : isLastWarning ? 'escalate' : 'warn',
    threshold,
    fraction,
    thresholdsDone: passed,
    nextCheckAt: next,
  };
}
