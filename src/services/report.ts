/**
 * Reports for supervisors: KPIs for a period, and a reproducible random sample of handled
 * (resolved or rejected) complaints for quality review (the same period, size and seed always pick the same ones).
 */
import { buildReport, type ComplaintFact, type Report, type StageFact } from '../domain/report';
import type { Period } from '../domain/period';
import { weeklySeries, type WeekPoint } from '../domain/report-series';
import { factRows, sampleHandled, type FactRow, type FactScope } from '../db/report';
import type { ServiceDeps } from './deps';

/** `scope` narrows the report to some groups' and people's complaints (`/complaint stats`). */
export async function periodReport(deps: ServiceDeps, period: Period, scope?: FactScope): Promise<Report> {
  return buildReport(await readFacts(deps, period, scope), period, deps.clock.now());
}

/** The weekly on-time and volume series of a period, for the chart, in the team's time zone. */
export async function periodSeries(deps: ServiceDeps, period: Period, scope?: FactScope): Promise<WeekPoint[]> {
  return weeklySeries(await readFacts(deps, period, scope), period, deps.config.timezone, deps.clock.now());
}

/** Both, from one read of the facts (a chart asked for in chat). */
export async function periodReportAndSeries(deps: ServiceDeps, period: Period, scope?: FactScope): Promise<{ report: Report; series: WeekPoint[] }> {
  const facts = await readFacts(deps, period, scope);
  const now = deps.clock.now();
  return { report: buildReport(facts, period, now), series: weeklySeries(facts, period, deps.config.timezone, now) };
}

async function readFacts(deps: ServiceDeps, period: Period, scope?: FactScope): Promise<ComplaintFact[]> {
  return (await factRows(deps.prisma, period.start, period.end, scope)).map((row) => toFact(deps, row));
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
    surveyed: row.surveyed,
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
  status: string;
  channelId: string | null;
  channelTs: string | null;
}

/** A seeded sample of handled complaints (see sampleHandled): the same period, size and seed always pick the same ones. */
export async function qualitySample(deps: ServiceDeps, period: Period, size: number, seed = 1): Promise<SampleItem[]> {
  return sampleHandled(deps.prisma, period.start, period.end, Math.max(0, size), `${period.label}:${seed}:`);
}
