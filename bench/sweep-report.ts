/** The sweep section's report: a table per database, the targets' verdicts, and why. */
import type { BenchOptions, DbKind } from './options';
import { fmtInt, fmtMs, round1 } from './seeded-db';
import { table } from './stats';
import type { Anatomy, IndexComparison } from './sweep-anatomy';

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

export interface Alternatives {
  anatomy: Anatomy;
  /** The unchanged sweep, timed in the same interleaved rounds as the two below. */
  perClockMs: number;
  oneTransactionMs: number;
  setBasedMs: number;
  indexes: IndexComparison;
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
  const ix = alt.indexes;
  const top = a.byKind.slice(0, 7).map((k) => `${k.kind} ${k.count}x ${fmtMs(k.ms / k.count)} ms`);
  const saved = large.escalating * (ix.openEscalationBeforeMs - ix.openEscalationAfterMs);
  return [
    `  where the time goes at ${fmtInt(large.size)} (one logged sweep, ${fmtMs(a.wallMs)} ms wall):`,
    `    ${a.statements} statements = ${(a.statements / large.clocks).toFixed(1)} per clock (+ a BEGIN each, not logged); one transaction per clock`,
    `    database time seen by the driver ${fmtMs(a.dbMs)} ms (${Math.round((100 * a.dbMs) / a.wallMs)}%); the rest is client-side (Prisma, transaction bookkeeping)`,
    `    by statement (count x mean): ${top.join('; ')}`,
    `  the same ${large.clocks} clocks other ways (median of interleaved rounds):`,
    `    unchanged sweep, one transaction per clock: ${fmtMs(alt.perClockMs)} ms`,
    `    unchanged sweep, all clocks in ONE transaction (same statements, one commit): ${fmtMs(alt.oneTransactionMs)} ms`,
    `    set-based writes of the same rows, one transaction of 6 statements: ${fmtMs(alt.setBasedMs)} ms`,
    `  lookups that grow with the escalation history (${fmtInt(ix.escalations)} escalations here), before → after adding an index:`,
    `    openEscalationFor(deadlineId): ${fmtMs(ix.openEscalationBeforeMs)} → ${fmtMs(ix.openEscalationAfterMs)} ms with Escalation("deadlineId"); plan before: ${ix.openEscalationPlanBefore}`,
    `      (${large.escalating} such lookups per sweep: ${fmtMs(saved)} ms per sweep at this history size; the scan grows with the table)`,
    `    overdueEscalations: ${fmtMs(ix.overdueBeforeMs)} → ${fmtMs(ix.overdueAfterMs)} ms with Escalation("respondBy") WHERE decision IS NULL AND "handedUpAt" IS NULL`,
  ];
}

export function alternativesJson(sizes: SizeResult[], alt: Alternatives) {
  return {
    atSize: sizes.at(-1)?.size,
    anatomy: { ...alt.anatomy, wallMs: round1(alt.anatomy.wallMs), dbMs: round1(alt.anatomy.dbMs), byKind: alt.anatomy.byKind.map((k) => ({ ...k, ms: round1(k.ms) })) },
    perClockMs: round1(alt.perClockMs),
    oneTransactionMs: round1(alt.oneTransactionMs),
    setBasedMs: round1(alt.setBasedMs),
    indexes: Object.fromEntries(Object.entries(alt.indexes).map(([k, v]) => [k, typeof v === 'number' ? r2(v) : v])),
  };
}
