/**
 * KPI reports: timeliness, resolution and satisfaction per group, owner, category and
 * priority. The rules of what counts are here, on one fact row per complaint (totalsOf); the
 * service has the database apply them and add up (db/report.ts), and derives the rates from its
 * totals with the same metricsFromTotals. Pure; the numbers are checked against a hand count in
 * test/unit/report.test.ts and, through the database, in test/integration/report.test.ts.
 */
import type { Priority, RecordedBy, Status } from './complaint';

export interface StageFact {
  dueAt: Date;
  metAt: Date | null;
  breachedAt: Date | null;
}

export interface ComplaintFact {
  reference: string;
  groupId: string;
  ownerId: string;
  category: string;
  priority: Priority;
  status: Status;
  filedAt: Date;
  acknowledge: StageFact | null;
  solution: StageFact | null;
  /** Working time from filing to the proposed solution, if there is one. */
  solutionWorkingMs: number | null;
  escalations: number;
  rating: number | null;
  /** Whether the rating is the complainant's own (in chat) or staff's record of it (a call). */
  ratingBy: RecordedBy | null;
  surveyed: boolean;
  /** Time its clocks stood still while the complainant was asked (elapsed ms, up to the report's instant). */
  pausedMs: number;
  /** Rated at or below survey.reviewAt (回访不满意): put before the leader for review. */
  lowRated: boolean;
  /** ... and the leader answered that review (reopened or confirmed), rather than letting it lapse. */
  reviewed: boolean;
}

export interface Metrics {
  volume: number;
  acknowledgedOnTimePct: number | null;
  solutionOnTimePct: number | null;
  resolutionRatePct: number | null;
  rejectionRatePct: number | null;
  meanSolutionWorkingHours: number | null;
  p90SolutionWorkingHours: number | null;
  escalations: number;
  averageSatisfaction: number | null;
  responseRatePct: number | null;
  /** Ratings given by the complainant themselves, and ratings staff recorded for them. */
  ratingsFromComplainant: number;
  ratingsRecordedByStaff: number;
  /** Hours the clocks stood still waiting on complainants (sla.maxPause bounds each wait). */
  pausedHours: number;
  /** Complaints rated low enough to be put before the leader (回访不满意), and of those, reviewed. */
  lowRated: number;
  reviewed: number;
}

export const DIMENSIONS = ['group', 'owner', 'category', 'priority'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export interface Report {
  period: { label: string; start: Date; end: Date };
  total: Metrics;
  by: Record<Dimension, { key: string; metrics: Metrics }[]>;
}

const pct = (n: number, d: number) => (d === 0 ? null : Math.round((1000 * n) / d) / 10);
const hours = (ms: number) => Math.round(ms / 360_000) / 10;

/**
 * What a report counts for one row (a group, an owner, a week, or the whole period): counts
 * and sums a database can add up, from which metricsFromTotals derives the rates. The rules of
 * what counts are totalsOf's below; db/report.ts applies the same rules in SQL.
 */
export interface Totals {
  volume: number;
  /** Stages decided (met, or due by the report's instant) and, of those, met on time. */
  acknowledgeDecided: number;
  acknowledgeOnTime: number;
  solutionDecided: number;
  solutionOnTime: number;
  resolved: number;
  rejected: number;
  /** Complaints with a solution, the sum of their working times to it, and its 90th percentile. */
  solved: number;
  solvedMs: number;
  solvedP90Ms: number | null;
  escalations: number;
  rated: number;
  ratingSum: number;
  resolvedSurveyed: number;
  /** Ratings the complainant gave themselves, and those staff recorded for them. */
  ratedByComplainant: number;
  ratedByStaff: number;
  /** Time the clocks stood still waiting on complainants. */
  pausedMs: number;
  lowRated: number;
  reviewed: number;
}

/** Decided: met, or still running past its due time. On time: met by its due time, never breached. */
const decided = (s: StageFact | null, asOf: Date) => !!s && (s.metAt !== null || s.dueAt <= asOf);
const onTime = (s: StageFact | null) => !!s && !!s.metAt && s.metAt <= s.dueAt && !s.breachedAt;

/** Nearest-rank percentile: the smallest value with at least p of the values at or below it. */
export function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]!;
}

