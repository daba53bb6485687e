/** The sweep section's report: a table per database, the targets' verdicts, and why. */
import type { BenchOptions, DbKind } from './options';
import { fmtInt, fmtMs, round1 } from './seeded-db';
import { table } from './stats';
import type { Anatomy } from './sweep-anatomy';
import type { SweepStatements } from './sweep-statements';

export const TARGET_MS = 200;
export const TARGET_RATIO = 1.5;

export interface SizeResult {
  size: number;
  seedS: number;
  tables: Record<string, number>;
  medianMs: number;
  maxMs: number;
  samples: number[];
  acted: string;
  planned: string;
  clocks: number;
  /** Clocks at their last warning or breach: each looks up an open escalation first. */
  escalating: number;
  dryRunMs: number;
  dueQueryMs: number;
  overdueQueryMs: number;
  perClockMs: number;
}

/** Clocks per transaction compared at the largest size: a commit per clock up to all 200 in one. */
export const CHUNK_SIZES = [1, 20, 100, 200];

export interface Alternatives {
  anatomy: Anatomy;
  /** Each statement kind's cost to the server itself (server only). */
  statements?: SweepStatements;
  /** The sweep's default, which the anatomy was taken with. */
  perTransaction: number;
  byChunk: { perTransaction: number; ms: number }[];
}

const r2 = (n: number) => Math.round(n * 100) / 100;

export function verdicts(sizes: SizeResult[], ratio: number | null) {
  const large = sizes.at(-1);
  return {
    sizes: Object.fromEntries(
      sizes.map(({ size, ...r }) => [
        size,
        { ...r, medianMs: round1(r.medianMs), maxMs: round1(r.maxMs), dryRunMs: round1(r.dryRunMs), dueQueryMs: round1(r.dueQueryMs), overdueQueryMs: round1(r.overdueQueryMs), perClockMs: r2(r.perClockMs) },
      ]),
    ),
    ratio: ratio === null ? null : r2(ratio),
    largestMeets200ms: large ? large.medianMs <= TARGET_MS : null,
    ratioMeets: ratio === null ? null : ratio <= TARGET_RATIO,
  };
}

export function report(kind: DbKind, where: string, sizes: SizeResult[], ratio: number | null, options: BenchOptions): string[] {
  const v = verdicts(sizes, ratio);
  const large = sizes.at(-1);
  const small = sizes[0];
  const rows = sizes.map((r) => [fmtInt(r.size), fmtMs(r.medianMs), fmtMs(r.maxMs), fmtMs(r.dryRunMs), fmtMs(r.dueQueryMs), fmtMs(r.overdueQueryMs), fmtMs(r.perClockMs), `${r.seedS}`]);
  return [
    `${kind}: ${where}`,
    `  ${options.due} due per sweep; planned ${small?.planned ?? '-'}; swept ${small?.acted ?? '-'}; ${options.repeats ?? 7} timed sweeps per size after 1 warm-up, sizes interleaved`,
    ...table(['open complaints', 'sweep p50 ms', 'max ms', 'dry run ms', 'due query ms', 'overdue esc. ms', 'ms per clock', 'seed s'], rows).map((l) => `  ${l}`),
    `  tables at ${fmtInt(large?.size ?? 0)}: ${Object.entries(large?.tables ?? {}).map(([t, n]) => `${t} ${fmtInt(n)}`).join(', ')}`,
    `  target ≤ ${TARGET_MS} ms at ${fmtInt(large?.size ?? 0)}: ${large ? `${fmtMs(large.medianMs)} ms — ${v.largestMeets200ms ? 'met' : 'MISSED'}` : '-'}`,
    `  target ratio ≤ ${TARGET_RATIO} (${fmtInt(large?.size ?? 0)}/${fmtInt(small?.size ?? 0)}, median of the rounds' ratios): ${v.ratio === null ? '- (one size only)' : `${v.ratio.toFixed(2)} — ${v.ratioMeets ? 'met' : 'MISSED'}`}`,
  ];
}

export function explain(sizes: SizeResult[], alt: Alternatives | undefined): string[] {
  const large = sizes.at(-1);
  if (!alt || !large) return [];
  const a = alt.anatomy;
  const top = a.byKind.slice(0, 7).map((k) => `${k.kind} ${k.count}x ${fmtMs(k.ms / k.count)} ms`);
  const transactions = Math.ceil(large.clocks / alt.perTransaction);
  return [
    `  where the time goes at ${fmtInt(large.size)} (one logged sweep, ${fmtMs(a.wallMs)} ms wall, ${fmtMs(a.cpuMs)} ms CPU in this process):`,
    `    ${a.statements} statements and ${a.begins} BEGIN(s) for ${large.clocks} clocks in ${transactions} transaction(s) of up to ${alt.perTransaction}`,
    `    database time seen by the driver ${fmtMs(a.dbMs + a.beginMs)} ms (${Math.round((100 * (a.dbMs + a.beginMs)) / a.wallMs)}%); the rest is client-side (audit hashes, planning, building rows, Prisma)`,
    `    by statement (count x mean): ${top.join('; ')}`,
    ...statementLines(a, alt.statements),
    `  the same ${large.clocks} clocks by clocks per transaction (median of interleaved rounds; each chunk holds the audit chain's lock while it commits):`,
    ...alt.byChunk.map((c) => `    ${String(c.perTransaction).padStart(4)} per transaction: ${fmtMs(c.ms)} ms (${fmtMs(c.ms / Math.ceil(large.clocks / c.perTransaction))} ms per transaction)`),
  ];
}

