/**
 * Issue 5: digest and report build time with 10k open and 100k closed complaints, on the
 * embedded database and the PostgreSQL server. Two sections over one seeded database per kind
 * (volume-fixture.ts): `digest` (digestFor of the group holding every open complaint) and
 * `report` (periodReport, periodSeries and qualitySample over 2026-Q4, which holds them all).
 * Each operation: the first call (cold: Prisma compiles its queries, caches are cold) with its
 * memory, then the median and max of the repeats, then one call through a query-logging client
 * for the statements it sends and the database's share of its time.
 */
import { parsePeriod } from '../src/domain/period';
import { digestFor } from '../src/services/digest';
import type { ServiceDeps } from '../src/services/deps';
import type { Report } from '../src/domain/report';
import { periodReport, periodSeries, qualitySample } from '../src/services/report';
import { compareDigestReads } from './digest-alternatives';
import { compareReportBuild } from './report-alternatives';
import { benchDeps } from './bench-config';
import { withMemory, type MemoryUse } from './memory';
import type { BenchOptions, DbKind, Section, SectionResult } from './options';
import { openQueryLog } from './query-log';
import { fmtInt, fmtMs, oneLine, round1, timed } from './seeded-db';
import { summarize, table } from './stats';
import { disposeVolumeFixtures, volumeFixture, type VolumeFixture } from './volume-fixture';

interface Operation {
  name: string;
  run(deps: ServiceDeps, fixture: VolumeFixture): Promise<unknown>;
  /** What it produced, in a few words (to see that it read what was seeded). */
  describe(value: unknown): string;
  /** Lines comparing it with an alternative, given what its first call returned. */
  compare?(deps: ServiceDeps, fixture: VolumeFixture, value: unknown, firstMs: number, p50Ms: number): Promise<{ lines: string[]; json: Record<string, unknown> }>;
}

interface OpResult {
  name: string;
  firstMs: number;
  p50Ms: number;
  maxMs: number;
  memory: MemoryUse;
  statements: number;
  dbMs: number;
  produced: string;
  compared?: { lines: string[]; json: Record<string, unknown> };
}

const SLOW_MS = 10_000;
const Q4 = () => parsePeriod('2026-Q4', 'Asia/Shanghai')!;

const DIGEST: Operation[] = [
  {
    name: 'digestFor(group)',
    run: (deps, f) => digestFor(deps, f.digestGroup),
    describe: (v) => {
      const m = v as Awaited<ReturnType<typeof digestFor>>;
      return `${fmtInt(m.items.length)} items, ${JSON.stringify(m.counts)}`;
    },
    async compare(deps, fixture) {
      const c = await compareDigestReads(deps.prisma, fixture.digestGroup, deps.clock.now(), 5);
      return {
        lines: [
          `digestFor's reads, median ms (src → alternative):`,
          `  open complaints and their clocks: ${fmtMs(c.openMs)} → ${fmtMs(c.openJoinedMs)} joined in SQL instead of an IN-list of every open complaint's id`,
          `  activity counts (filed, resolved since yesterday; awaiting follow-up): ${fmtMs(c.activityMs)} → ${fmtMs(c.activityIndexedMs)} with indexes on Complaint (groupId, filedAt) and (groupId, resolvedAt)`,
        ],
        json: Object.fromEntries(Object.entries(c).map(([k, v]) => [k, round1(v)])),
      };
    },
  },
];

const REPORT: Operation[] = [
  {
    name: 'periodReport(2026-Q4)',
    run: (deps) => periodReport(deps, Q4()),
    describe: (v) => `${fmtInt((v as Report).total.volume)} complaints`,
    async compare(deps, _fixture, value, _firstMs, p50Ms) {
      const c = await compareReportBuild(deps, Q4(), value as Report, 3);
      return {
        lines: [
          `periodReport reads the totals kept per day: p50 ${fmtMs(p50Ms)} ms; the period's complaints added up in one statement instead (as before they were kept), median of 3 in this run: ${fmtMs(c.countedMs)} ms (${(c.countedMs / p50Ms).toFixed(1)}x);`,
          `  every fact read into JavaScript (the way before that): reading ${fmtInt(c.facts)} facts ${fmtMs(c.readMs)} ms + buildReport ${fmtMs(c.buildMs)} ms;`,
          `  same numbers all three ways: ${c.same && c.countedSame ? 'yes' : `NO (added up: ${c.countedSame ? 'same' : 'differs'}; in JavaScript: ${c.same ? 'same' : 'differs'})`}`,
        ],
        json: { ...c, countedMs: round1(c.countedMs), readMs: round1(c.readMs), buildMs: round1(c.buildMs), ratio: round1(c.countedMs / p50Ms) },
      };
    },
  },
  { name: 'periodSeries(2026-Q4)', run: (deps) => periodSeries(deps, Q4()), describe: (v) => `${(v as unknown[]).length} weeks` },
  { name: 'qualitySample(2026-Q4, 50)', run: (deps) => qualitySample(deps, Q4(), 50), describe: (v) => `${(v as unknown[]).length} picked` },
];

