/**
 * The chart's data: per ISO week of a period (in the team's zone), how many complaints were
 * filed and how many of their acknowledge and solution clocks were met on time. A complaint
 * counts in the week it was filed, as in the period report, so the weeks add up to the period.
 */
import { DateTime } from 'luxon';
import type { Period } from './period';
import { metricsFromTotals, totalsOf, type ComplaintFact, type Totals } from './report';

export interface WeekPoint {
  /** ISO week, e.g. "2026-W48". */
  week: string;
  /** The week's Monday, local date "YYYY-MM-DD" (it may fall before the period starts). */
  start: string;
  volume: number;
  acknowledgedOnTimePct: number | null;
  solutionOnTimePct: number | null;
}

const weekLabel = (t: DateTime) => `${t.weekYear}-W${String(t.weekNumber).padStart(2, '0')}`;

/** A week of the period's axis: its label, its Monday, and the instant that Monday begins in the zone. */
export interface PeriodWeek {
  week: string;
  start: string;
  startsAt: Date;
}

/** Every week that overlaps the period, empty weeks included, so the chart's axis has no gaps. */
export function periodWeeks(period: Period, timeZone: string): PeriodWeek[] {
  const first = DateTime.fromJSDate(period.start, { zone: timeZone }).startOf('week');
  const last = DateTime.fromJSDate(new Date(period.end.getTime() - 1), { zone: timeZone }).startOf('week');
  const weeks: PeriodWeek[] = [];
  for (let w = first; w <= last; w = w.plus({ weeks: 1 })) weeks.push({ week: weekLabel(w), start: w.toISODate()!, startsAt: w.toJSDate() });
  return weeks;
}

/** The series from each week's totals (index as in `weeks`; a week without any is empty). */
export function seriesFromTotals(weeks: PeriodWeek[], totals: (Totals | undefined)[]): WeekPoint[] {
  return weeks.map(({ week, start }, i) => {
    const m = metricsFromTotals(totals[i] ?? totalsOf([], new Date(0)));
    return { week, start, volume: m.volume, acknowledgedOnTimePct: m.acknowledgedOnTimePct, solutionOnTimePct: m.solutionOnTimePct };
  });
}

/** The series from one fact per complaint (the rules the database applies, in JavaScript). */
export function weeklySeries(facts: ComplaintFact[], period: Period, timeZone: string, asOf: Date): WeekPoint[] {
  const weeks = periodWeeks(period, timeZone);
  const index = new Map(weeks.map((w, i) => [w.week, i]));
  const lists = weeks.map((): ComplaintFact[] => []);
  for (const f of facts) {
    if (f.filedAt < period.start || f.filedAt >= period.end) continue;
    const i = index.get(weekLabel(DateTime.fromJSDate(f.filedAt, { zone: timeZone })));
    if (i !== undefined) lists[i]!.push(f);
  }
  return seriesFromTotals(weeks, lists.map((list) => totalsOf(list, asOf)));
}
