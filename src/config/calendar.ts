/**
 * The `calendar:` section of pledge.config.yml and its per-group override. Working hours are
 * written per day or range of days, e.g. `mon-fri: [09:00-12:00, 13:30-18:00]`.
 */
import { IANAZone } from 'luxon';
import { z } from 'zod';
import { isKnownCountry } from '../calendar-data/holidays';
import { checkRanges, parseDate, parseTimeRange, WEEKDAYS, type TimeRange, type Weekday } from '../domain/calendar';
import type { PathIssue } from './cross-checks';
import { describe } from './issues';
import { blankIsUnset, strict } from './schema-parts';

export type WeekHours = Record<Weekday, TimeRange[]>;

export interface CalendarConfig {
  /** Public holidays (and for CN adjusted working days) come from this country's data. */
  country?: string;
  workingHours: WeekHours;
  /** Hours of an extra working day (调休); default: Monday's. */
  workdayHours?: TimeRange[];
  holidays: string[];
  workdays: string[];
}

/** A group's calendar: fields given replace the global ones; holidays and workdays add to them. */
export interface CalendarOverride {
  timezone?: string;
  /** null: this group follows no country's holidays. */
  country?: string | null;
  workingHours?: WeekHours;
  workdayHours?: TimeRange[];
  holidays?: string[];
  workdays?: string[];
}

/** A day's ranges: a list of "HH:MM-HH:MM", one such text, or `off` / [] for a day off. */
const dayRanges = z
  .preprocess((v) => (v === 'off' || v === null ? [] : typeof v === 'string' ? [v] : v), z.array(z.string()))
  .transform((texts, ctx): TimeRange[] => {
    const ranges: TimeRange[] = [];
    texts.forEach((text, i) => {
      const range = parseTimeRange(text);
      if (typeof range === 'string') ctx.addIssue({ code: 'custom', path: [i], message: range });
      else ranges.push(range);
    });
    if (ranges.length !== texts.length) return z.NEVER;
    const problem = checkRanges(ranges);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
    return ranges;
  });

const DAY_KEYS = `a day (${WEEKDAYS.join(', ')}), a range of days such as mon-fri, or days with commas such as sat,sun`;

/** 'mon-fri' -> [mon ... fri]; 'sat,sun' -> [sat, sun]; undefined when it names no days. */
function daysOf(key: string): Weekday[] | undefined {
  const days: Weekday[] = [];
  for (const part of key.toLowerCase().split(',').map((p) => p.trim())) {
    const [from, to, ...rest] = part.split('-').map((p) => WEEKDAYS.indexOf(p.trim() as Weekday));
    if (from === undefined || from < 0 || rest.length > 0) return undefined;
    const last = to ?? from;
    if (last < from) return undefined;
    days.push(...WEEKDAYS.slice(from, last + 1));
  }
  return days;
}

/** Days left out are days off. Keys naming no day are calendarChecks' to report. */
const workingHours = z
  .record(z.string(), dayRanges, {
    error: (iss) =>
      iss.code === 'invalid_type' && iss.input !== undefined
        ? `expected a mapping of days to hours such as "mon-fri: [09:00-12:00, 13:30-18:00]", got ${describe(iss.input)}`
        : undefined,
  })
  .transform((byKey, ctx): WeekHours => {
    const week: WeekHours = { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };
    for (const [key, ranges] of Object.entries(byKey)) {
      for (const day of daysOf(key) ?? []) week[day] = ranges;
    }
    if (Object.keys(byKey).every((key) => daysOf(key)) && WEEKDAYS.every((d) => week[d].length === 0)) {
      ctx.addIssue({ code: 'custom', message: 'no day has working hours, so no deadline in working time could ever end' });
    }
    return week;
  });

const date = z.string().refine((text) => parseDate(text) !== undefined, {
  error: (iss) => `expected a date as YYYY-MM-DD such as 2026-10-01, got ${describe(iss.input)}`,
});

/** Upper case; 'NONE' says "no country" (to drop the global one in a group). */
const country = z
  .string()
  .refine((v) => ['NONE', 'CN'].includes(v.trim().toUpperCase()) || isKnownCountry(v.trim().toUpperCase()), {
    error: (iss) => `expected a country code such as CN, US or DE (or with a state, DE-BY), or none, got ${describe(iss.input)}`,
  })
  .transform((v) => v.trim().toUpperCase());