export function totalsOf(facts: ComplaintFact[], asOf: Date): Totals {
  const solved = facts.map((f) => f.solutionWorkingMs).filter((v): v is number => v !== null);
  // The status is the outcome; archiving is recorded beside it and changes no count here.
  const resolved = facts.filter((f) => f.status === 'resolved');
  const ratings = facts.map((f) => f.rating).filter((r): r is number => r !== null);
  const count = (test: (f: ComplaintFact) => boolean) => facts.filter(test).length;
  return {
    volume: facts.length,
    acknowledgeDecided: count((f) => decided(f.acknowledge, asOf)),
    acknowledgeOnTime: count((f) => onTime(f.acknowledge)),
    solutionDecided: count((f) => decided(f.solution, asOf)),
    solutionOnTime: count((f) => onTime(f.solution)),
    resolved: resolved.length,
    rejected: count((f) => f.status === 'rejected'),
    solved: solved.length,
    solvedMs: solved.reduce((a, b) => a + b, 0),
    solvedP90Ms: percentile(solved, 0.9),
    escalations: facts.reduce((n, f) => n + f.escalations, 0),
    rated: ratings.length,
    ratingSum: ratings.reduce((a, b) => a + b, 0),
    resolvedSurveyed: resolved.filter((f) => f.surveyed).length,
    ratedByComplainant: count((f) => f.rating !== null && f.ratingBy === 'complainant'),
    ratedByStaff: count((f) => f.rating !== null && f.ratingBy === 'staff'),
    pausedMs: facts.reduce((n, f) => n + f.pausedMs, 0),
    lowRated: count((f) => f.lowRated),
    reviewed: count((f) => f.lowRated && f.reviewed),
  };
}

export function metricsFromTotals(t: Totals): Metrics {
  return {
    volume: t.volume,
    acknowledgedOnTimePct: pct(t.acknowledgeOnTime, t.acknowledgeDecided),
    solutionOnTimePct: pct(t.solutionOnTime, t.solutionDecided),
    resolutionRatePct: pct(t.resolved, t.volume),
    rejectionRatePct: pct(t.rejected, t.volume),
    meanSolutionWorkingHours: t.solved ? hours(t.solvedMs / t.solved) : null,
    p90SolutionWorkingHours: t.solvedP90Ms === null ? null : hours(t.solvedP90Ms),
    escalations: t.escalations,
    averageSatisfaction: t.rated ? Math.round((100 * t.ratingSum) / t.rated) / 100 : null,
    responseRatePct: pct(t.resolvedSurveyed, t.resolved),
    ratingsFromComplainant: t.ratedByComplainant,
    ratingsRecordedByStaff: t.ratedByStaff,
    pausedHours: hours(t.pausedMs),
    lowRated: t.lowRated,
    reviewed: t.reviewed,
  };
}

export function metrics(facts: ComplaintFact[], asOf: Date): Metrics {
  return metricsFromTotals(totalsOf(facts, asOf));
}

/** A report from totals already grouped (by the database): rows sorted by key, as buildReport's. */
export function reportFromTotals(period: Report['period'], total: Totals, by: Record<Dimension, { key: string; totals: Totals }[]>): Report {
  const rows = {} as Report['by'];
  for (const dimension of DIMENSIONS) {
    rows[dimension] = [...by[dimension]].sort((a, b) => a.key.localeCompare(b.key)).map(({ key, totals }) => ({ key, metrics: metricsFromTotals(totals) }));
  }
  return { period, total: metricsFromTotals(total), by: rows };
}

const keyOf: Record<Dimension, (f: ComplaintFact) => string> = {
  group: (f) => f.groupId,
  owner: (f) => f.ownerId,
  category: (f) => f.category,
  priority: (f) => f.priority,
};

export function buildReport(facts: ComplaintFact[], period: Report['period'], asOf: Date): Report {
  const by = {} as Report['by'];
  for (const dimension of DIMENSIONS) {
    const groups = new Map<string, ComplaintFact[]>();
    for (const f of facts) {
      // Push, never copy: copying the list per complaint made 110k complaints take minutes.
      const key = keyOf[dimension](f);
      const list = groups.get(key);
      if (list) list.push(f);
      else groups.set(key, [f]);
    }
    by[dimension] = [...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([key, list]) => ({ key, metrics: metrics(list, asOf) }));
  }
  return { period, total: metrics(facts, asOf), by };
}
