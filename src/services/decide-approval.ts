/**
 * The answer to a request: the leader approves or declines a rejection or handover; the
 * complainant agrees to or declines an extension. Only the person asked may answer, once.
 */
import type { ApprovalView } from '../chat/port';
import type { ComplaintCard } from '../domain/complaint';
import * as complaints from '../db/complaints';
import { findApproval, lockComplaint, settleApproval } from '../db/lifecycle';
import { AppError } from '../errors';
import { applyExtension, applyHandover, applyRejection, type ExtensionPayload } from './apply-approval';
import { groupNameOf, type ServiceDeps } from './deps';
import { commit, lockAndCheck, notice, record, recordAll, threadLine } from './lifecycle-support';
import { supersededRequests } from './settle-requests';

export interface DecideInput {
  approvalId: string;
  actorId: string;
  approve: boolean;
  note?: string;
  /** Where the answer was given: 'web' for the complainant's own page (recorded and audited with it). */
  channel?: 'web';
  /**
   * What the button or page answers: a leader's approval (rejection, handover) or a consent
   * (extension). Required, so that no caller can forget it: one that names a request of the
   * other sort is refused, changing nothing (a consent's Decline owes no reason, a leader's does;
   * a leader who filed the complaint themselves is asked both ways).
   */
  expects: RequestSort;
}

export type RequestSort = 'approval' | 'consent';

/** Refuses an answer meant for the other sort of request (see DecideInput.expects). */
export function checkSort(approval: { id: string; kind: string }, expects: RequestSort): void {
  if ((approval.kind === 'extension') !== (expects === 'consent')) {
    throw new AppError('invalid_input', `approval ${approval.id} is a ${approval.kind}, not a ${expects}`);
  }
}

export interface DecideResult {
  /** False when this very answer was already given (a double click, a retry): nothing changed. */
  changed: boolean;
  complaint: ComplaintCard;
  approval: ApprovalView;
  /** When the answer was given (the first time, for a repeat). */
  decidedAt: Date;
}

/** Who answers: leader approvals follow the group's current leader; consent is the complainant's alone. */
export function approverOf(deps: Pick<ServiceDeps, 'config'>, approval: { kind: string; approverId: string }, groupId: string): string | undefined {
  return approval.kind === 'extension' ? approval.approverId : deps.config.groups.find((g) => g.id === groupId)?.leader;
}

export async function decideApproval(deps: ServiceDeps, input: DecideInput): Promise<DecideResult> {
  const now = deps.clock.now();
  const approval = await findApproval(deps.prisma, input.approvalId);
  if (!approval) throw new AppError('not_found', `no approval ${input.approvalId}`);
  checkSort(approval, input.expects);
  const wanted = input.approve ? 'approved' : 'declined';
  const outcome = await commit(deps, async (tx): Promise<{ changed: boolean; at: Date; superseded?: string }> => {
    const complaint = await lockComplaint(tx, approval.complaintId);
    if (!complaint) throw new AppError('not_found', `no complaint ${approval.complaintId}`);
    if (input.actorId !== approverOf(deps, approval, complaint.groupId)) {
      throw new AppError('not_allowed', `${input.actorId} may not answer approval ${approval.id}`, { reference: complaint.reference, approval: approval.kind });
    }
    // Moved past by a step that did not close it (one taken before steps did): closed now, for good.
    const closed = await supersededRequests(tx, now, [{ complaintId: complaint.id, actorId: input.actorId }]);
    if (closed.length > 0) {
      await recordAll(tx, now, closed);
      if (closed.some((c) => c.event.payload?.approvalId === approval.id)) return { changed: true, at: now, superseded: complaint.reference };
    }
    if (!(await settleApproval(tx, approval.id, wanted, input.actorId, now, input.note))) {
      // The same answer by the same person again is a repeat, not a conflict.
      const settled = await findApproval(tx, approval.id);
      if (settled?.status === wanted && settled.decidedBy === input.actorId) return { changed: false, at: settled.decidedAt ?? now };
      // Who answered, and when: the complainant's page says whether it was they or staff for them.
      const answered = settled && (settled.status === 'approved' || settled.status === 'declined') && settled.decidedBy && settled.decidedAt;
      throw new AppError('stale', `approval ${approval.id} was already answered`, {
        reference: complaint.reference,
        ...(answered && { why: 'answered', decidedBy: settled.decidedBy!, at: settled.decidedAt!.toISOString() }),
      });
    }
    const payload = approval.payload as Record<string, string>;
    if (!input.approve) {
      await record(tx, now, { complaintId: complaint.id, actorId: input.actorId, type: 'approval.declined', payload: { approvalId: approval.id, kind: approval.kind, note: input.note ?? '', ...(input.channel && { channel: input.channel }) } }, [
        threadLine(complaint.id, `line.${approval.kind}_declined`, { actor: input.actorId, text: input.note ?? '' }),
        notice(complaint.id, approval.requestedBy, `notice.${approval.kind}_declined`, { actor: input.actorId, text: input.note ?? '' }),
      ]);
      return { changed: true, at: now };
    }
    switch (approval.kind) {
      case 'rejection': {
        const { complaint: locked } = await lockAndCheck(deps, tx, complaint.id, 'reject', input.actorId, true);
        await applyRejection(deps, tx, now, locked, input.actorId, payload.reason ?? '');
        return { changed: true, at: now };
      }
      case 'handover': {
        const { complaint: locked } = await lockAndCheck(deps, tx, complaint.id, 'hand_over', input.actorId, true);
        await applyHandover(tx, now, locked, input.actorId, payload.toOwnerId ?? '', payload.reason ?? '');
        return { changed: true, at: now };
      }
      case 'extension': {
        // The complaint may have moved on since the request; an extension of a met stage means nothing.
        const deadline = await tx.deadline.findUnique({ where: { id: payload.deadlineId ?? '' } });
        if (!deadline || deadline.metAt) throw new AppError('stale', 'that limit is no longer running', { reference: complaint.reference });
        await applyExtension(deps, tx, now, complaint, input.actorId, { ...(payload as unknown as ExtensionPayload), consent: 'complainant', ...(input.channel && { channel: input.channel }) });
        return { changed: true, at: now };
      }
      default:
        throw new AppError('invalid_input', `unknown approval kind ${approval.kind}`);
    }
  });
  if (outcome.superseded) throw new AppError('stale', `approval ${approval.id} was moved past before it was answered`, { reference: outcome.superseded });
  const complaint = await complaints.findCard(deps.prisma, { id: approval.complaintId }, groupNameOf(deps.config));
  if (!complaint) throw new AppError('not_found', `complaint ${approval.complaintId} vanished`);
  const view: ApprovalView = { id: approval.id, kind: approval.kind as ApprovalView['kind'], requestedBy: approval.requestedBy, payload: approval.payload as Record<string, unknown> };
  return { changed: outcome.changed, complaint, approval: view, decidedAt: outcome.at };
}