/** Mon-Fri 09:00-18:00. */
function defaultHours(): WeekHours {
  const day = () => [{ start: '09:00', end: '18:00' }];
  return { mon: day(), tue: day(), wed: day(), thu: day(), fri: day(), sat: [], sun: [] };
}

export const calendarSchema = strict({
  country: blankIsUnset(country.optional()),
  workingHours: blankIsUnset(workingHours.default(defaultHours)),
  workdayHours: blankIsUnset(dayRanges.optional()),
  holidays: blankIsUnset(z.array(date).default([])),
  workdays: blankIsUnset(z.array(date).default([])),
})
  .transform(({ country, workdayHours, ...rest }): CalendarConfig => ({
    ...rest,
    ...(country && country !== 'NONE' ? { country } : {}),
    ...(workdayHours ? { workdayHours } : {}),
  }));

export const calendarOverrideSchema = strict({
  timezone: blankIsUnset(
    z
      .string()
      .refine((zone) => IANAZone.isValidZone(zone), {
        error: (iss) => `expected an IANA time zone such as Asia/Shanghai or Europe/Berlin, got ${describe(iss.input)}`,
      })
      .optional(),
  ),
  country: blankIsUnset(country.optional()),
  workingHours: blankIsUnset(workingHours.optional()),
  workdayHours: blankIsUnset(dayRanges.optional()),
  holidays: blankIsUnset(z.array(date).optional()),
  workdays: blankIsUnset(z.array(date).optional()),
})
  .transform(({ country, ...rest }): CalendarOverride => {
    const given = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)) as CalendarOverride;
    return country === undefined ? given : { ...given, country: country === 'NONE' ? null : country };
  });

/** The calendar a group works by: the global one with the group's override on top. */
export function effectiveCalendar(
  global: { timezone: string; calendar: CalendarConfig },
  override: CalendarOverride | undefined,
): CalendarConfig & { timezone: string } {
  const base = { timezone: global.timezone, ...global.calendar };
  if (!override) return base;
  const holidays = new Set(override.holidays ?? []);
  const workdays = new Set(override.workdays ?? []);
  const country = override.country === undefined ? base.country : (override.country ?? undefined);
  return {
    timezone: override.timezone ?? base.timezone,
    ...(country ? { country } : {}),
    workingHours: override.workingHours ?? base.workingHours,
    ...((override.workdayHours ?? base.workdayHours) ? { workdayHours: override.workdayHours ?? base.workdayHours } : {}),
    // The group's own dates win over the global lists for the same day.
    holidays: [...base.holidays.filter((d) => !workdays.has(d)), ...holidays],
    workdays: [...base.workdays.filter((d) => !holidays.has(d)), ...workdays],
  };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Checks on the raw YAML (like crossCheck), so that they are reported in the same run as
 * the field errors: day names in workingHours, a day given twice, a date both off and worked.
 */
export function calendarChecks(raw: unknown): PathIssue[] {
  if (!isRecord(raw)) return [];
  const sections: [PathIssue['path'], unknown][] = [[['calendar'], raw.calendar]];
  if (Array.isArray(raw.groups)) raw.groups.forEach((g, i) => isRecord(g) && sections.push([['groups', i, 'calendar'], g.calendar]));
  const issues: PathIssue[] = [];
  for (const [path, section] of sections) {
    if (!isRecord(section)) continue;
    if (isRecord(section.workingHours)) {
      const givenBy = new Map<Weekday, string>();
      for (const key of Object.keys(section.workingHours)) {
        const days = daysOf(key);
        const at = [...path, 'workingHours', key];
        if (!days) issues.push({ path: at, message: `expected ${DAY_KEYS}, got ${describe(key)}` });
        for (const day of days ?? []) {
          const other = givenBy.get(day);
          if (other !== undefined) issues.push({ path: at, message: `gives ${day} again; "${other}" already gives it` });
          givenBy.set(day, key);
        }
      }
    }
    const holidays = new Set(Array.isArray(section.holidays) ? section.holidays.map(String) : []);
    if (Array.isArray(section.workdays)) {
      section.workdays.forEach((d, i) => {
        if (holidays.has(String(d)))
          issues.push({ path: [...path, 'workdays', i], message: `${String(d)} is also listed in holidays; a day is either off or worked` });
      });
    }
  }
  return issues;
}
