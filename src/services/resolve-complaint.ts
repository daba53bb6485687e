/**
 * Resolving: the result and its basis go back to the complainant. The filer gets one DM with the
 * result and the satisfaction question; for an outside customer the owner records how the result
 * was delivered (phone, e-mail, other) and is reminded to call back by the follow-up's due time.
 * The feedback stage is met; the satisfaction follow-up and archive clocks start.
 */
import { updateComplaint } from '../db/lifecycle';
import { AppError } from '../errors';
import { meetClock, startStage } from './clocks';
import type { ServiceDeps } from './deps';
import { toComplainant } from './to-complainant';
import { commit, lockAndCheck, notice, record, refreshCard, threadLine } from './lifecycle-support';

export const DELIVERY_CHANNELS = ['phone', 'email', 'other'] as const;
export type DeliveryChannel = (typeof DELIVERY_CHANNELS)[number];

export interface ResolveInput {
  complaintId: string;
  actorId: string;
  result: string;
  basis: string;
  /** Required when the complainant is an outside customer: how the result reached them. */
  delivery?: { channel: DeliveryChannel; note: string };
}

export async function resolveComplaint(deps: ServiceDeps, input: ResolveInput): Promise<void> {
  const now = deps.clock.now();
  await commit(deps, async (tx) => {
    const { complaint } = await lockAndCheck(deps, tx, input.complaintId, 'resolve', input.actorId);
    if (complaint.contactId && !input.delivery) {
      throw new AppError('invalid_input', `${complaint.reference} has an outside customer: record how the result was delivered`, {
        field: 'delivery',
      });
    }
    await updateComplaint(tx, complaint.id, now, {
      status: 'resolved',
      result: input.result.trim(),
      resultBasis: input.basis.trim(),
      resultDelivery: input.delivery?.channel ?? 'dm',
      resultNote: input.delivery?.note.trim() || null,
      resolvedAt: now,
    });
    await meetClock(tx, complaint, 'feedback', now, deps.calendarFor(complaint.groupId));
    const followUpDue = await startStage(deps, tx, complaint, 'follow_up', complaint.ownerId, now);
    await startStage(deps, tx, complaint, 'archive', complaint.ownerId, now);
    await record(
      tx,
      now,
      { complaintId: complaint.id, actorId: input.actorId, type: 'complaint.resolved', payload: { delivery: input.delivery?.channel ?? 'dm' } },
      [
        threadLine(complaint.id, 'line.resolved', { actor: input.actorId, text: input.result.trim() }),
        // The follow-up (回访): the filer reads the result and rates it in the same DM; an outside
        // customer is called by the owner, and the staff member who filed for them gets the result.
        ...(complaint.contactId
          ? [
              notice(complaint.id, complaint.filerId, 'notice.result', { text: input.result.trim(), basis: input.basis.trim() }),
              notice(complaint.id, complaint.ownerId, 'notice.follow_up_call', { due: followUpDue.toISOString() }),
              ...(await toComplainant(deps, tx, complaint, 'result', { text: input.result.trim(), basis: input.basis.trim() })),
            ]
          : [{ kind: 'survey.ask', target: complaint.filerId, complaintId: complaint.id }]),
        refreshCard(complaint.id),
      ],
    );
  });
}
