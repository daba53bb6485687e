import { DateTime, type Zone } from 'luxon';
import { datesOfYear, formatDate, weekdayIndex, type DateParts } from './dates';

/** Minutes [start, end) of local working ranges, per kind of day. */
export interface DayRules {
  /** Index 0 = Monday, as WEEKDAYS. */
  week: readonly (readonly [number, number][])[];
  workday: readonly [number, number][];
  /** Whether a local date is off (holiday) or an extra working day, before the weekly rule. */
  override(date: string): 'off' | 'work' | undefined;
}

/**
 * One local year of working time as UTC epoch-ms ranges, so that every question is a
 * binary search. The zone conversion (DST included) happens here, once per year.
 */
export interface YearTable {
  year: number;
  /** Local midnight starting each day; length days + 1, the last one is next year's start. */
  dayStarts: Float64Array;
  /** Index of each day's first range in `bounds`/2; length days + 1. */
  dayFirst: Int32Array;
  /** [start0, end0, start1, end1, ...] of every working range, ascending and disjoint. */
  bounds: Float64Array;
  /** cum[k] = working ms in ranges before range k; length ranges + 1. */
  cum: Float64Array;
  dates: string[];
  start: number;
  end: number;
  total: number;
}

/** The UTC instant of a local wall-clock time; luxon moves a time in a DST gap forward. */
export function localInstant(zone: Zone, date: DateParts, minutes = 0): number {
  const { year, month, day } = date;
  return DateTime.fromObject({ year, month, day, hour: Math.floor(minutes / 60), minute: minutes % 60 }, { zone }).toMillis();
}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/**
 * The first instant of a local date. Where clocks go back across midnight (Havana: 01:00 CDT
 * -> 00:00 CST) 00:00 happens twice and luxon answers the second; the day starts at the first.
 */
export function localMidnight(zone: Zone, date: DateParts): number {
  const later = localInstant(zone, date);
  const before = zone.offset(later - 3 * HOUR_MS);
  const earlier = later + (zone.offset(later) - before) * 60_000;
  return earlier < later && zone.offset(earlier) === before ? earlier : later;
}

/**
 * Local midnights of a year's days, and whether each day keeps one UTC offset from midnight
 * to midnight. Asking luxon for one offset per day (not for every wall-clock time) is what
 * makes a year cheap; a day whose offset changes gets every time from luxon.
 */
function dayStartsOf(year: number, zone: Zone, days: readonly DateParts[], fast: boolean) {
  const next = (i: number) => days[i + 1] ?? { year: year + 1, month: 1, day: 1 };
  const dayStarts = new Float64Array(days.length + 1);
  const steady = new Uint8Array(days.length);
  let start = localMidnight(zone, days[0]!);
  let offset = zone.offset(start);
  for (let i = 0; i < days.length; i++) {
    const day = days[i]!;
    dayStarts[i] = start;
    const candidate = start + DAY_MS;
    const candidateOffset = zone.offset(candidate);
    // Not steady: a start that a DST gap moved off midnight, or a day that does not exist
    // (Pacific/Apia skipped 2011-12-30, whose "start" is then the next day's midnight).
    const atMidnight = start + offset * 60_000 === Date.UTC(day.year, day.month - 1, day.day);
    if (fast && atMidnight && candidateOffset === offset) {
      steady[i] = 1;
      start = candidate;
    } else {
      start = localMidnight(zone, next(i));
      offset = zone.offset(start);
    }
  }
  dayStarts[days.length] = start;
  return { dayStarts, steady };
}

/** `fast: false` asks luxon for every time; tests compare both ways. */
export function buildYearTable(year: number, zone: Zone, rules: DayRules, { fast = true } = {}): YearTable {
  const days = datesOfYear(year);
  const dates = days.map(formatDate);
  const { dayStarts, steady } = dayStartsOf(year, zone, days, fast);
  const at = (i: number, minutes: number) =>
    minutes === 0
      ? dayStarts[i]!
      : minutes === 1440
        ? dayStarts[i + 1]!
        : steady[i]
          ? dayStarts[i]! + minutes * 60_000
          : Math.min(Math.max(localInstant(zone, days[i]!, minutes), dayStarts[i]!), dayStarts[i + 1]!);

  const dayFirst = new Int32Array(days.length + 1);
  const bounds: number[] = [];
  days.forEach((d, i) => {
    dayFirst[i] = bounds.length / 2;
    const kind = rules.override(dates[i]!);
    const ranges = kind === 'off' ? [] : kind === 'work' ? rules.workday : rules.week[weekdayIndex(d)]!;
    for (const [from, to] of ranges) {
      // luxon moves a time in a DST gap forward by the gap (02:30 -> 03:30 EDT), which can
      // land after the next range's start; clamping keeps the ranges ascending and disjoint.
      const s = Math.max(at(i, from), bounds[bounds.length - 1] ?? -Infinity);
      const e = at(i, to);
      // A range inside a DST gap (02:00-03:00 on a spring-forward day) has no instants.
      if (e > s) bounds.push(s, e);
    }
  });
  dayFirst[days.length] = bounds.length / 2;

  const n = bounds.length / 2;
  const cum = new Float64Array(n + 1);
  for (let k = 0; k < n; k++) cum[k + 1] = cum[k]! + bounds[2 * k + 1]! - bounds[2 * k]!;
  return {
    year,
    dayStarts,
    dayFirst,
    bounds: Float64Array.from(bounds),
    cum,
    dates,
    start: dayStarts[0]!,
    end: dayStarts[days.length]!,
    total: cum[n]!,
  };
}

/** Number of ranges that start at or before t. */
export function rangesStartedBy(table: YearTable, t: number): number {
  const { bounds } = table;
  let lo = 0;
  let hi = bounds.length / 2;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (bounds[2 * mid]! <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Working ms from the table's start to t (t within the year). */
export function workedBy(table: YearTable, t: number): number {
  const k = rangesStartedBy(table, t);
  if (k === 0) return 0;
  const j = k - 1;
  return table.cum[j]! + Math.min(t, table.bounds[2 * j + 1]!) - table.bounds[2 * j]!;
}

/** The instant at which `worked` ms of the year's working time are done (0 < worked <= total). */
export function instantAfter(table: YearTable, worked: number): number {
  const { cum } = table;
  // Smallest j with cum[j + 1] >= worked: a deadline that ends with a range is its end (18:00).
  let lo = 0;
  let hi = cum.length - 2;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cum[mid + 1]! >= worked) hi = mid;
    else lo = mid + 1;
  }
  return table.bounds[2 * lo]! + worked - cum[lo]!;
}

/** 0-based index of the local day containing t (t within the year). */
export function dayIndex(table: YearTable, t: number): number {
  const { dayStarts } = table;
  let lo = 0;
  let hi = dayStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (dayStarts[mid]! <= t) lo = mid;
    else hi = mid - 1;
  }
  return Math.min(lo, dayStarts.length - 2);
}
