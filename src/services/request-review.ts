/**
 * Review (复核) by the group leader: a complaint whose result the complainant rated low
 * (回访不满意, at or below survey.reviewAt), or whose complainant asked for a second look, is
 * put before its group leader instead of being archived. The leader reopens it or confirms its
 * closure with a note; if neither happens by the archive limit, archiving settles it (lapsed).
 * One review waits per complaint at a time.
 */
import { reviewWindow } from '../domain/complaint-page';
import { lockComplaint, type ComplaintRow } from '../db/lifecycle';
import type { Tx } from '../db/tx';
import { AppError } from '../errors';
import { openClocks } from './clocks';
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
  /** Requested: why, in the complainant's words (the leader reads it in the review's DM). */
  reason?: string;
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
    data: { complaintId: complaint.id, cause: request.cause, rating: request.rating ?? null, reason: request.reason ?? null, requestedBy: request.requestedBy, leaderId, requestedAt: at },
  });
  const params = { leader: leaderId, ...(request.rating !== undefined ? { rating: request.rating } : {}), ...(request.reason ? { text: request.reason } : {}) };
  await record(
    tx,
    at,
    { complaintId: complaint.id, actorId: request.requestedBy, type: 'review.requested', payload: {
        reviewId: review.id,
        cause: request.cause,
        approverId: leaderId,
        ...(request.rating !== undefined ? { rating: request.rating } : {}),
        ...(request.reason ? { reason: request.reason } : {}),
      },
    },
    [
      { kind: 'review.ask', target: leaderId, complaintId: complaint.id, payload: { reviewId: review.id } },
      threadLine(complaint.id, `line.review_${request.cause}`, params),
      refreshCard(complaint.id),
    ],
  );
  return review.id;
}

/**
 * The complainant asks for a second look themselves (their page): a resolved or rejected
 * complaint, not yet archived, within page.reviewWithinDays of its result or rejection, with no
 * review already waiting. Refusals are 'stale' and change nothing; `params.why` says which
 * ('review_too_late', 'review_open') so the page can say so plainly.
 */
export async function requestReview(deps: ServiceDeps, input: { complaintId: string } & ReviewRequest): Promise<string> {
  const now = deps.clock.now();
  const reason = input.reason?.trim() || undefined;
  if (input.cause === 'requested' && !reason) throw new AppError('invalid_input', 'a review request needs its reason', { field: 'reason' });
  return commit(deps, async (tx) => {
    const complaint = await lockComplaint(tx, input.complaintId);
    if (!complaint) throw new AppError('not_found', `no complaint ${input.complaintId}`);
    const { reference } = complaint;
    if (complaint.status !== 'resolved' && complaint.status !== 'rejected') {
      throw new AppError('stale', `${reference} has no result to review`, { reference });
    }
    const days = deps.config.page.reviewWithinDays;
    const archive = (await openClocks(tx, complaint.id)).find((d) => d.stage === 'archive');
    if (complaint.archivedAt || !reviewWindow(complaint, days, now, archive?.dueAt)) {
      throw new AppError('stale', `${reference}: the ${days} days to ask for a review have passed`, { reference, why: 'review_too_late', days });
    }
    if (await pendingReview(tx, complaint.id)) throw new AppError('stale', `${reference} is already under review`, { reference, why: 'review_open' });
    return requestReviewInTx(deps, tx, now, complaint, { ...input, ...(reason ? { reason } : {}) });
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
