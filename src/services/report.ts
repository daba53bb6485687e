/**
 * Reports for supervisors: KPIs for a period, and a reproducible random sample of handled
 * (resolved or rejected) complaints for quality review (the same period, size and seed always pick the same ones).
 */
import { DIMENSIONS, reportFromTotals, totalsOf, type ComplaintFact, type Dimension, type Report, type StageFact, type Totals } from '../domain/report';
import type { Status } from '../domain/complaint';
import { wholeMonths, type Period } from '../domain/period';
import { periodWeeks, seriesFromTotals, type WeekPoint } from '../domain/report-series';
import { factRows, periodTotals, reportAndWeeks, sampleHandled, storeWorkingTimes, unmeasuredSolutions, type FactRow, type FactScope, type TotalsRow, type WeekRow } from '../db/report';
import { addUpMonths, readRollup } from '../db/report-rollup';
import type { ServiceDeps } from './deps';

/**
 * `scope` narrows the report to some groups' and people's complaints (`/complaint stats`).
 * The database adds the period up (db/report.ts); only a few dozen rows of totals come back.
 */
export async function periodReport(deps: ServiceDeps, period: Period, scope?: FactScope): Promise<Report> {
  return (await totals(deps, period, { report: true, series: false }, scope)).report!;
}

/** The weekly on-time and volume series of a period, for the chart, in the team's time zone. */
export async function periodSeries(deps: ServiceDeps, period: Period, scope?: FactScope): Promise<WeekPoint[]> {
  return (await totals(deps, period, { report: false, series: true }, scope)).series!;
}

/** Both (a chart asked for in chat), from one reading of the period. */
export async function periodReportAndSeries(deps: ServiceDeps, period: Period, scope?: FactScope): Promise<{ report: Report; series: WeekPoint[] }> {
  const both = await totals(deps, period, { report: true, series: true }, scope);
  return { report: both.report!, series: both.series! };
}

/**
 * The period's report added up from its complaints, never from the kept totals: what every
 * report did before they were kept, for the bench to time beside them.
 */
export async function periodReportCounted(deps: ServiceDeps, period: Period): Promise<Report> {
  return (await totals(deps, period, { report: true, series: false }, undefined, false)).report!;
}

async function totals(
  deps: ServiceDeps,
  period: Period,
  want: { report: boolean; series: boolean },
  scope?: FactScope,
  useKept = true,
): Promise<{ report?: Report; series?: WeekPoint[] }> {
  await measureSolutions(deps, period);
  const now = deps.clock.now();
  const weeks = want.series ? periodWeeks(period, deps.config.timezone) : undefined;
  const asked = { start: period.start, end: period.end, asOf: now, report: want.report, weekStarts: weeks?.map((w) => w.startsAt) };
  const rows = (useKept && !scope && (await keptTotals(deps, period, asked))) || (await periodTotals(deps.prisma, asked, scope));
  const out: { report?: Report; series?: WeekPoint[] } = {};
  if (want.report) {
    const by = Object.fromEntries(DIMENSIONS.map((d) => [d, [] as { key: string; totals: Totals }[]])) as Record<Dimension, { key: string; totals: Totals }[]>;
    let total = totalsOf([], now);
    for (const { dimension, key, ...t } of rows.report) {
      if (dimension === 'total') total = t;
      else by[dimension].push({ key: key ?? '', totals: t });
    }
    out.report = reportFromTotals(period, total, by);
  }
  if (weeks) {
    const perWeek: (Totals | undefined)[] = [];
    for (const { week, ...t } of rows.weeks) perWeek[week] = t;
    out.series = seriesFromTotals(weeks, perWeek);
  }
  return out;
}

/**
 * A month or a quarter of the whole team, from the totals kept per day (db/report-rollup.ts):
 * months not yet added up, or changed since, are added up first. Undefined (add up the
 * complaints instead) for any other period, or when the report's instant comes before something
 * the kept totals rely on (a clock ended after it), or when changes keep coming in between.
 */
