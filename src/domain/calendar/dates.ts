/** Gregorian date arithmetic on 'YYYY-MM-DD' strings: no time zone involved. */

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export const isLeapYear = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

export const daysInYear = (year: number) => (isLeapYear(year) ? 366 : 365);

export function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : MONTH_DAYS[month - 1]!;
}

export interface DateParts {
  year: number;
  month: number;
  day: number;
}

/** The parts of a valid 'YYYY-MM-DD', else undefined (rejects 2026-02-30 and 2026-2-3). */
export function parseDate(text: string): DateParts | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return undefined;
  const parts = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  if (parts.month < 1 || parts.month > 12 || parts.day < 1 || parts.day > daysInMonth(parts.year, parts.month)) return undefined;
  return parts;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

export const formatDate = ({ year, month, day }: DateParts) => `${pad(year, 4)}-${pad(month)}-${pad(day)}`;

/** 0-based day of the year. */
export function ordinal({ year, month, day }: DateParts): number {
  let n = day - 1;
  for (let m = 1; m < month; m++) n += daysInMonth(year, m);
  return n;
}

/** 0 = Monday ... 6 = Sunday, the order of WEEKDAYS. */
export function weekdayIndex({ year, month, day }: DateParts): number {
  return (new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 6) % 7;
}

/** Every date of a year in order. */
export function datesOfYear(year: number): DateParts[] {
  const out: DateParts[] = [];
  for (let month = 1; month <= 12; month++) {
    for (let day = 1, n = daysInMonth(year, month); day <= n; day++) out.push({ year, month, day });
  }
  return out;
}
