/**
 * Issue 4: sweep time with 10k and 100k open complaints of which 200 are due, on the embedded
 * database and the PostgreSQL server. Targets: at most 200 ms per sweep at 100k, and the
 * 100k/10k ratio at most 1.5 (the sweep's cost must follow the work, not the table).
 *
 * One database per size, seeded side by side, and the timed sweeps interleaved (10k, 100k,
 * 100k, 10k, ...): on a shared machine a burst of someone else's work then hits both sizes
 * alike, and the ratio is the median of each round's own ratio. Beside the sweep it times its
 * parts (dry run: reads and planning without writes; the two queries that find work) and, at
 * the largest size, where the time goes (sweep-anatomy.ts) and what the number of clocks per
 * transaction changes, from one (a commit per clock) to all of them.
 */
import type { ServiceDeps } from '../src/services/deps';
import { DEFAULT_PER_TRANSACTION, sweep, type SweepReport } from '../src/services/sweep';
import { vacuumAnalyze } from '../src/db/maintenance';
import { dueClocks, overdueEscalations } from '../src/db/sweep';
import { BENCH_NOW, benchConfig, benchDeps } from './bench-config';
import { armDueSet, planDueSet, type DueSet } from './due-clocks';
import type { BenchOptions, DbKind, Section, SectionResult } from './options';
import { analyze, seedComplaints, tableSizes } from './seed';
import { fmtInt, fmtMs, medianMs, oneLine, openBenchDb, round1, timed, type OpenBenchDb } from './seeded-db';
import { sweepAnatomy } from './sweep-anatomy';
import { sweepStatements } from './sweep-statements';
import { alternativesJson, CHUNK_SIZES, explain, report, verdicts, type Alternatives, type SizeResult } from './sweep-report';
import { summarize } from './stats';

const DAY = 86_400_000;

interface Sized {
  size: number;
  bench: OpenBenchDb;
  deps: ServiceDeps;
  set: DueSet;
  seedS: number;
  tables: Record<string, number>;
}

export const sweepTime: Section = {
  title: 'sweep time: 10k and 100k open complaints, 200 due (embedded and server)',
  async run(options: BenchOptions): Promise<SectionResult> {
    const lines: string[] = [];
    const json: Record<string, unknown> = {};
    for (const kind of options.dbs) {
      try {
        const { where, sizes, ratio, alternatives, upkeepMs } = await onDb(kind, options);
        const upkeep = upkeepMs === undefined ? [] : [`  nightly upkeep of the embedded database (VACUUM (ANALYZE), schedule.maintenance) at ${fmtInt(sizes.at(-1)!.size)}: ${fmtMs(upkeepMs)} ms`];
        lines.push(...report(kind, where, sizes, ratio, options), ...explain(sizes, alternatives), ...upkeep, '');
        json[kind] = { ...verdicts(sizes, ratio), ...(alternatives ? alternativesJson(sizes, alternatives) : {}), ...(upkeepMs === undefined ? {} : { upkeepMs: round1(upkeepMs) }) };
      } catch (error) {
        lines.push(`${kind}: could not run: ${oneLine(error)}`, '');
        json[kind] = { error: oneLine(error) };
      }
    }
    return { lines, json };
  },
};

