/**
 * The sweep's last step: escalations whose approver did not answer in time go to the next level
 * of the chain. The next level is told why now (how the limit stands at this instant, not why
 * the first level was asked), and every lower level's DM loses its buttons and says who has it.
 */
import { nextInChain } from '../domain/escalation-chain';
import { clockOf, dueAt, NO_LIMIT, timeLeft, timeLeftParams } from '../domain/sla';
import * as store from '../db/sweep';
import { inTransaction, type Tx } from '../db/tx';
import type { ServiceDeps } from './deps';
import { record, threadLine, type Recorded } from './lifecycle-support';
import type { SweepLine } from './sweep';

export async function handUpEscalations(deps: ServiceDeps, now: Date, take: number, dryRun: boolean, emit: (line: SweepLine) => void): Promise<number> {
  let handed = 0;
  for (const e of await store.overdueEscalations(deps.prisma, now, take)) {
    const deadline = e.deadlineId ? await deps.prisma.deadline.findUnique({ where: { id: e.deadlineId } }) : null;
    // As when it was opened: never up to the person whose limit it is.
    const step = nextInChain(deps.escalationChain(e.complaint.groupId), e.level, [e.complaint.ownerId, ...(deadline ? [deadline.accountableId] : [])]);
    emit({ reference: e.complaint.reference, stage: e.stage, act: step ? `hand up to level ${step.level}` : 'top of the chain: stays open' });
    if (dryRun) continue;
    const done = await inTransaction(deps.prisma, async (tx) => {
      if (!step) {
        // Nobody above: stop asking the sweep about it, but leave it open for its approver.
        await tx.escalation.updateMany({ where: { id: e.id, decision: null }, data: { respondBy: null } });
        return false;
      }
      if (!(await store.claimHandUp(tx, e.id, now))) return false;
      const calendar = deps.calendarFor(e.complaint.groupId);
      const respondBy = dueAt(deps.escalationResponse, now, calendar);
      const { level, approverId: next } = step;
      const stands = deadline ? timeLeft(now, deadline.dueAt, clockOf(deadline), calendar) : NO_LIMIT;
      // Why now: a limit that has passed since the level below was asked is said to have passed.
      const reason = stands.overdue ? 'breached' : e.reason;
      const escalationId = await store.createEscalation(tx, { complaintId: e.complaintId, deadlineId: e.deadlineId, stage: e.stage, level, approverId: next, reason, at: now, respondBy });
      await record(tx, now, { complaintId: e.complaintId, actorId: 'system', type: 'escalation.handed_up', payload: { from: e.id, escalationId, level, approverId: next } }, [
        { kind: 'escalation.ask', target: next, complaintId: e.complaintId, payload: { escalationId, ...timeLeftParams(stands) } },
        threadLine(e.complaintId, 'line.handed_up', { leader: next, from: e.approverId }),
        ...(await lowerLevelsMoved(tx, { ...e, handedUpAt: now }, { to: next, ...timeLeftParams(stands) })),
      ]);
      return true;
    });
    if (done) handed++;
  }
  return handed;
}

/** Each level below the new one, down to the first asked: its DM is shown as now before `now.to`. */
async function lowerLevelsMoved(tx: Tx, handed: store.ChainLink, now: Record<string, string | number>): Promise<Recorded['messages']> {
  const moved: Recorded['messages'] = [];
  for (let e: store.ChainLink | null = handed; e; e = await store.handedUpFrom(tx, e)) {
    moved.push({ kind: 'escalation.moved', target: e.approverId, complaintId: e.complaintId, payload: { escalationId: e.id, ...now } });
  }
  return moved;
}
