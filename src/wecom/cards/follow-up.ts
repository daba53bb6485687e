/**
 * After the outcome: the filer's satisfaction follow-up (回访), a rating from 1 to 5 in one
 * click, with Reopen beside it while the filer may still contest the result (that needs a
 * reason: its page); the handler's reminder to call an outside customer, whose rating they record
 * on its page (Record follow-up); and the review (复核) before the group leader after a low rating or the
 * complainant's request, whose two answers both need words (Reopen: why; Confirm closure: a note).
 */
import type { Line, ReviewView } from '../../chat/port';
import { actionsAvailable, standingOf } from '../../domain/lifecycle';
import { t } from '../../i18n';
import type { ButtonCard, CardButton } from '../messages';
import { cardOf, plainLine, stepButton, withQuote, type CardContext } from './common';
import { clickKey } from './keys';

export const RATINGS = [1, 2, 3, 4, 5] as const;

export function surveyCard(ctx: CardContext): ButtonCard {
  const { locale, card } = ctx;
  // Archived (or reopened), the follow-up is settled: the ratings would only be refused.
  const open = card.archivedAt === null && (card.status === 'resolved' || card.status === 'rejected');
  const ratings: CardButton[] = open ? RATINGS.map((rating) => ({ text: String(rating), key: clickKey({ verb: 'rate', complaintId: card.id, rating }), style: 4 })) : [];
  const reopen = actionsAvailable(standingOf(card), new Set(['filer'])).includes('reopen') ? stepButton(ctx, 'reopen', 'action.reopen', undefined, 2) : [];
  const asked = cardOf(ctx, {
    description: `${t(locale, 'survey.rating.1')} … ${t(locale, 'survey.rating.5')}`,
    text: t(locale, 'survey.ask'),
    buttons: [...ratings, ...reopen],
  });
  // The result and its basis, as sent, are what the filer rates.
  const basis = card.resultBasis?.trim() ? `\n${t(locale, 'act.resolve.basis')}: ${card.resultBasis.trim()}` : '';
  return withQuote(asked, card.result ? `${card.result.trim()}${basis}` : null, t(locale, card.status === 'rejected' ? 'card.rejection_reason' : 'card.result'));
}

export function reviewCard(ctx: CardContext, review: ReviewView): ButtonCard {
  const { locale, card } = ctx;
  const settled = review.outcome !== null;
  const buttons: CardButton[] = settled
    ? []
    : [
        ...(actionsAvailable(standingOf(card), new Set(['leader'])).includes('reopen') ? stepButton(ctx, 'reopen', 'action.reopen', undefined, 4) : []),
        ...(card.archivedAt === null ? stepButton(ctx, 'review_confirm', 'review.confirm', review.id, 1) : []),
      ];
  const asked = cardOf(ctx, {
    text: t(locale, review.cause === 'requested' ? 'review.ask.requested' : 'review.ask.low_rating', { rating: review.rating ?? '' }),
    facts: ['status', 'owner', 'firstContact'],
    buttons,
  });
  return withQuote(asked, review.comment, t(locale, review.cause === 'requested' ? 'review.reason' : 'review.comment'));
}

/** The handler's question to the filer; answering needs words, so the button opens its page. */
export function infoCard(ctx: CardContext, question: string, askedBy: string): ButtonCard {
  const { locale, card } = ctx;
  const asked = plainLine(ctx, { key: 'info.ask', params: { asker: askedBy, reference: card.reference, text: '' } });
  return withQuote(cardOf(ctx, { text: `${asked}\n${t(locale, 'info.paused')}`, buttons: stepButton(ctx, 'answer_info', 'action.answer', undefined, 1) }), question);
}

/** The reminder to call an outside customer (回访), with the way to record what they said, while the follow-up is open. */
export function followUpCallCard(ctx: CardContext, line: Line): ButtonCard {
  const { card } = ctx;
  const open = (card.status === 'resolved' || card.status === 'rejected') && card.archivedAt === null && card.maskedContact !== null;
  return cardOf(ctx, { text: plainLine(ctx, line), facts: ['customer', 'contact'], buttons: open ? stepButton(ctx, 'survey_record', 'action.record_follow_up', undefined, 1) : [] });
}

/**
 * The result (or rejection) told to the team member who filed for an outside customer, with
 * Reopen while they may still contest it, as Slack's notice offers it (the customer is called
 * by the handler; nobody rates here). The result and its basis are the quote; the card's tap
 * opens the complaint's page, where they are shown whole.
 */
export function resultNoticeCard(ctx: CardContext): ButtonCard {
  const { locale, card } = ctx;
  const rejected = card.status === 'rejected';
  const reopen = actionsAvailable(standingOf(card), new Set(['filer'])).includes('reopen') ? stepButton(ctx, 'reopen', 'action.reopen', undefined, 2) : [];
  const told = cardOf(ctx, { text: t(locale, rejected ? 'wecom.notice.rejected' : 'wecom.notice.result'), buttons: reopen });
  const basis = !rejected && card.resultBasis?.trim() ? `\n${t(locale, 'act.resolve.basis')}: ${card.resultBasis.trim()}` : '';
  return withQuote(told, card.result ? `${card.result.trim()}${basis}` : null, t(locale, rejected ? 'card.rejection_reason' : 'card.result'));
}