async function onDb(kind: DbKind, options: BenchOptions) {
  const config = await benchConfig();
  const repeats = options.repeats ?? 7;
  const opened: Sized[] = [];
  try {
    for (const size of [...new Set(options.sweepSizes)].sort((a, b) => a - b)) {
      const bench = await openBenchDb(kind);
      const deps = benchDeps(config, bench.db);
      const groupOf = (seq: number) => config.groups[seq % config.groups.length]!.id;
      const seeding = await timed(async () => {
        const filed = { filedFrom: new Date(BENCH_NOW.getTime() - 29 * DAY), filedTo: new Date(BENCH_NOW.getTime() - DAY) };
        await seedComplaints(bench.db.prisma, { firstSeq: 1, count: size, state: 'open', groups: config.groups, ...filed, now: BENCH_NOW });
        await analyze(bench.db.prisma);
      });
      const set = planDueSet(size, Math.min(options.due, size), BENCH_NOW, deps, groupOf);
      opened.push({ size, bench, deps, set, seedS: round1(seeding.ms / 1000), tables: await tableSizes(bench.db.prisma) });
    }
    const timedSweeps = await interleaved(opened.map((d) => ({ arm: () => armDueSet(d.deps.prisma, d.set), run: () => sweep(d.deps) })), repeats);
    const sizes: SizeResult[] = [];
    for (const [i, d] of opened.entries()) sizes.push(await parts(d, timedSweeps.samples[i]!, timedSweeps.last[i] as SweepReport, repeats));
    const small = timedSweeps.samples[0]!;
    const large = timedSweeps.samples.at(-1)!;
    const ratio = opened.length > 1 ? summarize(large.map((ms, i) => ms / small[i]!)).p50 : null;
    const largest = opened.at(-1)!;
    const alts = await alternatives(kind, largest, repeats);
    // Last, as it changes the database: the embedded database's nightly upkeep at this size.
    const upkeepMs = kind === 'embedded' ? (await timed(() => vacuumAnalyze(largest.deps.prisma))).ms : undefined;
    return { where: `${largest.bench.where}${opened.length > 1 ? ' (and one database per smaller size)' : ''}`, sizes, ratio, alternatives: alts, upkeepMs };
  } finally {
    for (const d of opened) await d.bench.close();
  }
}

/** Runs every variant once per round, the order reversed every other round; round 0 warms up. */
async function interleaved(variants: { arm(): Promise<void>; run(): Promise<unknown> }[], repeats: number) {
  const samples = variants.map(() => [] as number[]);
  const last: unknown[] = [];
  for (let round = 0; round <= repeats; round++) {
    const order = variants.map((_, i) => i);
    if (round % 2 === 1) order.reverse();
    for (const i of order) {
      await variants[i]!.arm();
      const { ms, value } = await timed(() => variants[i]!.run());
      if (round > 0) samples[i]!.push(ms);
      last[i] = value;
    }
  }
  return { samples, last };
}

async function parts(d: Sized, samples: number[], last: SweepReport, repeats: number): Promise<SizeResult> {
  const { deps, set } = d;
  await armDueSet(deps.prisma, set);
  const now = deps.clock.now();
  const dryRunMs = await medianMs(repeats, () => sweep(deps, { dryRun: true }));
  const dueQueryMs = await medianMs(repeats, () => dueClocks(deps.prisma, now, 1000));
  const overdueQueryMs = await medianMs(repeats, () => overdueEscalations(deps.prisma, now, 1000));
  const s = summarize(samples);
  return {
    size: d.size,
    seedS: d.seedS,
    tables: d.tables,
    medianMs: s.p50,
    maxMs: s.max,
    samples: samples.map((x) => round1(x)),
    acted: `${last.warned} warn, ${last.escalated} escalate, ${last.breached} breach` + (last.deferred ? `, ${last.deferred} deferred` : ''),
    planned: Object.entries(set.planned).map(([k, n]) => `${n} ${k}`).join(', '),
    clocks: set.rows.length,
    escalating: (set.planned.escalate ?? 0) + (set.planned.breach ?? 0),
    dryRunMs,
    dueQueryMs,
    overdueQueryMs,
    perClockMs: (s.p50 - dryRunMs) / set.rows.length,
  };
}

/** At the largest size: where the time goes, and the same clocks in bigger or smaller transactions (interleaved too). */
async function alternatives(kind: DbKind, d: Sized, repeats: number): Promise<Alternatives> {
  const anatomy = await sweepAnatomy(d.bench.db.url, kind, d.deps, d.set, DEFAULT_PER_TRANSACTION);
  // The server's own cost of each statement (EXPLAIN ANALYZE): on the server only, as the target is.
  const statements = kind === 'server' ? await sweepStatements(d.bench.db.url, d.deps, d.set, DEFAULT_PER_TRANSACTION) : undefined;
  const arm = () => armDueSet(d.deps.prisma, d.set);
  const { samples } = await interleaved(
    CHUNK_SIZES.map((perTransaction) => ({ arm, run: () => sweep(d.deps, { perTransaction }) })),
    Math.min(repeats, 5),
  );
  return { anatomy, statements, perTransaction: DEFAULT_PER_TRANSACTION, byChunk: CHUNK_SIZES.map((perTransaction, i) => ({ perTransaction, ms: summarize(samples[i]!).p50 })) };
}
