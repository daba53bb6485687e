/**
 * The sweep: for every clock whose next threshold has passed, exactly once per threshold,
 * warn the accountable person, escalate at the last warning and at the breach, and record the
 * breach. Then hand up escalations nobody answered in time. Reads only what is due (indexed
 * nextCheckAt, bounded batches), so its cost follows the work, not the number of complaints;
 * and takes the steps of many clocks in one transaction (sweep-steps.ts), set-based.
 */
import { planClock, type SweepAct } from '../domain/sweep-plan';
import type { ClockStage } from '../domain/sla';
import * as store from '../db/sweep';
import { inTransaction } from '../db/tx';
import type { ServiceDeps } from './deps';
import { handUpEscalations } from './hand-up-escalations';
import { isArchiving, takeSteps, type PlannedClock } from './sweep-steps';
import { endsPause, isPauseLimit, pauseEnds } from './pause-limit';

export interface SweepOptions {
  dryRun?: boolean;
  /** How many due clocks are read at a time. */
  batchSize?: number;
  /**
   * How many clocks' steps commit together. Bigger amortises more; but every writer waits on the
   * audit chain's lock while a chunk commits, so a person pressing a button waits for it too.
   */
  perTransaction?: number;
  /** Told of each step as soon as it is committed (the CLI prints them as they happen). */
  onLine?: (line: SweepLine) => void;
}

export interface SweepLine {
  reference: string;
  stage: string;
  act: string;
}

export interface SweepReport {
  warned: number;
  escalated: number;
  breached: number;
  deferred: number;
  handedUp: number;
  archived: number;
  /** Waits on the complainant that reached sla.maxPause: their clocks run again. */
  pausesEnded: number;
  /** Clocks whose step failed even alone; the next sweep tries them again. */
  failed: number;
  lines: SweepLine[];
}

/** Thrown after a sweep in which some clocks failed: every other clock's step still committed. */
export class SweepIncomplete extends Error {
  constructor(readonly report: SweepReport, failures: string[]) {
    super(`the sweep could not handle ${failures.length} clock(s), which the next sweep tries again: ${failures.join('; ')}`);
  }
}

/** Clocks per transaction by default: most of batching's gain, the chain lock held some 40 ms. */
export const DEFAULT_PER_TRANSACTION = 100;

export async function sweep(deps: ServiceDeps, options: SweepOptions = {}): Promise<SweepReport> {
  const now = deps.clock.now();
  const batchSize = options.batchSize ?? 1000;
  const perTransaction = Math.max(1, options.perTransaction ?? DEFAULT_PER_TRANSACTION);
  const report: SweepReport = { warned: 0, escalated: 0, breached: 0, deferred: 0, handedUp: 0, archived: 0, pausesEnded: 0, failed: 0, lines: [] };
  const failures: string[] = [];
  const emit = (line: SweepLine) => {
    report.lines.push(line);
    options.onLine?.(line);
  };
  const failed = (clock: store.DueClock, error: unknown) => {
    report.failed++;
    failures.push(`${clock.complaint.reference} ${clock.stage}: ${error instanceof Error ? error.message : String(error)}`);
    emit({ reference: clock.complaint.reference, stage: clock.stage, act: 'failed' });
  };
  const seen = new Set<string>();
  for (;;) {
    const due = (await store.dueClocks(deps.prisma, now, batchSize)).filter((c) => !seen.has(c.id));
    if (due.length === 0) break;
    const planned = due.flatMap((clock): PlannedClock[] => {
      seen.add(clock.id);
      try {
        return [{ clock, plan: planFor(deps, clock, now) }];
      } catch (error) {
        failed(clock, error);
        return [];
      }
    });
    if (options.dryRun) {
      for (const p of planned) if (p.plan.kind !== 'none') emit(lineOf(p));
      // A dry run moves nothing, so the same rows would come back: one batch is its whole answer.
      break;
    }
    for (let i = 0; i < planned.length; i += perTransaction) {
      const chunk = planned.slice(i, i + perTransaction);
      await takeChunk(deps, chunk, now, (done) => done.forEach((p) => count(report, p, emit)), (p, error) => failed(p.clock, error));
    }
    if (due.length < batchSize) break;
  }
  report.handedUp = await handUpEscalations(deps, now, batchSize, options.dryRun ?? false, emit);
  if (!options.dryRun && report.handedUp) deps.outboxWritten?.();
  if (failures.length) throw new SweepIncomplete(report, failures);
  return report;
}

function planFor(deps: ServiceDeps, clock: store.DueClock, now: Date): SweepAct {
  const policy = deps.sla[clock.stage as ClockStage];
  const calendar = deps.calendarFor(clock.complaint.groupId);
  const due = clock.stage === 'pause' ? pauseEnds(deps, clock) : clock.dueAt;
  return planClock(
    { clock: clock.clock === 'working' ? 'working' : 'elapsed', startedAt: clock.startedAt, dueAt: due, thresholdsDone: clock.thresholdsDone, priority: clock.complaint.priority },
    policy?.warnAt ?? [],
    now,
    calendar,
  );
}

/**
 * One transaction for the chunk. Should it fail, each clock is tried alone, so one clock that
 * cannot be handled (a row the database refuses, say) does not hold up the others.
 */
async function takeChunk(
  deps: ServiceDeps,
  chunk: PlannedClock[],
  now: Date,
  onDone: (done: PlannedClock[]) => void,
  onFailed: (p: PlannedClock, error: unknown) => void,
): Promise<void> {
  try {
    const done = await inTransaction(deps.prisma, (tx) => takeSteps(deps, tx, chunk, now));
    if (done.some((p) => p.plan.kind !== 'defer')) deps.outboxWritten?.();
    onDone(done);
  } catch (error) {
    if (chunk.length === 1) return onFailed(chunk[0]!, error);
    for (const p of chunk) await takeChunk(deps, [p], now, onDone, onFailed);
  }
}

const actOf = (p: PlannedClock): string => {
  if (isArchiving(p)) return 'archive';
  if (isPauseLimit(p) && p.plan.kind !== 'defer' && p.plan.kind !== 'none') return endsPause(p) ? 'restart the stopped clocks' : 'remind';
  return p.plan.kind;
};
const lineOf = (p: PlannedClock): SweepLine => ({ reference: p.clock.complaint.reference, stage: p.clock.stage, act: actOf(p) });

function count(report: SweepReport, p: PlannedClock, emit: (line: SweepLine) => void) {
  emit(lineOf(p));
  if (isArchiving(p)) report.archived++;
  else if (p.plan.kind === 'defer') report.deferred++;
  else if (endsPause(p)) report.pausesEnded++;
  else if (isPauseLimit(p)) report.warned++;
  else if (p.plan.kind === 'warn') report.warned++;
  else if (p.plan.kind === 'escalate') report.escalated++;
  else if (p.plan.kind === 'breach') report.breached++;
}

