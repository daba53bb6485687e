/**
 * Holiday data for the business calendar, read once at start-up into a per-year table.
 * CN comes from chinese-days (State Council arrangements, adjusted working days included);
 * every other country from date-holidays. Only date strings are taken from either library:
 * no Date passes through them, so the server's time zone cannot shift a day.
 */
import { createRequire } from 'node:module';
import type DateHolidays from 'date-holidays';
import { formatDate, parseDate, type HolidayTable } from '../domain/calendar';

export interface LoadedHolidays {
  table: HolidayTable;
  /** Years the data knows (all of them without a country); other years count as a plain week. */
  coveredYears: number[] | 'all';
  /** Requested years without data: to be flagged (start-up warning, App Home), never guessed. */
  missingYears: number[];
}

const DAY_MS = 86_400_000;
const require = createRequire(import.meta.url);

let holidaysClass: typeof DateHolidays | undefined;
/** date-holidays takes ~0.1 s to import; only a config that names a country pays for it. */
function Holidays(): typeof DateHolidays {
  // Its CommonJS build exports the class itself.
  holidaysClass ??= require('date-holidays') as typeof DateHolidays;
  return holidaysClass;
}

/** 'CN', 'US' or a country with a state as date-holidays knows it ('DE-BY'); upper case. */
export function isKnownCountry(code: string): boolean {
  const [country, state, ...rest] = code.split('-');
  if (!country || rest.length > 0) return false;
  const holidays = new (Holidays())();
  if (!(country in holidays.getCountries())) return false;
  return state === undefined || state in (holidays.getStates(country) ?? {});
}

export function loadHolidayTable({ country, years }: { country?: string; years: readonly number[] }): LoadedHolidays {
  const wanted = [...new Set(years)].sort((a, b) => a - b);
  if (!country) return { table: {}, coveredYears: 'all', missingYears: [] };
  if (country === 'CN') return fromChineseDays(wanted);
  return fromDateHolidays(country, wanted);
}

interface ChineseDaysJson {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

let chineseDays: ChineseDaysJson | undefined;

/**
 * chinese-days' documented JSON (dates -> "English,中文,n"). Its functions are not used: they
 * parse dates in the server's zone and answer plain Mon-Fri for a year they have no data for.
 */
function readChineseDays(): ChineseDaysJson {
  if (chineseDays) return chineseDays;
  const data: unknown = require('chinese-days/dist/chinese-days.json');
  const isMap = (v: unknown): v is Record<string, string> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (typeof data !== 'object' || data === null || !isMap((data as ChineseDaysJson).holidays) || !isMap((data as ChineseDaysJson).workdays)) {
    throw new Error('chinese-days/dist/chinese-days.json no longer has { holidays, workdays } maps; check the installed chinese-days version');
  }
  chineseDays = data as ChineseDaysJson;
  return chineseDays;
}

function fromChineseDays(years: number[]): LoadedHolidays {
  const data = readChineseDays();
  const table: HolidayTable = {};
  const byYear = (map: Record<string, string>, year: number) =>
    Object.keys(map)
      .filter((d) => d.startsWith(`${year}-`) && parseDate(d))
      .sort();
  for (const year of years) {
    const holidays = byYear(data.holidays, year);
    // Every year has public holidays: a year without any is one the package does not know yet.
    if (holidays.length > 0) table[year] = { holidays, workdays: byYear(data.workdays, year) };
  }
  return split(table, years);
}

function fromDateHolidays(code: string, years: number[]): LoadedHolidays {
  if (!isKnownCountry(code)) {
    throw new Error(`Holiday data: date-holidays does not know country ${JSON.stringify(code)}; expected a code such as US, DE or DE-BY`);
  }
  const [country, state] = code.split('-') as [string, string | undefined];
  const H = Holidays();
  const holidays = state ? new H(country, state) : new H(country);
  const table: HolidayTable = {};
  for (const year of years) {
    const days = new Set<string>();
    for (const h of holidays.getHolidays(year)) {
      // Half days ("2026-12-24 12:00:00") are not whole days off; list them in calendar.holidays if they are.
      if (h.type !== 'public' || h.date.slice(11, 19) !== '00:00:00') continue;
      const first = parseDate(h.date.slice(0, 10));
      if (!first) continue;
      // Multi-day holidays (Eid over three days) span end - start; the date string is their first local day.
      const length = Math.max(1, Math.round((h.end.getTime() - h.start.getTime()) / DAY_MS));
      for (let i = 0; i < length; i++) {
        days.add(formatDate(dayAfter(first, i)));
      }
    }
    table[year] = { holidays: [...days].sort(), workdays: [] };
  }
  return split(table, years);
}

function dayAfter(date: { year: number; month: number; day: number }, n: number) {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + n));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

function split(table: HolidayTable, years: number[]): LoadedHolidays {
  return {
    table,
    coveredYears: years.filter((y) => table[y] !== undefined),
    missingYears: years.filter((y) => table[y] === undefined),
  };
}
