import { IANAZone, type Zone } from 'luxon';
import { ordinal, parseDate } from './dates';
import { rangeMinutes } from './hours';
import { WEEKDAYS, type BusinessCalendar, type CalendarSpec, type HolidayTable } from './types';
import {
  buildYearTable,
  dayIndex,
  instantAfter,
  localMidnight,
  rangesStartedBy,
  workedBy,
  type DayRules,
  type YearTable,
} from './year-table';

/** How far a search may go without meeting working time: a calendar without working hours. */
const MAX_IDLE_DAYS = 3660;
const MAX_IDLE_YEARS = 10;

function instant(t: Date, name: string): number {
  const ms = t.getTime();
  if (!Number.isFinite(ms)) throw new RangeError(`Calendar: expected ${name} to be a valid Date, got an Invalid Date`);
  return ms;
}

function checkDates(list: readonly string[], name: string): void {
  for (const date of list) {
    if (!parseDate(date)) throw new Error(`Calendar: expected ${name} to hold dates as YYYY-MM-DD, got ${JSON.stringify(date)}`);
  }
}

/**
 * A calendar over `spec`: the holiday data of `table` with the spec's own holidays and
 * workdays on top (the spec wins). `coveredYears` are the years the data knows; other
 * years count as a plain week and are reported by yearsWithoutData. 'all' when the calendar
 * has no country and so needs no data. Per-year tables are built on first use and cached.
 */
export function buildCalendar(spec: CalendarSpec, table: HolidayTable, coveredYears: readonly number[] | 'all'): BusinessCalendar {
  if (!IANAZone.isValidZone(spec.timeZone)) {
    throw new Error(`Calendar: expected an IANA time zone such as Asia/Shanghai, got ${JSON.stringify(spec.timeZone)}`);
  }
  const week = WEEKDAYS.map((day) => rangeMinutes(spec.workingHours[day], `working hours of ${day}`));
  const workday = rangeMinutes(spec.workdayHours ?? spec.workingHours.mon, 'working hours of extra working days');
  checkDates(spec.holidays, 'holidays');
  checkDates(spec.workdays, 'workdays');
  const clash = spec.holidays.find((d) => spec.workdays.includes(d));
  if (clash) throw new Error(`Calendar: ${clash} is listed both as a holiday and as a working day`);

  const days = new Map<string, 'off' | 'work'>();
  for (const entry of Object.values(table)) {
    for (const d of entry.holidays) days.set(d, 'off');
    for (const d of entry.workdays) days.set(d, 'work');
  }
  for (const d of spec.holidays) days.set(d, 'off');
  for (const d of spec.workdays) days.set(d, 'work');
  const rules: DayRules = { week, workday, override: (date) => days.get(date) };
  return new Calendar(IANAZone.create(spec.timeZone), rules, coveredYears === 'all' ? 'all' : new Set(coveredYears));
}

class Calendar implements BusinessCalendar {
  readonly timeZone: string;
  private readonly years = new Map<number, YearTable>();
  private readonly yearStarts = new Map<number, number>();

  constructor(
    private readonly zone: Zone,
    private readonly rules: DayRules,
    private readonly covered: ReadonlySet<number> | 'all',
  ) {
    this.timeZone = zone.name;
  }

  isWorkingTime(t: Date): boolean {
    const ms = instant(t, 't');
    const table = this.tableAt(ms);
    const k = rangesStartedBy(table, ms);
    return k > 0 && ms < table.bounds[2 * k - 1]!;
  }

  nextWorkingStart(t: Date): Date {
    const ms = instant(t, 't');
    let table = this.tableAt(ms);
    const k = rangesStartedBy(table, ms);
    if (k > 0 && ms < table.bounds[2 * k - 1]!) return new Date(ms);
    if (k < table.bounds.length / 2) return new Date(table.bounds[2 * k]!);
    for (let idle = 0; idle < MAX_IDLE_YEARS; idle++) {
      table = this.table(table.year + 1);
      if (table.bounds.length > 0) return new Date(table.bounds[0]!);
    }
    throw this.noWorkingTime(ms);
  }

