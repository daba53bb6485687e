/**
 * periodReport against the ways it was built before: the period's complaints added up in one
 * SQL statement (periodReportCounted, before the totals were kept per day), and every complaint
 * read into JavaScript as a fact (src's periodFacts), then src's buildReport. Same rules, so the
 * same numbers: the bench checks that too, at 110k complaints rather than the tests' seven.
 */
import { isDeepStrictEqual } from 'node:util';
import type { Period } from '../src/domain/period';
import { buildReport, type Report } from '../src/domain/report';
import type { ServiceDeps } from '../src/services/deps';
import { periodFacts, periodReportCounted } from '../src/services/report';
import { summarize } from './stats';
import { timed } from './seeded-db';

export interface ReportComparison {
  /** periodReportCounted, median ms of `repeats`, and whether it gave the same report. */
  countedMs: number;
  countedSame: boolean;
  facts: number;
  readMs: number;
  buildMs: number;
  /** Whether the JavaScript report equals the database's. */
  same: boolean;
}

export async function compareReportBuild(deps: ServiceDeps, period: Period, fromDatabase: Report, repeats: number): Promise<ReportComparison> {
  const counted: number[] = [];
  let countedSame = true;
  for (let i = 0; i < repeats; i++) {
    const c = await timed(() => periodReportCounted(deps, period));
    counted.push(c.ms);
    countedSame &&= isDeepStrictEqual(c.value, fromDatabase);
  }
  const read = await timed(() => periodFacts(deps, period));
  const asOf = deps.clock.now();
  const build = await timed(async () => buildReport(read.value, period, asOf));
  return { countedMs: summarize(counted).p50, countedSame, facts: read.value.length, readMs: read.ms, buildMs: build.ms, same: isDeepStrictEqual(build.value, fromDatabase) };
}