/**
 * Per statement kind: what the driver saw (the logged sweep) beside what the server spent
 * executing it (EXPLAIN ANALYZE of the same statement on the same rows), and what it wrote. The
 * difference is the round trip; the sum says what bounds the sweep: round trips, the server's
 * work, the commits (each waits for its WAL to reach the disk), and the client.
 */
function statementLines(a: Anatomy, st: SweepStatements | undefined): string[] {
  if (!st) return [];
  const driver = new Map(a.byKind.map((k) => [k.kind, k]));
  const rows = st.byKind.map((k) => {
    const d = driver.get(k.kind);
    return [k.kind, String(k.count), d ? fmtMs(d.ms / d.count) : '-', fmtMs(k.executionMs / k.count), fmtMs(k.triggerMs / k.count), fmtInt(k.rows), fmtInt(k.dirtied), fmtInt(k.walRecords), `${fmtInt(Math.round(k.walBytes / 1024))} kB`];
  });
  const serverMs = st.byKind.reduce((sum, k) => sum + k.executionMs + k.planningMs, 0);
  const triggerMs = st.byKind.reduce((sum, k) => sum + k.triggerMs, 0);
  const foreignKeyMs = st.byKind.reduce((sum, k) => sum + k.foreignKeyMs, 0);
  const commit = driver.get('COMMIT');
  const commitMs = commit ? commit.ms : 0;
  const trips = a.statements + a.begins;
  const tripsMs = trips * st.roundTripMs;
  const driverMs = a.dbMs + a.beginMs;
  // What the driver saw beyond the round trips, the server's work and the commits: parameters
  // encoded and sent, rows received and decoded.
  const transferMs = Math.max(0, driverMs - tripsMs - serverMs - commitMs);
  const clientMs = a.wallMs - driverMs;
  return [
    `    per statement kind (driver: the logged sweep; server: EXPLAIN (ANALYZE, BUFFERS, WAL) of the same statements on the same rows, under a rolled-back savepoint):`,
    ...table(['statement', 'count', 'driver ms each', 'server ms each', 'of it triggers', 'rows', 'pages dirtied', 'WAL records', 'WAL'], rows).map((l) => `      ${l}`),
    `    one round trip through the driver (SELECT 1, median): ${fmtMs(st.roundTripMs)} ms`,
    `    what bounds it (${fmtMs(a.wallMs)} ms): ${trips} round trips (${a.statements} statements, ${a.begins} BEGINs) x ${fmtMs(st.roundTripMs)} ms = ${fmtMs(tripsMs)} ms; ` +
      `the server executing and planning the statements ${fmtMs(serverMs)} ms (of it in triggers: ${fmtMs(foreignKeyMs)} ms foreign-key checks, ${fmtMs(triggerMs - foreignKeyMs)} ms the report's bookkeeping); ` +
      `${commit?.count ?? 0} commit(s) ${fmtMs(commitMs)} ms (each waits for its WAL to be flushed); the driver beyond these (parameters encoded and sent, rows decoded; on a busy machine also the waits for a CPU) ${fmtMs(transferMs)} ms; ` +
      `the client between statements (planning the clocks on calendars, audit hashes, building rows, Prisma where a statement goes through it; on a busy machine also the waits for a CPU) ${fmtMs(clientMs)} ms; ` +
      `this process's CPU over the sweep ${fmtMs(a.cpuMs)} ms`,
    ...scheduledLines(a),
  ];
}

/**
 * The logged sweep as the scheduler saw it: the work (this process's main thread and the server's
 * backend on a CPU), the waits for a CPU, and the rest of the wall time, when neither ran nor
 * waited to: the wire, the WAL flushes, other threads.
 */
function scheduledLines(a: Anatomy): string[] {
  const s = a.scheduled;
  if (!s) return [];
  const idleMs = Math.max(0, a.wallMs - s.clientRunMs - s.serverRunMs - s.clientWaitMs - s.serverWaitMs);
  return [
    `    as the scheduler saw it (/proc/<pid>/schedstat): on a CPU, this process's main thread ${fmtMs(s.clientRunMs)} ms and the server's backend ${fmtMs(s.serverRunMs)} ms ` +
      `(together ${fmtMs(s.clientRunMs + s.serverRunMs)} ms: the sweep's own work, mostly one after the other); ready but waiting for a CPU ${fmtMs(s.clientWaitMs)} ms and ${fmtMs(s.serverWaitMs)} ms ` +
      `(other processes' load; the two waits can overlap); the rest, neither running nor waiting to, ${fmtMs(idleMs)} ms (the wire, WAL flushes, other threads)`,
  ];
}

export function alternativesJson(sizes: SizeResult[], alt: Alternatives) {
  return {
    atSize: sizes.at(-1)?.size,
    anatomy: { ...alt.anatomy, wallMs: round1(alt.anatomy.wallMs), cpuMs: round1(alt.anatomy.cpuMs), beginMs: round1(alt.anatomy.beginMs), dbMs: round1(alt.anatomy.dbMs), ...(alt.anatomy.scheduled && { scheduled: Object.fromEntries(Object.entries(alt.anatomy.scheduled).map(([k, v]) => [k, round1(v)])) }), byKind: alt.anatomy.byKind.map((k) => ({ ...k, ms: round1(k.ms) })) },
    ...(alt.statements && {
      statements: {
        roundTripMs: round1(alt.statements.roundTripMs),
        byKind: alt.statements.byKind.map((k) => ({ ...k, executionMs: round1(k.executionMs), planningMs: round1(k.planningMs), triggerMs: round1(k.triggerMs), foreignKeyMs: round1(k.foreignKeyMs) })),
      },
    }),
    perTransaction: alt.perTransaction,
    byChunk: alt.byChunk.map((c) => ({ perTransaction: c.perTransaction, ms: round1(c.ms) })),
  };
}
