/**
 * Properties of the business calendar over many random instants (a seeded generator, so a
 * failure repeats), and its zone math checked against Intl, which shares no code with it.
 */
import { IANAZone } from 'luxon';
import { describe, expect, it } from 'vitest';
import { loadHolidayTable } from '../../src/calendar-data/holidays';
import { buildCalendar, clockMinutes, type BusinessCalendar, type CalendarSpec, type TimeRange } from '../../src/domain/calendar';
import { buildYearTable } from '../../src/domain/calendar/year-table';

/** mulberry32: small, seeded, good enough to scatter instants. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const LUNCH: TimeRange[] = [
  { start: '09:00', end: '12:00' },
  { start: '13:30', end: '18:00' },
];
const DAY = 86_400_000;
const FROM = Date.UTC(2025, 11, 1);
const TO = Date.UTC(2027, 1, 1);

function spec(timeZone: string, extra: Partial<CalendarSpec> = {}): CalendarSpec {
  return {
    timeZone,
    workingHours: { mon: LUNCH, tue: LUNCH, wed: LUNCH, thu: LUNCH, fri: LUNCH, sat: [{ start: '10:00', end: '12:00' }], sun: [] },
    holidays: ['2026-12-24'],
    workdays: ['2026-12-27'],
    ...extra,
  };
}

const cnData = loadHolidayTable({ country: 'CN', years: [2025, 2026, 2027] });
const usData = loadHolidayTable({ country: 'US', years: [2025, 2026, 2027] });
const cases: [string, BusinessCalendar, CalendarSpec, ReadonlySet<string>, ReadonlySet<string>][] = [
  ['Asia/Shanghai with CN data', cnData],
  ['America/New_York with US data', usData],
  ['Australia/Lord_Howe (30-minute DST)', { table: {}, coveredYears: 'all' as const }],
].map(([name, data]) => {
  const d = data as { table: Record<number, { holidays: readonly string[]; workdays: readonly string[] }>; coveredYears: number[] | 'all' };
  const s = spec((name as string).split(' ')[0]!);
  const holidays = new Set([...Object.values(d.table).flatMap((y) => y.holidays), ...s.holidays].filter((x) => !s.workdays.includes(x)));
  const workdays = new Set([...Object.values(d.table).flatMap((y) => y.workdays), ...s.workdays].filter((x) => !s.holidays.includes(x)));
  return [name as string, buildCalendar(s, d.table, d.coveredYears), s, holidays, workdays];
});

/** Intl's wall-clock reading of t in the zone, as the UTC fields of a time (t plus the zone's offset at t). */
const formats = new Map<string, Intl.DateTimeFormat>();
function wallClock(t: number, timeZone: string): number {
  let format = formats.get(timeZone);
  if (!format) {
    const options = { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' } as const;
    format = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', ...options });
    formats.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(new Date(t)).map((p) => [p.type, Number(p.value)]));
  return Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!) + (t % 1000);
}

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

/** A spec's working hours as minutes of the day, read once per spec (the counts ask millions of times). */
const minutesOf = new WeakMap<CalendarSpec, Record<keyof CalendarSpec['workingHours'], [number, number][]>>();
function workingMinutes(s: CalendarSpec) {
  let ranges = minutesOf.get(s);
  if (!ranges) {
    const day = (rs: readonly TimeRange[]) => rs.map((r): [number, number] => [clockMinutes(r.start)!, clockMinutes(r.end, true)!]);
    ranges = Object.fromEntries(Object.entries(s.workingHours).map(([d, rs]) => [d, day(rs)])) as Record<keyof CalendarSpec['workingHours'], [number, number][]>;
    minutesOf.set(s, ranges);
  }
  return ranges;
}

/** Whether a wall-clock reading (wallClock's) is working time, by the spec alone. */
function workingAt(wall: number, s: CalendarSpec, holidays: ReadonlySet<string>, workdays: ReadonlySet<string>): boolean {
  const w = new Date(wall);
  const date = w.toISOString().slice(0, 10);
  const minute = w.getUTCHours() * 60 + w.getUTCMinutes() + w.getUTCSeconds() / 60;
  const hours = workingMinutes(s);
  const ranges = holidays.has(date) ? [] : workdays.has(date) ? hours.mon : hours[WEEKDAYS[w.getUTCDay()]!];
  return ranges.some(([start, end]) => start <= minute && minute < end);
}

/** Whether t is working time, from Intl's wall-clock reading of t and the spec alone. */
function oracle(t: number, s: CalendarSpec, holidays: ReadonlySet<string>, workdays: ReadonlySet<string>): boolean {
  return workingAt(wallClock(t, s.timeZone), s, holidays, workdays);
}

const QUARTER_HOUR = 900_000;

/**
 * Working minutes in [a, b) (whole minutes), counted one minute at a time by the oracle. Intl is
 * read at both ends of each UTC quarter hour: where the zone's offset is the same at both, it is
 * the same all through (offsets change months apart), so each minute's wall clock is the minute
 * plus that offset; where they differ, Intl is read at every minute. Same count, far fewer reads.
 */