export const digestBuild: Section = {
  title: 'digest build time: 10k open and 100k closed complaints (embedded and server)',
  run: (options) => runOps(DIGEST, options),
  dispose: disposeVolumeFixtures,
};

export const reportBuild: Section = {
  title: 'report build time: 10k open and 100k closed complaints (embedded and server)',
  run: (options) => runOps(REPORT, options),
  dispose: disposeVolumeFixtures,
};

async function runOps(ops: Operation[], options: BenchOptions): Promise<SectionResult> {
  const lines: string[] = [];
  const json: Record<string, unknown> = {};
  const repeats = options.repeats ?? 5;
  for (const kind of options.dbs) {
    try {
      const seeding = await timed(() => volumeFixture(kind, options.open, options.closed));
      const fixture = seeding.value;
      const results: OpResult[] = [];
      for (const op of ops) results.push(await measure(kind, fixture, op, repeats));
      lines.push(...report(kind, fixture, seeding.ms, results, repeats, options), '');
      const opJson = ({ name, compared, ...r }: OpResult) => [name, { ...r, firstMs: round1(r.firstMs), p50Ms: round1(r.p50Ms), maxMs: round1(r.maxMs), dbMs: round1(r.dbMs), ...(compared ? { compared: compared.json } : {}) }];
      json[kind] = { seedS: fixture.seedS, keepS: fixture.keepS, tables: fixture.tables, ops: Object.fromEntries(results.map(opJson)) };
    } catch (error) {
      lines.push(`${kind}: could not run: ${oneLine(error)}`, '');
      json[kind] = { error: oneLine(error) };
    }
  }
  return { lines, json };
}

async function measure(kind: DbKind, fixture: VolumeFixture, op: Operation, repeats: number): Promise<OpResult> {
  const deps = benchDeps(fixture.config, fixture.bench.db);
  const first = await withMemory(() => op.run(deps, fixture));
  // A call that takes many seconds is not repeated: its first time says enough, and it would hold up the run.
  const slow = first.ms > SLOW_MS;
  const samples: number[] = [first.ms];
  if (!slow) {
    samples.length = 0;
    for (let i = 0; i < repeats; i++) samples.push((await timed(() => op.run(deps, fixture))).ms);
  }
  const s = summarize(samples);
  const compared = await op.compare?.(deps, fixture, first.value, first.ms, s.p50);
  const base = { name: op.name, firstMs: first.ms, p50Ms: s.p50, maxMs: s.max, memory: first.memory, produced: op.describe(first.value), ...(compared ? { compared } : {}) };
  // The logged call repeats the whole operation: not for a slow one (statements then unknown).
  if (slow) return { ...base, statements: Number.NaN, dbMs: Number.NaN };
  const log = openQueryLog(fixture.bench.db.url, kind);
  try {
    const logged = { ...deps, prisma: log.prisma };
    await op.run(logged, fixture); // this client's own first call compiles its queries
    log.reset();
    await op.run(logged, fixture);
    return { ...base, statements: log.statements(), dbMs: log.dbMs() };
  } finally {
    await log.close();
  }
}

function report(kind: DbKind, f: VolumeFixture, waitedMs: number, results: OpResult[], repeats: number, options: BenchOptions): string[] {
  const seeded = waitedMs > 1_000 ? `seeded in ${f.seedS} s` : `seeded earlier in this run (${f.seedS} s)`;
  const rows = results.map((r) => [
    r.name,
    fmtMs(r.firstMs),
    fmtMs(r.p50Ms),
    fmtMs(r.maxMs),
    Number.isNaN(r.statements) ? '-' : `${r.statements}`,
    Number.isNaN(r.dbMs) ? '-' : fmtMs(r.dbMs),
    `${r.memory.rssBeforeMb} → ${r.memory.rssAfterMb} (${r.memory.rssPeakMb})`,
    `${r.memory.heapBeforeMb} → ${r.memory.heapAfterMb} (${r.memory.heapPeakMb})`,
  ]);
  return [
    `${kind}: ${f.bench.where}`,
    `  ${fmtInt(options.open)} open complaints in group ${f.digestGroup}, ${fmtInt(options.closed)} closed over all groups; ${seeded}; the first report kept the quarter's totals in ${f.keepS} s`,
    `  tables: ${Object.entries(f.tables).map(([t, n]) => `${t} ${fmtInt(n)}`).join(', ')}`,
    `  first = cold call; p50/max over ${repeats} more; statements and db ms from one logged call (none of either when the first took over ${SLOW_MS / 1000} s); memory of the first call, MB: before → after (peak)`,
    ...table(['operation', 'first ms', 'p50 ms', 'max ms', 'statements', 'db ms', 'RSS MB', 'JS heap MB'], rows).map((l) => `  ${l}`),
    ...results.map((r) => `  ${r.name}: ${r.produced}`),
    ...results.flatMap((r) => r.compared?.lines.map((l) => `  ${l}`) ?? []),
  ];
}
