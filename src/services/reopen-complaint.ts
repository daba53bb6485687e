/**
 * The filer or the leader reopens a resolved or rejected complaint, within the archive window.
 * The solution stage starts over; the handler and the first contact stay. The solution and
 * result set aside are no longer current: they leave the complaint for the reopening's audit
 * event, so the card never shows them as where it stands, and the record still has them. A
 * review waiting for the leader (a low rating) is settled by it, whoever reopened.
 */
import { updateComplaint } from '../db/lifecycle';
import { AppError } from '../errors';
import { meetClock, openClocks, startStage } from './clocks';
import type { ServiceDeps } from './deps';
import { commit, lockAndCheck, notice, record, refreshCard, threadLine } from './lifecycle-support';
import { refreshDms, settleReview } from './request-review';

export async function reopenComplaint(deps: ServiceDeps, input: { complaintId: string; actorId: string; reason: string }): Promise<void> {
  const now = deps.clock.now();
  await commit(deps, async (tx) => {
    const { complaint } = await lockAndCheck(deps, tx, input.complaintId, 'reopen', input.actorId);
    const archive = (await openClocks(tx, complaint.id)).find((d) => d.stage === 'archive');
    if (archive && archive.dueAt <= now) {
      throw new AppError('stale', `${complaint.reference} is past its archive window`, { reference: complaint.reference });
    }
    const { solution, result, resultBasis, resultDelivery, resultNote } = complaint;
    const previous = { solution, result, resultBasis, resultDelivery, resultNote };
    await updateComplaint(tx, complaint.id, now, {
      status: 'investigating',
      resolvedAt: null,
      closedAt: null,
      solution: null,
      result: null,
      resultBasis: null,
      resultDelivery: null,
      resultNote: null,
    });
    await meetClock(tx, complaint, 'archive', now, deps.calendarFor(complaint.groupId));
    await meetClock(tx, complaint, 'follow_up', now, deps.calendarFor(complaint.groupId));
    await startStage(deps, tx, complaint, 'solution', complaint.ownerId, now);
    const reviewId = await settleReview(tx, complaint.id, now, 'reopened', input.actorId);
    const reason = input.reason.trim();
    await record(tx, now, { complaintId: complaint.id, actorId: input.actorId, type: 'complaint.reopened', payload: { reason, previous, ...(reviewId ? { reviewId } : {}) } }, [
      threadLine(complaint.id, 'line.reopened', { actor: input.actorId, text: reason }),
      notice(complaint.id, complaint.ownerId, 'notice.reopened', { actor: input.actorId, text: reason }),
      refreshCard(complaint.id),
      // The result is no longer current: rating and Reopen buttons in DMs go (the leader's review too).
      refreshDms(complaint.id),
    ]);
  });
}
