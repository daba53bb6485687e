import type { TimeRange } from './types';

/** Minutes since local midnight of 'HH:MM' (00:00-23:59, or 24:00 when `end`), else undefined. */
export function clockMinutes(text: string, end = false): number | undefined {
  const m = /^(\d{2}):(\d{2})$/.exec(text);
  if (!m) return undefined;
  const hours = Number(m[1]);
  const minutes = Number(m[2]);
  if (minutes > 59) return undefined;
  if (hours < 24) return hours * 60 + minutes;
  return end && hours === 24 && minutes === 0 ? 1440 : undefined;
}

/** '9:00' -> '09:00', so that people may leave out a leading zero. */
const padHour = (time: string) => (/^\d:\d\d$/.test(time) ? `0${time}` : time);

/** '09:00-12:00' -> { start: '09:00', end: '12:00' }; an error message when it is not that. */
export function parseTimeRange(text: string): TimeRange | string {
  const parts = text.split('-').map((p) => padHour(p.trim()));
  const [start, end] = parts;
  if (parts.length !== 2 || start === undefined || end === undefined) {
    return `expected a time range such as "09:00-12:00", got ${JSON.stringify(text)}`;
  }
  const range = { start, end };
  return checkRanges([range]) ?? range;
}

/**
 * Why a day's ranges cannot be used, or undefined when they can: each 'HH:MM-HH:MM' with
 * start before end, ascending and not overlapping. Touching ranges are allowed.
 */
export function checkRanges(ranges: readonly TimeRange[]): string | undefined {
  let previousEnd = -1;
  for (const { start, end } of ranges) {
    const label = `"${start}-${end}"`;
    const from = clockMinutes(start);
    const to = clockMinutes(end, true);
    if (from === undefined || to === undefined) {
      return `expected times as HH:MM from 00:00 to 24:00 such as "09:00-12:00", got ${label}`;
    }
    if (from >= to) {
      return `${label} ends before it starts; a range cannot cross midnight (write a night shift as two days' ranges)`;
    }
    if (from < previousEnd) return `${label} overlaps or comes before the range before it; list ranges in order, without overlaps`;
    previousEnd = to;
  }
  return undefined;
}

/** Minutes [start, end) pairs of a day's ranges; throws when they are unusable. */
export function rangeMinutes(ranges: readonly TimeRange[], where: string): [number, number][] {
  const problem = checkRanges(ranges);
  if (problem) throw new Error(`Calendar: ${where}: ${problem}`);
  return ranges.map((r) => [clockMinutes(r.start)!, clockMinutes(r.end, true)!]);
}
