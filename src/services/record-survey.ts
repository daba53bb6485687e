/**
 * The satisfaction follow-up (回访) of a resolved or rejected complaint: a rating from 1 to 5
 * and an optional comment. The filer answers in their DM; for an outside customer the owner (or
 * leader) records what the customer said on a follow-up call. One rating per complaint; a change
 * before the archive is audited with the old value, and the archive settles it. The rating that
 * completes the follow-up archives the complaint, unless it is at or below survey.reviewAt
 * (回访不满意): then the group leader is asked to review it first (request-review.ts).
 */
import type { ComplaintCard } from '../domain/complaint';
import * as complaints from '../db/complaints';
import { findComplaintRow, lockComplaint, type ComplaintRow } from '../db/lifecycle';
import { AppError } from '../errors';
import { archiveInTx } from './archive-complaint';
import { meetClock, openClocks } from './clocks';
import { groupNameOf, type ServiceDeps } from './deps';
import { commit, record, rolesFor, threadLine } from './lifecycle-support';
import { pendingReview, requestReviewInTx } from './request-review';

export const SURVEY_CHANNELS = ['dm', 'web', 'phone', 'email', 'other'] as const;
/** Channels where the complainant rated in their own words (chat DM, their complaint page); the rest staff recorded. */
export const COMPLAINANT_CHANNELS: readonly SurveyChannel[] = ['dm', 'web'];
export type SurveyChannel = (typeof SURVEY_CHANNELS)[number];

export interface SurveyInput {
  complaintId: string;
  actorId: string;
  rating: number;
  comment?: string;
  channel: SurveyChannel;
  note?: string;
}

export async function recordSurvey(deps: ServiceDeps, input: SurveyInput): Promise<'recorded' | 'changed'> {
  if (!Number.isInteger(input.rating) || input.rating < 1 || input.rating > 5) {
    throw new AppError('invalid_input', `rating ${input.rating} is not 1 to 5`, { field: 'rating' });
  }
  const now = deps.clock.now();
  return commit(deps, async (tx) => {
    const complaint = await lockComplaint(tx, input.complaintId);
    if (!complaint) throw new AppError('not_found', `no complaint ${input.complaintId}`);
    checkMayRecord(deps, complaint, input.actorId, input.channel);
    const previous = await tx.survey.findUnique({ where: { complaintId: complaint.id } });
    // The follow-up of this result still open: this rating completes it (after a reopen and a
    // new result, the earlier rating is replaced and the new follow-up completed all the same).
    const completes = (await openClocks(tx, complaint.id)).some((d) => d.stage === 'follow_up');
    const data = { rating: input.rating, comment: input.comment?.trim() || null, channel: input.channel, note: input.note?.trim() || null, recordedBy: input.actorId, updatedAt: now };
    if (previous) await tx.survey.update({ where: { complaintId: complaint.id }, data });
    else await tx.survey.create({ data: { ...data, complaintId: complaint.id, recordedAt: now } });
    await record(
      tx,
      now,
      {
        complaintId: complaint.id,
        actorId: input.actorId,
        type: 'survey.recorded',
        payload: { rating: input.rating, channel: input.channel, ...(previous ? { changed: true, previousRating: previous.rating } : {}) },
      },
      [threadLine(complaint.id, previous ? 'line.survey_changed' : 'line.survey', { actor: input.actorId, rating: input.rating })],
    );
    if (completes) {
      await meetClock(tx, complaint, 'follow_up', now, deps.calendarFor(complaint.groupId));
      if (input.rating <= deps.config.survey.reviewAt) {
        await requestReviewInTx(deps, tx, now, complaint, { cause: 'low_rating', requestedBy: input.actorId, rating: input.rating });
      } else if (!(await pendingReview(tx, complaint.id))) {
        await archiveInTx(tx, complaint.id, now, 'follow_up_done');
      }
    }
    return previous ? 'changed' : 'recorded';
  });
}

/** The filer rates in their DM (unless an outside customer is the complainant); the owner or leader records a call. */
function checkMayRecord(deps: ServiceDeps, complaint: ComplaintRow, actorId: string, channel: SurveyChannel): void {
  checkMayRate(deps, complaint, actorId, channel);
  // Archived, the follow-up is settled: a later rating could no longer be reviewed.
  if ((complaint.status !== 'resolved' && complaint.status !== 'rejected') || complaint.archivedAt) {
    throw new AppError('stale', `${complaint.reference} has no result to rate now`, { reference: complaint.reference });
  }
}

function checkMayRate(deps: ServiceDeps, complaint: ComplaintRow, actorId: string, channel: SurveyChannel): void {
  const roles = rolesFor(deps, complaint, actorId);
  const asComplainant = (roles.has('filer') && !complaint.contactId && channel === 'dm') || (roles.has('complainant') && channel === 'web');
  const asHandler = (roles.has('owner') || roles.has('leader')) && !COMPLAINANT_CHANNELS.includes(channel);
  if (!asComplainant && !asHandler) {
    throw new AppError('not_allowed', `${actorId} may not record the follow-up of ${complaint.reference}`, { reference: complaint.reference });
  }
}

/**
 * Before the rating modal opens: may `actorId` rate (`dm`) or record a call (any other
 * channel) now? Returns the complaint and the rating so far, for a change. Nothing is written.
 */
export async function prepareSurvey(
  deps: ServiceDeps,
  input: { complaintId: string; actorId: string; channel: SurveyChannel; toShow?: boolean },
): Promise<{ card: ComplaintCard; current: { rating: number; comment: string | null; at: Date } | null }> {
  const row = await findComplaintRow(deps.prisma, input.complaintId);
  const card = row && (await complaints.findCard(deps.prisma, { id: row.id }, groupNameOf(deps.config)));
  if (!row || !card) throw new AppError('not_found', `no complaint ${input.complaintId}`);
  // `toShow`: only to show the rating just given, which may have settled the follow-up.
  if (input.toShow) checkMayRate(deps, row, input.actorId, input.channel);
  else checkMayRecord(deps, row, input.actorId, input.channel);
  const survey = await deps.prisma.survey.findUnique({ where: { complaintId: row.id } });
  return { card, current: survey ? { rating: survey.rating, comment: survey.comment, at: survey.updatedAt } : null };
}
