/**
 * The sweep: for every clock whose next threshold has passed, exactly once per threshold,
 * warn the accountable person, escalate at the last warning and at the breach, and record the
 * breach. Then hand up escalations nobody answered in time. Reads only what is due (indexed
 * nextCheckAt, bounded batches), so its cost follows the work, not the number of complaints.
 */
import { planClock, type SweepAct } from '../domain/sweep-plan';
import { dueAt, workingTimeLeft, type Stage } from '../domain/sla';
import * as store from '../db/sweep';
import { inTransaction, type Tx } from '../db/tx';
import type { ServiceDeps } from './deps';
import { archiveInTx } from './archive-complaint';
import { notice, record, threadLine } from './lifecycle-support';

export interface SweepOptions {
  dryRun?: boolean;
  batchSize?: number;
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
  lines: SweepLine[];
}

export async function sweep(deps: ServiceDeps, options: SweepOptions = {}): Promise<SweepReport> {
  const now = deps.clock.now();
  const batchSize = options.batchSize ?? 1000;
  const report: SweepReport = { warned: 0, escalated: 0, breached: 0, deferred: 0, handedUp: 0, archived: 0, lines: [] };
  const emit = (line: SweepLine) => {
    report.lines.push(line);
    options.onLine?.(line);
  };
  const seen = new Set<string>();
  for (;;) {
    const due = (await store.dueClocks(deps.prisma, now, batchSize)).filter((c) => !seen.has(c.id));
    if (due.length === 0) break;
    for (const clock of due) {
      seen.add(clock.id);
      const policy = deps.sla[clock.stage as Stage];
      const plan = planClock(
        { clock: clock.clock === 'working' ? 'working' : 'elapsed', startedAt: clock.startedAt, dueAt: clock.dueAt, thresholdsDone: clock.thresholdsDone, priority: clock.complaint.priority },
        policy?.warnAt ?? [],
        now,
        deps.calendarFor(clock.complaint.groupId),
      );
      if (options.dryRun) {
        if (plan.kind !== 'none') emit({ reference: clock.complaint.reference, stage: clock.stage, act: clock.stage === 'archive' && plan.kind === 'breach' ? 'archive' : plan.kind });
        continue;
      }
      if (await act(deps, clock, plan, now)) count(report, plan, clock, emit);
    }
    // A dry run moves nothing, so the same rows would come back: one batch is its whole answer.
    if (options.dryRun || due.length < batchSize) break;
  }
  report.handedUp = await handUpEscalations(deps, now, batchSize, options.dryRun ?? false, emit);
  if (!options.dryRun && report.lines.length) deps.outboxWritten?.();
  return report;
}

function count(report: SweepReport, plan: SweepAct, clock: store.DueClock, emit: (line: SweepLine) => void) {
  if (plan.kind === 'none') return;
  if (clock.stage === 'archive' && plan.kind === 'breach') {
    report.archived++;
    emit({ reference: clock.complaint.reference, stage: clock.stage, act: 'archive' });
    return;
  }
  emit({ reference: clock.complaint.reference, stage: clock.stage, act: plan.kind });
  if (plan.kind === 'defer') report.deferred++;
  else if (plan.kind === 'warn') report.warned++;
  else if (plan.kind === 'escalate') report.escalated++;
  else report.breached++;
}

/** One clock, one transaction: the claim, the event and the messages commit together or not at all. */
async function act(deps: ServiceDeps, clock: store.DueClock, plan: SweepAct, now: Date): Promise<boolean> {
  return inTransaction(deps.prisma, async (tx) => {
    if (plan.kind === 'none' || plan.kind === 'defer') {
      await store.claimClockStep(tx, clock, { thresholdsDone: clock.thresholdsDone, nextCheckAt: plan.nextCheckAt });
      return plan.kind === 'defer';
    }
    const breach = plan.kind === 'breach';
    if (!(await store.claimClockStep(tx, clock, { thresholdsDone: plan.thresholdsDone, nextCheckAt: plan.nextCheckAt, breachedAt: breach ? clock.dueAt : undefined }))) {
      return false; // another sweep took this step
    }
    const c = clock.complaint;
    // The archive limit is not a failure to warn about: when it arrives, the complaint is archived.
    if (clock.stage === 'archive') return archiveInTx(tx, c.id, now, 'limit');
    const calendar = deps.calendarFor(c.groupId);
    const left = Math.round(workingTimeLeft(now, clock.dueAt, calendar) / 60_000);
    const params = { stage: clock.stage, due: clock.dueAt.toISOString(), left, owner: clock.accountableId };
    await record(
      tx,
      now,
      { complaintId: c.id, actorId: 'system', type: breach ? 'deadline.breached' : 'deadline.warned', payload: { deadlineId: clock.id, stage: clock.stage, fraction: plan.fraction, accountableId: clock.accountableId } },
      [
        notice(c.id, clock.accountableId, breach ? 'notice.breached' : 'notice.warning', params),
        threadLine(c.id, breach ? 'line.breached' : 'line.warning', params),
      ],
    );
    if (plan.kind === 'escalate' || breach) await escalate(deps, tx, clock, breach ? 'breached' : 'at_risk', now, left);
    return true;
  });
}

