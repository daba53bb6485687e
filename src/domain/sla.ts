/**
 * The pledge's time limits per stage and priority (DESIGN.md), and how a limit becomes a due
 * time. Plain hours and minutes are elapsed time; working hours are working-time arithmetic;
 * "N working days" ends at the close of the Nth working day after the day the clock starts.
 */
import type { Priority } from './complaint';

export const STAGES = ['acknowledge', 'report_to_leader', 'solution', 'feedback', 'follow_up', 'archive'] as const;
export type Stage = (typeof STAGES)[number];

export type Limit =
  | { kind: 'elapsed'; minutes: number }
  | { kind: 'working'; minutes: number }
  | { kind: 'working_days'; days: number };

export interface StagePolicy {
  limits: Record<Priority, Limit>;
  /** Fractions of the limit at which the accountable person is warned; the last one escalates. */
  warnAt: readonly number[];
}

/**
 * `pause` is not a stage of the pledge but a limit on waiting for the complainant (sla.maxPause):
 * nobody is due to meet it; when it passes the stopped clocks run again (services/pause-limit.ts).
 */
export type ClockStage = Stage | 'pause';
export type SlaPolicy = Record<ClockStage, StagePolicy>;

/** Clocks nobody is due to meet: archiving is bookkeeping, a pause limits a wait. Boards and "next due" skip them. */
export const NOT_DUE_STAGES: readonly string[] = ['archive', 'pause'];

const same = (limit: Limit): Record<Priority, Limit> => ({ normal: limit, major: limit, urgent: limit });
const WARN = [0.5, 0.8] as const;

export const DEFAULT_SLA: SlaPolicy = {
  acknowledge: {
    limits: { normal: { kind: 'elapsed', minutes: 24 * 60 }, major: { kind: 'elapsed', minutes: 24 * 60 }, urgent: { kind: 'elapsed', minutes: 30 } },
    warnAt: WARN,
  },
  report_to_leader: { limits: same({ kind: 'working', minutes: 2 * 60 }), warnAt: WARN },
  solution: {
    // The pledge names normal (3) and major (5); urgent is not slower than normal.
    limits: { normal: { kind: 'working_days', days: 3 }, major: { kind: 'working_days', days: 5 }, urgent: { kind: 'working_days', days: 1 } },
    warnAt: WARN,
  },
  feedback: { limits: same({ kind: 'working', minutes: 4 * 60 }), warnAt: WARN },
  follow_up: { limits: same({ kind: 'working_days', days: 2 }), warnAt: WARN },
  archive: { limits: same({ kind: 'working_days', days: 7 }), warnAt: [] },
  // The owner is reminded at half of the wait; at its end the clocks run again.
  pause: { limits: same({ kind: 'working_days', days: 5 }), warnAt: [0.5] },
};

/** What the SLA needs of the business calendar (domain/calendar implements it). */
export interface Calendar {
  isWorkingTime(t: Date): boolean;
  addWorkingTime(start: Date, ms: number): Date;
  workingTimeBetween(a: Date, b: Date): number;
  endOfNthWorkingDay(start: Date, n: number): Date;
  nextWorkingStart(t: Date): Date;
  /** The local date of `t`, 'YYYY-MM-DD', in the calendar's time zone. */
  localDate(t: Date): string;
  isWorkingDay(date: string): boolean;
  /** Years from `from` to `to` (local) the holiday data does not cover: limits there may be wrong. */
  yearsWithoutData(from: Date, to: Date): number[];
}

/**
 * The new due time an extension suggests: the close of the first working day after the day the
 * limit is due. A limit in clock time may be due at night or on a weekend; the suggestion never
 * falls on a day off (a weekend, a public holiday; an adjusted working day counts as worked).
 */
export const suggestedExtension = (due: Date, calendar: Calendar): Date => calendar.endOfNthWorkingDay(due, 1);

