/**
 * A review (复核) before the group leader: the complainant rated the result low (回访不满意) or
 * asked for a second look. The leader reopens the complaint (the lifecycle's Reopen) or confirms
 * its closure with a note. Once settled, the same message shows how, in place of its buttons.
 */
import type { Button, KnownBlock, ModalView } from '@slack/types';
import type { ReviewView } from '../../chat/port';
import { actionsAvailable, standingOf } from '../../domain/lifecycle';
import { isMessageKey, t, type Locale } from '../../i18n';
import { REVIEW_ACTIONS_BLOCK, REVIEW_CONFIRM_ACTION, REVIEW_CONFIRM_VIEW } from '../ids';
import { encodeReviewMetadata } from '../parse/review';
import { textInput } from './action-modal';
import { actionButton } from './card-actions';
import { contextBlock, facts, outcomeSections, type CardContext } from './card-parts';
import { fieldSections, LIMITS, mention, mrkdwn, plain, truncate, type SlackMessage } from './common';
import { escapeText } from './escape';
import { bold, dateTime, withEmoji } from './markup';
import { noticeHeading } from './notice';

export interface ReviewAskInput extends CardContext {
  review: ReviewView;
}

const OUTCOME_MAX = 1000;

function askText({ locale, review }: ReviewAskInput): string {
  const key = review.cause === 'requested' ? 'review.ask.requested' : 'review.ask.low_rating';
  return withEmoji('atRisk', t(locale, key, { rating: review.rating ?? '' }));
}

function settledText(locale: Locale, timeZone: string, review: ReviewView): string | undefined {
  if (!review.outcome || !review.decidedAt) return undefined;
  const key = `review.outcome.${review.outcome}`;
  const by = review.decidedBy && review.decidedBy !== 'system' ? mention(review.decidedBy) : '';
  const text = t(locale, isMessageKey(key) ? key : 'review.outcome.lapsed', { user: by, time: dateTime(locale, review.decidedAt, timeZone) });
  return withEmoji('done', text);
}

function choices(ctx: ReviewAskInput): KnownBlock[] {
  const { locale, card, review } = ctx;
  const buttons: Button[] = [];
  if (actionsAvailable(standingOf(card), new Set(['leader'])).includes('reopen')) buttons.push(actionButton(locale, card, 'reopen'));
  if (card.archivedAt === null) {
    buttons.push({ type: 'button', action_id: REVIEW_CONFIRM_ACTION, style: 'primary', text: plain(t(locale, 'review.confirm'), LIMITS.buttonText), value: review.id });
  }
  return buttons.length ? [{ type: 'actions', block_id: REVIEW_ACTIONS_BLOCK, elements: buttons }] : [];
}

export function reviewAsk(ctx: ReviewAskInput): SlackMessage {
  const { locale, timeZone, card, review } = ctx;
  const settled = settledText(locale, timeZone, review);
  const label = review.cause === 'requested' ? 'review.reason' : 'review.comment';
  const comment = review.comment?.trim() ? `${bold(escapeText(t(locale, label)))}\n${escapeText(truncate(review.comment.trim(), OUTCOME_MAX))}` : undefined;
  return {
    text: t(locale, 'review.fallback', { reference: card.reference }),
    blocks: [
      { type: 'context', elements: [mrkdwn(noticeHeading(ctx))] },
      { type: 'section', text: mrkdwn(askText(ctx)) },
      ...(comment ? [{ type: 'section' as const, text: mrkdwn(comment) }] : []),
      ...outcomeSections(ctx, { mask: false, max: OUTCOME_MAX }),
      ...fieldSections(facts(ctx, ['status', 'owner', 'firstContact', 'followUp'])),
      ...(settled ? contextBlock([settled]) : choices(ctx)),
    ],
  };
}

/** Confirm closure asks why the outcome stands: the note is audited and put in the thread. */
export function reviewConfirmModal({ locale, card, reviewId }: { locale: Locale; card: CardContext['card']; reviewId: string }): ModalView {
  const heading = t(locale, 'act.context', { reference: bold(escapeText(card.reference)), title: escapeText(truncate(card.title, 150)) });
  return {
    type: 'modal',
    callback_id: REVIEW_CONFIRM_VIEW,
    private_metadata: encodeReviewMetadata({ id: reviewId }),
    title: plain(t(locale, 'review.confirm.title'), LIMITS.modalTitle),
    submit: plain(t(locale, 'review.confirm.submit'), LIMITS.modalButton),
    close: plain(t(locale, 'act.close'), LIMITS.modalButton),
    blocks: [{ type: 'context', elements: [mrkdwn(heading)] }, textInput(locale, 'text', 'review.confirm.text')],
  };
}
