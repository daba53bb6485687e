/**
 * The business calendar of the whole team or of one group, from pledge.config.yml and the
 * holiday data. Built at start-up; `now` is passed in because nothing here reads the clock.
 */
import { effectiveCalendar, type CalendarConfig, type CalendarOverride } from '../config/calendar';
import { buildCalendar, type BusinessCalendar } from '../domain/calendar';
import { loadHolidayTable } from './holidays';

export interface CalendarSource {
  timezone: string;
  calendar: CalendarConfig;
  groups: readonly { id: string; calendar?: CalendarOverride }[];
}

export interface BuiltCalendar {
  calendar: BusinessCalendar;
  /** Years from now to now + horizon that the holiday data does not cover: warn about them. */
  missingYears: number[];
  country?: string;
}

/** Deadlines reach at most weeks ahead; a year further off is not worth a warning yet. */
const HORIZON_DAYS = 60;

export function calendarFor(
  config: CalendarSource,
  groupId: string | undefined,
  now: Date,
  { horizonDays = HORIZON_DAYS }: { horizonDays?: number } = {},
): BuiltCalendar {
  const group = groupId === undefined ? undefined : config.groups.find((g) => g.id === groupId);
  if (groupId !== undefined && !group) throw new Error(`Calendar: no group with id ${JSON.stringify(groupId)}`);
  const settings = effectiveCalendar(config, group?.calendar);
  const year = now.getUTCFullYear();
  // One year either side of the UTC year covers the local year at any zone's New Year.
  const { table, coveredYears } = loadHolidayTable({
    ...(settings.country ? { country: settings.country } : {}),
    years: [year - 1, year, year + 1, year + 2],
  });
  const calendar = buildCalendar(
    {
      timeZone: settings.timezone,
      workingHours: settings.workingHours,
      ...(settings.workdayHours ? { workdayHours: settings.workdayHours } : {}),
      holidays: settings.holidays,
      workdays: settings.workdays,
    },
    table,
    coveredYears,
  );
  const horizon = new Date(now.getTime() + horizonDays * 86_400_000);
  return { calendar, missingYears: calendar.yearsWithoutData(now, horizon), ...(settings.country ? { country: settings.country } : {}) };
}

export interface TeamCalendars {
  /** The group's calendar, or the global one for an unknown or absent group. */
  calendarFor(groupId?: string): BusinessCalendar;
  /** One line per calendar whose holiday data misses a year soon needed; empty when all is covered. */
  warnings: string[];
}

/**
 * Every calendar the team needs, built once: the global one and one per group that overrides
 * it. The warnings are for the start-up log and the supervisors' App Home.
 */
export function teamCalendars(config: CalendarSource, now: Date): TeamCalendars {
  const global = calendarFor(config, undefined, now);
  const byGroup = new Map<string, BuiltCalendar>();
  const labelled: [string, BuiltCalendar][] = [['calendar', global]];
  config.groups.forEach((g, i) => {
    if (!g.calendar) return;
    const built = calendarFor(config, g.id, now);
    byGroup.set(g.id, built);
    labelled.push([`groups[${i}].calendar`, built]);
  });
  const warnings: string[] = [];
  for (const [label, built] of labelled) {
    if (built.missingYears.length === 0) continue;
    warnings.push(
      `${label}: no ${built.country} holiday data for ${built.missingYears.join(', ')}; days there count as a plain week (${built.calendar.timeZone}). ` +
        'Update the holiday package, or list that year in calendar.holidays and calendar.workdays.',
    );
  }
  return { calendarFor: (groupId) => (groupId === undefined ? undefined : byGroup.get(groupId))?.calendar ?? global.calendar, warnings };
}
