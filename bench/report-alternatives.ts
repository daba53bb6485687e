/**
 * periodReport against the way it was built before: every complaint of the period read into
 * JavaScript as a fact (src's periodFacts), then src's buildReport. Same rules, so the same
 * numbers: the bench checks that too, at 110k complaints rather than the tests' seven.
 */
import { isDeepStrictEqual } from 'node:util';
import type { Period } from '../src/domain/period';
import { buildReport, type Report } from '../src/domain/report';
import type { ServiceDeps } from '../src/services/deps';
import { periodFacts } from '../src/services/report';
import { timed } from './seeded-db';

export interface ReportComparison {
  facts: number;
  readMs: number;
  buildMs: number;
  /** Whether the JavaScript report equals the database's. */
  same: boolean;
}

export async function compareReportBuild(deps: ServiceDeps, period: Period, fromDatabase: Report): Promise<ReportComparison> {
  const read = await timed(() => periodFacts(deps, period));
  const asOf = deps.clock.now();
  const build = await timed(async () => buildReport(read.value, period, asOf));
  return { facts: read.value.length, readMs: read.ms, buildMs: build.ms, same: isDeepStrictEqual(build.value, fromDatabase) };
}