export const clockKind = (limit: Limit): 'working' | 'elapsed' => (limit.kind === 'elapsed' ? 'elapsed' : 'working');

export function dueAt(limit: Limit, start: Date, calendar: Calendar): Date {
  switch (limit.kind) {
    case 'elapsed':
      return new Date(start.getTime() + limit.minutes * 60_000);
    case 'working':
      return calendar.addWorkingTime(start, limit.minutes * 60_000);
    case 'working_days':
      return calendar.endOfNthWorkingDay(start, limit.days);
  }
}

/**
 * The instant a fraction of a clock's span has passed, measured in the clock's own time:
 * half of "3 working days" is half of the working time in it, not half of the calendar days.
 */
export function thresholdAt(clock: 'working' | 'elapsed', startedAt: Date, due: Date, fraction: number, calendar: Calendar): Date {
  if (fraction >= 1) return due;
  if (clock === 'elapsed') return new Date(startedAt.getTime() + Math.round((due.getTime() - startedAt.getTime()) * fraction));
  return calendar.addWorkingTime(startedAt, Math.round(calendar.workingTimeBetween(startedAt, due) * fraction));
}

/**
 * How a limit stands at `now`, as people read it: counted in the limit's own clock (a 24-hour
 * limit in hours of the clock on the wall, a working-time limit in working time), and overdue
 * as soon as it has passed, even when no working time has gone by since (a limit that passed
 * at night) or less than a minute has.
 */
export interface TimeLeft {
  clock: 'working' | 'elapsed';
  /** Whole minutes left, or past the limit when overdue; never negative. */
  minutes: number;
  overdue: boolean;
}

export function timeLeft(now: Date, due: Date, clock: 'working' | 'elapsed', calendar: Calendar): TimeLeft {
  const overdue = now.getTime() >= due.getTime();
  const [from, to] = overdue ? [due, now] : [now, due];
  const ms = clock === 'elapsed' ? to.getTime() - from.getTime() : calendar.workingTimeBetween(from, to);
  // Left: what remains, whole minutes (59 s is "under a minute", not one); overdue: by how much.
  return { clock, overdue, minutes: overdue ? Math.round(ms / 60_000) : Math.floor(ms / 60_000) };
}

/** A clock row's kind: only 'working' counts in working time (older rows default to elapsed). */
export const clockOf = (d: { clock: string }): 'working' | 'elapsed' => (d.clock === 'working' ? 'working' : 'elapsed');

/** What an escalation without a limit (a major complaint's report) shows: nothing is due. */
export const NO_LIMIT: TimeLeft = { clock: 'working', minutes: 0, overdue: false };

/**
 * A TimeLeft as line parameters (see chat/port.ts): `left` in minutes, negative when overdue,
 * with `overdue` and `leftClock` beside it, since -0 cannot say "overdue" on its own.
 */
export const timeLeftParams = (t: TimeLeft) => ({ left: t.overdue ? -t.minutes : t.minutes, overdue: t.overdue ? 1 : 0, leftClock: t.clock });

/** Working time left until `due` (negative once overdue, then counted in working time too). */
export function workingTimeLeft(now: Date, due: Date, calendar: Calendar): number {
  return now <= due ? calendar.workingTimeBetween(now, due) : -calendar.workingTimeBetween(due, now);
}

/** A calendar where every instant is working time: elapsed arithmetic, for tests and fallbacks. */
export const ALWAYS_WORKING: Calendar = {
  isWorkingTime: () => true,
  addWorkingTime: (start, ms) => new Date(start.getTime() + ms),
  workingTimeBetween: (a, b) => Math.max(0, b.getTime() - a.getTime()),
  endOfNthWorkingDay: (start, n) => new Date(start.getTime() + n * 86_400_000),
  nextWorkingStart: (t) => t,
  localDate: (t) => t.toISOString().slice(0, 10),
  isWorkingDay: () => true,
  yearsWithoutData: () => [],
};