  addWorkingTime(start: Date, ms: number): Date {
    const from = instant(start, 'start');
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`Calendar: expected a duration of 0 ms or more, got ${ms}`);
    if (ms === 0) return this.nextWorkingStart(start);
    let table = this.tableAt(from);
    let worked = workedBy(table, from);
    let left = ms;
    for (let idle = 0; idle < MAX_IDLE_YEARS; ) {
      const available = table.total - worked;
      if (left <= available) return new Date(instantAfter(table, worked + left));
      left -= available;
      idle = table.total === 0 ? idle + 1 : 0;
      table = this.table(table.year + 1);
      worked = 0;
    }
    throw this.noWorkingTime(from);
  }

  workingTimeBetween(a: Date, b: Date): number {
    const from = instant(a, 'a');
    const to = instant(b, 'b');
    if (to <= from) return 0;
    let table = this.tableAt(from);
    const last = this.tableAt(to);
    if (table === last) return workedBy(last, to) - workedBy(table, from);
    let sum = table.total - workedBy(table, from);
    while ((table = this.table(table.year + 1)) !== last) sum += table.total;
    return sum + workedBy(last, to);
  }

  endOfNthWorkingDay(start: Date, n: number): Date {
    const from = instant(start, 'start');
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`Calendar: expected a whole number of working days of 1 or more, got ${n}`);
    let table = this.tableAt(from);
    let day = dayIndex(table, from);
    for (let found = 0, idle = 0; idle < MAX_IDLE_DAYS; ) {
      if (++day >= table.dates.length) {
        table = this.table(table.year + 1);
        day = 0;
      }
      const next = table.dayFirst[day + 1]!;
      if (next === table.dayFirst[day]) {
        idle++;
        continue;
      }
      idle = 0;
      if (++found === n) return new Date(table.bounds[2 * next - 1]!);
    }
    throw this.noWorkingTime(from);
  }

  localDate(t: Date): string {
    const ms = instant(t, 't');
    const table = this.tableAt(ms);
    return table.dates[dayIndex(table, ms)]!;
  }

  isWorkingDay(date: string): boolean {
    const parts = parseDate(date);
    if (!parts) throw new RangeError(`Calendar: expected a date as YYYY-MM-DD, got ${JSON.stringify(date)}`);
    const table = this.table(parts.year);
    const i = ordinal(parts);
    return table.dayFirst[i + 1]! > table.dayFirst[i]!;
  }

  yearsWithoutData(from: Date, to: Date): number[] {
    if (this.covered === 'all') return [];
    const missing: number[] = [];
    for (let y = this.yearOf(instant(from, 'from')), last = this.yearOf(instant(to, 'to')); y <= last; y++) {
      if (!this.covered.has(y)) missing.push(y);
    }
    return missing;
  }

  private yearStart(year: number): number {
    let start = this.yearStarts.get(year);
    if (start === undefined) {
      start = localMidnight(this.zone, { year, month: 1, day: 1 });
      this.yearStarts.set(year, start);
    }
    return start;
  }

  /** The local year of an instant: its UTC year, or the one before or after near New Year. */
  private yearOf(ms: number): number {
    const utcYear = new Date(ms).getUTCFullYear();
    if (ms < this.yearStart(utcYear)) return utcYear - 1;
    if (ms >= this.yearStart(utcYear + 1)) return utcYear + 1;
    return utcYear;
  }

  private tableAt(ms: number): YearTable {
    return this.table(this.yearOf(ms));
  }

  private table(year: number): YearTable {
    let table = this.years.get(year);
    if (!table) {
      table = buildYearTable(year, this.zone, this.rules);
      this.years.set(year, table);
    }
    return table;
  }

  private noWorkingTime(ms: number): Error {
    return new Error(
      `Calendar: no working time within ${MAX_IDLE_YEARS} years after ${new Date(ms).toISOString()}; check the working hours, holidays and workdays`,
    );
  }
}
