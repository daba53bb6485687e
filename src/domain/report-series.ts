/**
 * The chart's data: per ISO week of a period (in the team's zone), how many complaints were
 * filed and how many of their acknowledge and solution clocks were met on time. A complaint
 * counts in the week it was filed, as in the period report, so the weeks add up to the period.
 */
import { DateTime } from 'luxon';
import type { Period } from './period';
import { metrics, type ComplaintFact } from './report';

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

/** Every week that overlaps the period, empty weeks included, so the chart's axis has no gaps. */
export function weeklySeries(facts: ComplaintFact[], period: Period, timeZone: string, asOf: Date): WeekPoint[] {
  const first = DateTime.fromJSDate(period.start, { zone: timeZone }).startOf('week');
  const last = DateTime.fromJSDate(new Date(period.end.getTime() - 1), { zone: timeZone }).startOf('week');
  const weeks = new Map<string, { start: string; facts: ComplaintFact[] }>();
  for (let w = first; w <= last; w = w.plus({ weeks: 1 })) weeks.set(weekLabel(w), { start: w.toISODate()!, facts: [] });
  for (const f of facts) {
    if (f.filedAt < period.start || f.filedAt >= period.end) continue;
    weeks.get(weekLabel(DateTime.fromJSDate(f.filedAt, { zone: timeZone })))?.facts.push(f);
  }
  return [...weeks.entries()].map(([week, { start, facts: list }]) => {
    const m = metrics(list, asOf);
    return { week, start, volume: m.volume, acknowledgedOnTimePct: m.acknowledgedOnTimePct, solutionOnTimePct: m.solutionOnTimePct };
  });
}
