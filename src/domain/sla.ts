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

export type SlaPolicy = Record<Stage, StagePolicy>;

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
}

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
};
