/**
 * The leader's answer to a review (复核) that keeps the outcome: "Confirm closure", with a note
 * saying why (audited). The complaint is archived then. The other answer, Reopen, is the
 * lifecycle's reopen (reopen-complaint.ts), which settles the review as reopened.
 */
import type { ComplaintCard } from '../domain/complaint';
import * as complaints from '../db/complaints';
import { lockComplaint } from '../db/lifecycle';
import type { Store, Tx } from '../db/tx';
import { AppError } from '../errors';
import { archiveInTx } from './archive-complaint';
import { groupById, groupNameOf, type ServiceDeps } from './deps';
import { commit, record, threadLine } from './lifecycle-support';
import { settleReview } from './request-review';

export interface ReviewView {
  id: string;
  cause: string;
  rating: number | null;
  leaderId: string;
  requestedAt: Date;
  outcome: string | null;
  decidedBy: string | null;
  decidedAt: Date | null;
}

/** The review and its complaint, if `actorId` may answer it now (its leader, or the group's). */
async function mayAnswer(deps: ServiceDeps, store: Store | Tx, reviewId: string, actorId: string) {
  const review = await store.review.findUnique({ where: { id: reviewId } });
  if (!review) throw new AppError('not_found', `no review ${reviewId}`);
  const complaint = await store.complaint.findUnique({ where: { id: review.complaintId }, select: { groupId: true, reference: true } });
  if (!complaint) throw new AppError('not_found', `no complaint ${review.complaintId}`);
  if (actorId !== review.leaderId && actorId !== groupById(deps.config, complaint.groupId).leader) {
    throw new AppError('not_allowed', `${actorId} may not answer the review of ${complaint.reference}`, { reference: complaint.reference, action: 'review' });
  }
  if (review.outcome) throw new AppError('stale', `the review of ${complaint.reference} was settled: ${review.outcome}`, { reference: complaint.reference });
  return review;
}

/** Before the note modal opens: may `actorId` confirm now? Nothing is written. */
export async function prepareReview(deps: ServiceDeps, input: { reviewId: string; actorId: string }): Promise<{ card: ComplaintCard; review: ReviewView }> {
  const review = await mayAnswer(deps, deps.prisma, input.reviewId, input.actorId);
  const card = await complaints.findCard(deps.prisma, { id: review.complaintId }, groupNameOf(deps.config));
  if (!card) throw new AppError('not_found', `no complaint ${review.complaintId}`);
  return { card, review };
}

export async function confirmReview(deps: ServiceDeps, input: { reviewId: string; actorId: string; note: string }): Promise<void> {
  const note = input.note.trim();
  if (!note) throw new AppError('invalid_input', 'a confirmation needs a note', { field: 'text' });
  const now = deps.clock.now();
  await commit(deps, async (tx) => {
    const first = await tx.review.findUnique({ where: { id: input.reviewId }, select: { complaintId: true } });
    if (!first) throw new AppError('not_found', `no review ${input.reviewId}`);
    // The complaint's lock first, as every other step takes it: then the review is read fresh.
    const complaint = await lockComplaint(tx, first.complaintId);
    if (!complaint) throw new AppError('not_found', `no complaint ${first.complaintId}`);
    const review = await mayAnswer(deps, tx, input.reviewId, input.actorId);
    await settleReview(tx, complaint.id, now, 'confirmed', input.actorId, note);
    await record(tx, now, { complaintId: complaint.id, actorId: input.actorId, type: 'review.confirmed', payload: { reviewId: review.id, note } }, [
      threadLine(complaint.id, 'line.review_confirmed', { actor: input.actorId, text: note }),
    ]);
    if (!(await archiveInTx(tx, complaint.id, now, 'review_confirmed'))) {
      throw new AppError('stale', `${complaint.reference} cannot be archived now`, { reference: complaint.reference });
    }
  });
}
