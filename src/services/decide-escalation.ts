/**
 * The answer to an escalation, by the person it is before (the leader, or whoever it was
 * handed up to): approve (take the complaint over or assign it, optionally raising its
 * priority), reassign, grant an extension (only with the complainant's consent, as in the
 * lifecycle), or decline with a reason. The escalation level is recorded with the decision.
 */
import { PRIORITIES, type Priority } from '../domain/complaint';
import { lockComplaint, updateComplaint } from '../db/lifecycle';
import { AppError } from '../errors';
import { applyHandover } from './apply-approval';
import type { ServiceDeps } from './deps';
import { commit, record, refreshCard, threadLine, notice } from './lifecycle-support';
import { extendWithConsent } from './request-approval';

export type EscalationAnswer =
  | { decision: 'approve'; newOwnerId?: string; priority?: Priority; note?: string }
  | { decision: 'reassign'; newOwnerId: string; note?: string }
  | { decision: 'extend'; newDueAt: Date; reason: string; consentEvidence?: string }
  | { decision: 'decline'; note: string };

export async function decideEscalation(deps: ServiceDeps, input: { escalationId: string; actorId: string; answer: EscalationAnswer }): Promise<void> {
  const now = deps.clock.now();
  const { answer, actorId } = input;
  await commit(deps, async (tx) => {
    const escalation = await tx.escalation.findUnique({ where: { id: input.escalationId } });
    if (!escalation) throw new AppError('not_found', `no escalation ${input.escalationId}`);
    const complaint = await lockComplaint(tx, escalation.complaintId);
    if (!complaint) throw new AppError('not_found', `no complaint ${escalation.complaintId}`);
    if (escalation.approverId !== actorId) {
      throw new AppError('not_allowed', `${actorId} is not who ${escalation.id} is before`, { reference: complaint.reference });
    }
    const { count } = await tx.escalation.updateMany({
      where: { id: escalation.id, decision: null, handedUpAt: null },
      data: { decision: answer.decision, decidedAt: now, decidedBy: actorId, decisionNote: 'note' in answer ? (answer.note ?? null) : answer.decision === 'extend' ? answer.reason : null },
    });
    if (count !== 1) throw new AppError('stale', `escalation ${escalation.id} was already answered or handed up`, { reference: complaint.reference });
    if (['withdrawn', 'rejected', 'archived'].includes(complaint.status) && answer.decision !== 'decline') {
      throw new AppError('stale', `${complaint.reference} is closed`, { reference: complaint.reference });
    }

    const group = deps.config.groups.find((g) => g.id === complaint.groupId);
    const newOwner = answer.decision === 'approve' || answer.decision === 'reassign' ? answer.newOwnerId : undefined;
    if (newOwner && newOwner !== complaint.ownerId) {
      if (group && !group.members.includes(newOwner) && newOwner !== group.leader && newOwner !== actorId) {
        throw new AppError('invalid_input', `${newOwner} is not in group ${complaint.groupId}`, { field: 'to' });
      }
      await applyHandover(tx, now, complaint, actorId, newOwner, `escalation level ${escalation.level}`);
    }
    if (answer.decision === 'approve' && answer.priority && PRIORITIES.indexOf(answer.priority) > PRIORITIES.indexOf(complaint.priority)) {
      await updateComplaint(tx, complaint.id, now, { priority: answer.priority });
    }
    if (answer.decision === 'extend') {
      await extendWithConsent(tx, now, complaint, { complaintId: complaint.id, actorId, newDueAt: answer.newDueAt, reason: answer.reason, consentEvidence: answer.consentEvidence });
    }
    await record(
      tx,
      now,
      { complaintId: complaint.id, actorId, type: 'escalation.decided', payload: { escalationId: escalation.id, level: escalation.level, decision: answer.decision, stage: escalation.stage } },
      [
        threadLine(complaint.id, `line.escalation_${answer.decision}`, { actor: actorId, text: 'note' in answer ? (answer.note ?? '') : '' }),
        notice(complaint.id, complaint.ownerId, `notice.escalation_${answer.decision}`, { actor: actorId, text: 'note' in answer ? (answer.note ?? '') : '' }),
        refreshCard(complaint.id),
      ],
    );
  });
}