function oracleMinutes(a: number, b: number, s: CalendarSpec, holidays: ReadonlySet<string>, workdays: ReadonlySet<string>): number {
  let minutes = 0;
  for (let q = a - (a % QUARTER_HOUR); q < b; q += QUARTER_HOUR) {
    const from = Math.max(a, q);
    const last = Math.min(b, q + QUARTER_HOUR) - 60_000;
    if (last < from) continue;
    const offset = wallClock(from, s.timeZone) - from;
    const steady = wallClock(last, s.timeZone) - last === offset;
    for (let t = from; t <= last; t += 60_000) if (workingAt(steady ? t + offset : wallClock(t, s.timeZone), s, holidays, workdays)) minutes++;
  }
  return minutes;
}

describe.each(cases)('%s', (_, calendar, s, holidays, workdays) => {
  const next = random(20261128);
  const instant = () => FROM + Math.floor(next() * (TO - FROM) / 1000) * 1000;

  it('agrees with an Intl wall-clock reading at 3000 random instants', () => {
    for (let i = 0; i < 3000; i++) {
      const t = instant();
      expect(calendar.isWorkingTime(new Date(t)), new Date(t).toISOString()).toBe(oracle(t, s, holidays, workdays));
    }
  });

  it('agrees with a minute-by-minute count over random spans and over DST changes', () => {
    const zone = IANAZone.create(s.timeZone);
    const changes: number[] = [];
    for (let day = Date.UTC(2026, 0, 1); day < Date.UTC(2027, 0, 1); day += DAY) {
      // Offsets change months apart: a day that ends on the offset it began with has no change in it.
      if (zone.offset(day) === zone.offset(day + DAY)) continue;
      for (let t = day; t < day + DAY; t += 1_800_000) {
        if (zone.offset(t) !== zone.offset(t + 1_800_000)) changes.push(t - 2 * DAY, t - 2 * DAY + 4 * DAY);
      }
    }
    const spans: number[][] = [];
    for (let i = 0; i < changes.length; i += 2) spans.push([changes[i]!, changes[i + 1]!]);
    for (let i = 0; i < 30; i++) {
      const a = Math.floor(instant() / 60_000) * 60_000;
      spans.push([a, a + Math.floor((next() * 4 * DAY) / 60_000) * 60_000]);
    }
    for (const [a, b] of spans as [number, number][]) {
      expect(calendar.workingTimeBetween(new Date(a), new Date(b))).toBe(oracleMinutes(a, b, s, holidays, workdays) * 60_000);
    }
  });

  it('addWorkingTime undoes workingTimeBetween, and the other way round', () => {
    for (let i = 0; i < 2000; i++) {
      const [a, b] = [instant(), instant()].sort((x, y) => x - y) as [number, number];
      const worked = calendar.workingTimeBetween(new Date(a), new Date(b));
      const end = calendar.addWorkingTime(new Date(a), worked);
      if (calendar.isWorkingTime(new Date(b))) expect(end.getTime()).toBe(b);
      expect(calendar.workingTimeBetween(new Date(a), end)).toBe(worked);
      const ms = Math.floor(next() * 40 * 3_600_000);
      expect(calendar.workingTimeBetween(new Date(a), calendar.addWorkingTime(new Date(a), ms))).toBe(ms);
    }
  });

  it('adds up across a middle instant', () => {
    for (let i = 0; i < 1000; i++) {
      const [a, m, b] = [instant(), instant(), instant()].sort((x, y) => x - y) as [number, number, number];
      const whole = calendar.workingTimeBetween(new Date(a), new Date(b));
      expect(calendar.workingTimeBetween(new Date(a), new Date(m)) + calendar.workingTimeBetween(new Date(m), new Date(b))).toBe(whole);
    }
  });

  it('ends the nth working day at the close of a working day after the start day', () => {
    for (let i = 0; i < 500; i++) {
      const start = new Date(instant());
      const n = 1 + Math.floor(next() * 7);
      const due = calendar.endOfNthWorkingDay(start, n);
      const dueDate = calendar.localDate(new Date(due.getTime() - 1));
      expect(calendar.isWorkingDay(dueDate)).toBe(true);
      expect(calendar.isWorkingTime(new Date(due.getTime() - 1))).toBe(true);
      // Exactly n working days after the start day, up to and including the due day.
      let count = 0;
      for (let t = start.getTime(), seen = calendar.localDate(start); ; t += 3_600_000) {
        const d = calendar.localDate(new Date(t));
        if (d === seen) continue;
        seen = d;
        if (calendar.isWorkingDay(d)) count++;
        if (d === dueDate) break;
      }
      expect(count).toBe(n);
    }
  });
});

describe('per-year tables', () => {
  const all = [[0, 1440]] as [number, number][];
  const rules = { week: [all, all, all, all, all, all, all], workday: all, override: () => undefined };
  it.each([
    ['America/New_York', 2026],
    ['America/Havana', 2026], // clocks go back across midnight: 00:00 happens twice
    ['America/Santiago', 2026], // clocks change at midnight
    ['Australia/Lord_Howe', 2026], // 30-minute DST
    ['Pacific/Apia', 2011], // 2011-12-30 never happened
    ['Asia/Shanghai', 2026],
  ])('%s %i: one offset a day gives what asking luxon for every time gives', (zoneName, year) => {
    const zone = IANAZone.create(zoneName);
    const fast = buildYearTable(year, zone, rules);
    const exact = buildYearTable(year, zone, rules, { fast: false });
    expect([...fast.bounds]).toEqual([...exact.bounds]);
    expect([...fast.dayStarts]).toEqual([...exact.dayStarts]);
    expect(fast.total).toBe(fast.end - fast.start);
  });
});