async function escalate(deps: ServiceDeps, tx: Tx, clock: store.DueClock, reason: 'at_risk' | 'breached', now: Date, left: number) {
  const c = clock.complaint;
  const open = await store.openEscalationFor(tx, clock.id);
  if (open) {
    // Already before someone: tell them it is now breached rather than opening a second one.
    await record(tx, now, { complaintId: c.id, actorId: 'system', type: 'escalation.opened', payload: { escalationId: open.id, reason, level: open.level, again: true } }, [
      notice(c.id, open.approverId, 'notice.escalation_breached', { stage: clock.stage, due: clock.dueAt.toISOString(), left }),
    ]);
    return;
  }
  const chain = deps.escalationChain(c.groupId);
  const approverId = chain[0];
  if (!approverId) return;
  const respondBy = dueAt(deps.escalationResponse, now, deps.calendarFor(c.groupId));
  const escalationId = await store.createEscalation(tx, { complaintId: c.id, deadlineId: clock.id, stage: clock.stage, level: 1, approverId, reason, at: now, respondBy });
  await record(tx, now, { complaintId: c.id, actorId: 'system', type: 'escalation.opened', payload: { escalationId, level: 1, approverId, reason, stage: clock.stage } }, [
    { kind: 'escalation.ask', target: approverId, complaintId: c.id, payload: { escalationId, left } },
    { kind: 'channel.line', target: c.groupId, complaintId: c.id, payload: { key: 'channel.escalated', params: { leader: approverId, stage: clock.stage, left, reason } } },
  ]);
}

/** Escalations whose approver did not answer in time go to the next level of the chain. */
async function handUpEscalations(deps: ServiceDeps, now: Date, take: number, dryRun: boolean, emit: (line: SweepLine) => void): Promise<number> {
  let handed = 0;
  for (const e of await store.overdueEscalations(deps.prisma, now, take)) {
    const next = deps.escalationChain(e.complaint.groupId)[e.level];
    emit({ reference: e.complaint.reference, stage: e.stage, act: next ? `hand up to level ${e.level + 1}` : 'top of the chain: stays open' });
    if (dryRun) continue;
    const done = await inTransaction(deps.prisma, async (tx) => {
      if (!next) {
        // Nobody above: stop asking the sweep about it, but leave it open for its approver.
        await tx.escalation.updateMany({ where: { id: e.id, decision: null }, data: { respondBy: null } });
        return false;
      }
      if (!(await store.claimHandUp(tx, e.id, now))) return false;
      const calendar = deps.calendarFor(e.complaint.groupId);
      const respondBy = dueAt(deps.escalationResponse, now, calendar);
      const escalationId = await store.createEscalation(tx, { complaintId: e.complaintId, deadlineId: e.deadlineId, stage: e.stage, level: e.level + 1, approverId: next, reason: e.reason, at: now, respondBy });
      // The next level is told how the limit stands now, not when the first level was asked.
      const deadline = e.deadlineId ? await tx.deadline.findUnique({ where: { id: e.deadlineId } }) : null;
      const left = deadline ? Math.round(workingTimeLeft(now, deadline.dueAt, calendar) / 60_000) : 0;
      await record(tx, now, { complaintId: e.complaintId, actorId: 'system', type: 'escalation.handed_up', payload: { from: e.id, escalationId, level: e.level + 1, approverId: next } }, [
        { kind: 'escalation.ask', target: next, complaintId: e.complaintId, payload: { escalationId, left } },
        threadLine(e.complaintId, 'line.handed_up', { leader: next, from: e.approverId }),
      ]);
      return true;
    });
    if (done) handed++;
  }
  return handed;
}
