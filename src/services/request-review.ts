/**
 * Review (复核) by the group leader: a complaint whose result the complainant rated low
 * (回访不满意, at or below survey.reviewAt), or whose complainant asked for a second look, is
 * put before its group leader instead of being archived. The leader reopens it or confirms its
 * closure with a note; if neither happens by the archive limit, archiving settles it (lapsed).
 * One review waits per complaint at a time.
 */
import { lockComplaint, type ComplaintRow } from '../db/lifecycle';
import type { Tx } from '../db/tx';
import { AppError } from '../errors';
import { groupById, type ServiceDeps } from './deps';
import { commit, record, refreshCard, threadLine, type Recorded } from './lifecycle-support';

export type ReviewCause = 'low_rating' | 'requested';
export type ReviewOutcome = 'reopened' | 'confirmed' | 'lapsed';

export interface ReviewRequest {
  cause: ReviewCause;
  /** Who asked: the complainant (or staff recording a call for an outside customer). */
  requestedBy: string;
  /** For a low rating: the rating that caused it. */
  rating?: number;
}

/** The outbox message that removes buttons no longer usable from the DMs of a complaint. */
export const refreshDms = (complaintId: string): Recorded['messages'][number] => ({ kind: 'dms.refresh', target: complaintId, complaintId });

export function pendingReview(tx: Tx, complaintId: string) {
  return tx.review.findFirst({ where: { complaintId, outcome: null }, orderBy: { requestedAt: 'desc' } });
}

/**
 * Inside the caller's transaction, with the complaint locked: puts it before its group leader.
 * Returns the review's id; a review already waiting is returned as it is (nothing asked twice).
 */
export async function requestReviewInTx(deps: ServiceDeps, tx: Tx, at: Date, complaint: ComplaintRow, request: ReviewRequest): Promise<string> {
  const waiting = await pendingReview(tx, complaint.id);
  if (waiting) return waiting.id;
  const leaderId = groupById(deps.config, complaint.groupId).leader;
  const review = await tx.review.create({
    data: { complaintId: complaint.id, cause: request.cause, rating: request.rating ?? null, requestedBy: request.requestedBy, leaderId, requestedAt: at },
  });
  const params = { leader: leaderId, ...(request.rating !== undefined ? { rating: request.rating } : {}) };
  await record(
    tx,
    at,
    { complaintId: complaint.id, actorId: request.requestedBy, type: 'review.requested', payload: { reviewId: review.id, cause: request.cause, approverId: leaderId, ...(request.rating !== undefined ? { rating: request.rating } : {}) } },
    [
      { kind: 'review.ask', target: leaderId, complaintId: complaint.id, payload: { reviewId: review.id } },
      threadLine(complaint.id, `line.review_${request.cause}`, params),
      refreshCard(complaint.id),
    ],
  );
  return review.id;
}

/**
 * For a caller of its own (the complainant's page): puts a resolved or rejected complaint, not
 * yet archived, before its group leader. Refused ('stale') once archived or while still open.
 */
export async function requestReview(deps: ServiceDeps, input: { complaintId: string } & ReviewRequest): Promise<string> {
  const now = deps.clock.now();
  return commit(deps, async (tx) => {
    const complaint = await lockComplaint(tx, input.complaintId);
    if (!complaint) throw new AppError('not_found', `no complaint ${input.complaintId}`);
    if (complaint.archivedAt || (complaint.status !== 'resolved' && complaint.status !== 'rejected')) {
      throw new AppError('stale', `${complaint.reference} has no result to review`, { reference: complaint.reference });
    }
    return requestReviewInTx(deps, tx, now, complaint, input);
  });
}

/**
 * Settles the complaint's waiting review, if any (a reopen, a confirmation, the archive limit),
 * and has the leader's DM lose its buttons. Returns the review's id, or undefined.
 */
export async function settleReview(tx: Tx, complaintId: string, at: Date, outcome: ReviewOutcome, by: string, note?: string): Promise<string | undefined> {
  const waiting = await pendingReview(tx, complaintId);
  if (!waiting) return undefined;
  const { count } = await tx.review.updateMany({ where: { id: waiting.id, outcome: null }, data: { outcome, decidedAt: at, decidedBy: by, note: note ?? null } });
  return count === 1 ? waiting.id : undefined;
}
