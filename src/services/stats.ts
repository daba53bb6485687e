/**
 * `/complaint stats`: the period report of the current week, month or quarter, narrowed to
 * what the caller answers for. Supervisors see every group; a group leader sees the groups they
 * lead; everyone else sees the complaints they filed or own. Members do not see their whole
 * group's numbers: a per-owner breakdown of colleagues is the leader's to read.
 */
import { currentPeriod, type Period } from '../domain/period';
import type { Report } from '../domain/report';
import type { WeekPoint } from '../domain/report-series';
import type { FactScope } from '../db/report';
import type { ServiceDeps } from './deps';
import { periodReport, periodReportAndSeries } from './report';

export type StatsPeriod = 'week' | 'month' | 'quarter';

export type StatsScope =
  | { kind: 'all' }
  /** The groups the caller leads, plus what they filed or own elsewhere. */
  | { kind: 'led'; groupIds: string[] }
  | { kind: 'own' };

export interface Stats {
  period: Period;
  scope: StatsScope;
  report: Report;
  /** The weekly series for the chart, when asked for. */
  series?: WeekPoint[];
}

export function statsScopeOf(deps: Pick<ServiceDeps, 'config'>, userId: string): StatsScope {
  const { config } = deps;
  if (config.supervisors.includes(userId)) return { kind: 'all' };
  const led = config.groups.filter((g) => g.leader === userId).map((g) => g.id);
  return led.length > 0 ? { kind: 'led', groupIds: led } : { kind: 'own' };
}

function factScope(scope: StatsScope, userId: string): FactScope | undefined {
  if (scope.kind === 'all') return undefined;
  return { groupIds: scope.kind === 'led' ? scope.groupIds : [], people: [userId] };
}

export async function statsFor(deps: ServiceDeps, userId: string, kind: StatsPeriod, options: { chart?: boolean } = {}): Promise<Stats> {
  const period = currentPeriod(kind, deps.clock.now(), deps.config.timezone);
  const scope = statsScopeOf(deps, userId);
  const facts = factScope(scope, userId);
  if (!options.chart) return { period, scope, report: await periodReport(deps, period, facts) };
  return { period, scope, ...(await periodReportAndSeries(deps, period, facts)) };
}