async function keptTotals(
  deps: ServiceDeps,
  period: Period,
  asked: { start: Date; end: Date; asOf: Date; report: boolean; weekStarts?: Date[] },
): Promise<{ report: TotalsRow[]; weeks: WeekRow[] } | undefined> {
  const zone = deps.config.timezone;
  const months = wholeMonths(period, zone);
  if (!months) return undefined;
  for (let attempt = 0; attempt < 3; attempt++) {
    const { rows, state } = await readRollup(deps.prisma, { ...asked, zone, months });
    const due = months.filter((m) => !state.kept.includes(m) || state.stale.includes(m));
    if (due.length === 0) {
      if (!state.valid) return undefined;
      return reportAndWeeks(rows);
    }
    await addUpMonths(deps.prisma, zone, due);
  }
  return undefined;
}

/**
 * Working times to solutions that ended before they were stored with the stage (data from an
 * earlier version): measured once here, in the group's calendar, and stored for every later report.
 */
export async function measureSolutions(deps: ServiceDeps, period: Period): Promise<void> {
  const missing = await unmeasuredSolutions(deps.prisma, period.start, period.end);
  const measured = missing.map((d) => ({ id: d.id, workingMs: deps.calendarFor(d.groupId).workingTimeBetween(d.filedAt, d.metAt) }));
  for (let i = 0; i < measured.length; i += 5_000) await storeWorkingTimes(deps.prisma, measured.slice(i, i + 5_000));
}

/**
 * Every complaint of the period as one fact, read into JavaScript: the domain's rules applied
 * outside the database, to check the database's totals against (tests, bench).
 */
export async function periodFacts(deps: ServiceDeps, period: Period, scope?: FactScope): Promise<ComplaintFact[]> {
  return (await factRows(deps.prisma, period.start, period.end, scope, deps.clock.now())).map((row) => toFact(deps, row));
}

export function toFact(deps: ServiceDeps, row: FactRow): ComplaintFact {
  const solution = cancelledOrMet(row, row.solution);
  return {
    reference: row.reference,
    groupId: row.groupId,
    ownerId: row.ownerId,
    category: row.category,
    priority: row.priority,
    status: row.status,
    filedAt: row.filedAt,
    acknowledge: cancelledOrMet(row, row.acknowledge),
    solution,
    solutionWorkingMs: solution?.metAt ? deps.calendarFor(row.groupId).workingTimeBetween(row.filedAt, solution.metAt) : null,
    escalations: row.escalations,
    rating: row.rating,
    ratingBy: row.ratingBy,
    surveyed: row.surveyed,
    pausedMs: Number(row.pausedMs),
    lowRated: row.lowRated,
    reviewed: row.reviewed,
  };
}

/**
 * Rejecting or withdrawing a complaint closes its running clocks by stamping metAt with the
 * closing instant (closeAllClocks), which would read as "met on time". Such a stage was not
 * done, it was called off: it does not count if it was not yet due, and counts as late if it was.
 */
function cancelledOrMet(row: FactRow, clock: StageFact | null): StageFact | null {
  if (!clock) return null;
  const closedUndone = (row.status === 'rejected' || row.status === 'withdrawn') && row.closedAt && clock.metAt?.getTime() === row.closedAt.getTime();
  if (!closedUndone) return clock;
  return clock.dueAt < row.closedAt! ? { dueAt: clock.dueAt, metAt: null, breachedAt: clock.breachedAt ?? clock.dueAt } : null;
}

export interface SampleItem {
  reference: string;
  title: string;
  groupId: string;
  ownerId: string;
  status: Status;
  archivedAt: Date | null;
  channelId: string | null;
  rootMessageId: string | null;
}

/** A seeded sample of handled complaints (see sampleHandled): the same period, size and seed always pick the same ones. */
export async function qualitySample(deps: ServiceDeps, period: Period, size: number, seed = 1): Promise<SampleItem[]> {
  return sampleHandled(deps.prisma, period.start, period.end, Math.max(0, size), `${period.label}:${seed}:`);
}
