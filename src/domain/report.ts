/**
 * KPI reports: timeliness, resolution and satisfaction per group, owner, category and
 * priority, computed from one fact row per complaint. Pure; the numbers are checked against a
 * hand count in test/unit/report.test.ts.
 */
import type { Priority, Status } from './complaint';

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
  surveyed: boolean;
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
}

export const DIMENSIONS = ['group', 'owner', 'category', 'priority'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export interface Report {
  period: { label: string; start: Date; end: Date };
  total: Metrics;
  by: Record<Dimension, { key: string; metrics: Metrics }[]>;
}

const RESOLVED: readonly Status[] = ['resolved', 'archived'];
const pct = (n: number, d: number) => (d === 0 ? null : Math.round((1000 * n) / d) / 10);
const hours = (ms: number) => Math.round(ms / 360_000) / 10;

/** On time: met, and met by its due time. Undecided (still running, not yet due) stages are left out. */
function onTime(stages: (StageFact | null)[], asOf: Date): number | null {
  const decided = stages.filter((s): s is StageFact => !!s && (s.metAt !== null || s.dueAt <= asOf));
  return pct(decided.filter((s) => s.metAt && s.metAt <= s.dueAt && !s.breachedAt).length, decided.length);
}

/** Nearest-rank percentile: the smallest value with at least p of the values at or below it. */
export function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]!;
}

export function metrics(facts: ComplaintFact[], asOf: Date): Metrics {
  const solved = facts.map((f) => f.solutionWorkingMs).filter((v): v is number => v !== null);
  const resolved = facts.filter((f) => RESOLVED.includes(f.status));
  const ratings = facts.map((f) => f.rating).filter((r): r is number => r !== null);
  return {
    volume: facts.length,
    acknowledgedOnTimePct: onTime(facts.map((f) => f.acknowledge), asOf),
    solutionOnTimePct: onTime(facts.map((f) => f.solution), asOf),
    resolutionRatePct: pct(resolved.length, facts.length),
    rejectionRatePct: pct(facts.filter((f) => f.status === 'rejected').length, facts.length),
    meanSolutionWorkingHours: solved.length ? hours(solved.reduce((a, b) => a + b, 0) / solved.length) : null,
    p90SolutionWorkingHours: solved.length ? hours(percentile(solved, 0.9)!) : null,
    escalations: facts.reduce((n, f) => n + f.escalations, 0),
    averageSatisfaction: ratings.length ? Math.round((100 * ratings.reduce((a, b) => a + b, 0)) / ratings.length) / 100 : null,
    responseRatePct: pct(resolved.filter((f) => f.surveyed).length, resolved.length),
  };
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
