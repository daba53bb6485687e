/**
 * The complainant's own page: what it shows (read only), and what they do on it. Each act calls
 * the same use case chat does, as the complainant (domain/access.ts COMPLAINANT), so the rules,
 * audit events and messages are the ones a DM answer or a staff record would give, with the
 * channel recorded as 'web'.
 */
import { textIn } from '../config';
import { COMPLAINANT } from '../domain/access';
import type { Status } from '../domain/complaint';
import { pageLimits, pageTimeline, reviewWindow, type PageLimit, type TimelineEntry } from '../domain/complaint-page';
import { answerSinceQuestion, complaintPageData, type ComplaintPageData } from '../db/complaint-page';
import { findApproval } from '../db/lifecycle';
import { AppError, isAppError } from '../errors';
import { isLocale, t, type Locale } from '../i18n';
import { answerInfo } from './answer-info';
import { decideApproval } from './decide-approval';
import type { ServiceDeps } from './deps';
import { recordSurvey } from './record-survey';
import { requestReview } from './request-review';

export interface ComplaintPageView {
  locale: Locale;
  timeZone: string;
  reference: string;
  title: string;
  status: Status;
  archived: boolean;
  filedAt: Date;
  handler: string;
  limits: PageLimit[];
  timeline: TimelineEntry[];
  result: { text: string; basis: string | null } | null;
  rejection: { reason: string } | null;
  /** The question waiting for their answer. */
  question: string | null;
  /** An extension put to them, waiting for their answer. */
  extension: { approvalId: string; stage: string; dueAt: Date; currentDueAt: Date | null; reason: string } | null;
  /**
   * The extension put to them already answered, while the limit it concerns still runs: by them,
   * or by staff recording the consent they gave by phone or otherwise (nothing left to answer).
   */
  extensionAnswered: { stage: string; by: 'complainant' | 'staff'; agreed: boolean; at: Date } | null;
  /** May they rate now (a result to rate), and their rating so far. */
  rating: { may: boolean; current: { rating: number; comment: string | null } | null };
  /** Until when they may ask for a review (null: not now), and the review already waiting, if any. */
  review: { until: Date | null; open: { cause: string; askedAt: Date } | null };
  help: { hotline?: string; mailbox?: string; regulator?: { name: string; contact: string } };
}

/** The page's content, or undefined when the complaint has no outside complainant to show it to. */
export async function complaintPage(deps: ServiceDeps, complaintId: string): Promise<ComplaintPageView | undefined> {
  const data = await complaintPageData(deps.prisma, complaintId);
  return data && complaintPageView(deps, data, deps.clock.now());
}

/** The page's content from what was read (db/complaint-page.ts) at `now`; undefined without an outside complainant. */
export function complaintPageView(deps: Pick<ServiceDeps, 'config'>, data: ComplaintPageData, now: Date): ComplaintPageView | undefined {
  if (!data.complaint.contactId) return undefined;
  const { complaint: c, deadlines, survey, extension, events, review } = data;
  // The complainant's own language where they chose it (the public form).
  const locale: Locale = isLocale(c.locale) ? c.locale : deps.config.locale;
  const { page } = deps.config;
  const timeline = pageTimeline(events);
  const lastQuestion = [...timeline].reverse().find((e) => e.key === 'info_requested');
  const ext = extension ? (extension.payload as Record<string, string>) : undefined;
  const extDeadline = ext ? deadlines.find((d) => d.id === ext.deadlineId) : undefined;
  return {
    locale,
    timeZone: deps.config.timezone,
    reference: c.reference,
    title: c.title,
    status: c.status,
    archived: c.archivedAt !== null,
    filedAt: c.filedAt,
    handler: page.handlerTitle ? textIn(page.handlerTitle, locale) : t(locale, 'page.handler'),
    limits: pageLimits(deadlines, now),
    timeline,
    result: c.status === 'resolved' && c.result ? { text: c.result, basis: c.resultBasis } : null,
    rejection: c.status === 'rejected' ? { reason: c.result ?? '' } : null,
    question: c.status === 'waiting_on_complainant' ? String(lastQuestion?.params.text ?? '') : null,
    extension:
      extension?.status === 'pending' && ext && !c.archivedAt
        ? { approvalId: extension.id, stage: ext.stage ?? '', dueAt: new Date(ext.dueAt ?? ''), currentDueAt: extDeadline?.dueAt ?? null, reason: ext.reason ?? '' }
        : null,
    extensionAnswered:
      extension && extension.status !== 'pending' && extension.decidedAt && ext && extDeadline && !extDeadline.metAt && !c.archivedAt
        ? { stage: ext.stage ?? '', by: extension.decidedBy === COMPLAINANT ? 'complainant' : 'staff', agreed: extension.status === 'approved', at: extension.decidedAt }
        : null,
    rating: { may: c.status === 'resolved' && !c.archivedAt, current: survey ? { rating: survey.rating, comment: survey.comment } : null },
    review: {
      until: c.archivedAt ? null : reviewWindow(c, page.reviewWithinDays, now, deadlines.find((d) => d.stage === 'archive' && !d.metAt)?.dueAt),
      open: review && !c.archivedAt ? { cause: review.cause, askedAt: review.requestedAt } : null,
    },
    help: {
      ...page.supervision,
      ...(page.regulator && { regulator: { name: textIn(page.regulator.name, locale), contact: page.regulator.contact } }),
    },
  };
}

export type PageAct =
  | { kind: 'agree' | 'decline'; approvalId: string }
  | { kind: 'answer'; answer: string }
  | { kind: 'rating'; rating: number; comment: string }
  | { kind: 'review'; reason: string };

/** The complainant's act on their page. Refusals are AppErrors ('stale': already answered or moved on). */
export async function actOnComplaintPage(deps: ServiceDeps, complaintId: string, act: PageAct): Promise<void> {
  switch (act.kind) {
    case 'agree':
    case 'decline': {
      // The approval must be this complaint's, put to its complainant: a page cannot answer another's.
      const approval = await findApproval(deps.prisma, act.approvalId);
      if (!approval || approval.complaintId !== complaintId || approval.kind !== 'extension' || approval.approverId !== COMPLAINANT) {
        throw new AppError('stale', `no extension ${act.approvalId} waits for this complainant`);
      }
      const result = await decideApproval(deps, { approvalId: act.approvalId, actorId: COMPLAINANT, approve: act.kind === 'agree', channel: 'web', expects: 'consent' });
      return void result;
    }
    case 'answer':
      try {
        return await answerInfo(deps, { complaintId, actorId: COMPLAINANT, answer: act.answer });
      } catch (error) {
        throw (isAppError(error) && error.code === 'stale' && (await answeredRefusal(deps, complaintId))) || error;
      }
    case 'rating':
      return void (await recordSurvey(deps, { complaintId, actorId: COMPLAINANT, rating: act.rating, comment: act.comment, channel: 'web' }));
    case 'review':
      return void (await requestReview(deps, { complaintId, cause: 'requested', requestedBy: COMPLAINANT, reason: act.reason }));
  }
}

/**
 * The page's question was refused as no longer waiting: if it was answered since it was asked
 * (by the complainant, or by staff recording an answer given by phone), the refusal says by whom
 * and when. Read after the refusal, which the complaint's lock already decided.
 */
async function answeredRefusal(deps: ServiceDeps, complaintId: string): Promise<AppError | undefined> {
  const answered = await answerSinceQuestion(deps.prisma, complaintId);
  return answered && new AppError('stale', `the question on ${complaintId} was already answered`, { why: 'answered', decidedBy: answered.actorId, at: answered.at.toISOString() });
}
