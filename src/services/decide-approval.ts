/**
 * The answer to a request: the leader approves or declines a rejection or handover; the
 * complainant agrees to or declines an extension. Only the person asked may answer, once.
 */
import { findApproval, lockComplaint, settleApproval } from '../db/lifecycle';
import { AppError } from '../errors';
import { applyExtension, applyHandover, applyRejection, type ExtensionPayload } from './apply-approval';
import type { ServiceDeps } from './deps';
import { commit, lockAndCheck, notice, record, threadLine } from './lifecycle-support';

export interface DecideInput {
  approvalId: string;
  actorId: string;
  approve: boolean;
  note?: string;
}

export async function decideApproval(deps: ServiceDeps, input: DecideInput): Promise<void> {
  const now = deps.clock.now();
  const approval = await findApproval(deps.prisma, input.approvalId);
  if (!approval) throw new AppError('not_found', `no approval ${input.approvalId}`);
  const leaderApproval = approval.kind !== 'extension';
  await commit(deps, async (tx) => {
    const complaint = await lockComplaint(tx, approval.complaintId);
    if (!complaint) throw new AppError('not_found', `no complaint ${approval.complaintId}`);
    // Leader approvals follow the group's current leader; consent is the complainant's alone.
    const approver = leaderApproval ? deps.config.groups.find((g) => g.id === complaint.groupId)?.leader : approval.approverId;
    if (input.actorId !== approver) {
      throw new AppError('not_allowed', `${input.actorId} may not answer approval ${approval.id}`, { reference: complaint.reference });
    }
    if (!(await settleApproval(tx, approval.id, input.approve ? 'approved' : 'declined', input.actorId, now, input.note))) {
      throw new AppError('stale', `approval ${approval.id} was already answered`, { reference: complaint.reference });
    }
    const payload = approval.payload as Record<string, string>;
    if (!input.approve) {
      await record(tx, now, { complaintId: complaint.id, actorId: input.actorId, type: 'approval.declined', payload: { approvalId: approval.id, kind: approval.kind, note: input.note ?? '' } }, [
        threadLine(complaint.id, `line.${approval.kind}_declined`, { actor: input.actorId, text: input.note ?? '' }),
        notice(complaint.id, approval.requestedBy, `notice.${approval.kind}_declined`, { actor: input.actorId, text: input.note ?? '' }),
      ]);
      return;
    }
    switch (approval.kind) {
      case 'rejection': {
        const { complaint: locked } = await lockAndCheck(deps, tx, complaint.id, 'reject', input.actorId, true);
        await applyRejection(deps, tx, now, locked, input.actorId, payload.reason ?? '');
        return;
      }
      case 'handover': {
        const { complaint: locked } = await lockAndCheck(deps, tx, complaint.id, 'hand_over', input.actorId, true);
        await applyHandover(tx, now, locked, input.actorId, payload.toOwnerId ?? '', payload.reason ?? '');
        return;
      }
      case 'extension': {
        // The complaint may have moved on since the request; an extension of a met stage means nothing.
        const deadline = await tx.deadline.findUnique({ where: { id: payload.deadlineId ?? '' } });
        if (!deadline || deadline.metAt) throw new AppError('stale', 'that limit is no longer running', { reference: complaint.reference });
        await applyExtension(tx, now, complaint, input.actorId, { ...(payload as unknown as ExtensionPayload), consent: 'complainant' });
        return;
      }
      default:
        throw new AppError('invalid_input', `unknown approval kind ${approval.kind}`);
    }
  });
}
