/**
 * The satisfaction follow-up (回访): the filer's DM with the result and its basis, then the
 * question and 1-5 buttons (one message: the result and the question about it belong together), which open a modal with
 * the rating chosen and room for a comment; and the owner's modal for recording what an
 * outside customer said on a follow-up call. A rating can be changed later (audited).
 */
import { actionsAvailable, standingOf } from '../../domain/lifecycle';
import type { Button, InputBlock, KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import type { Line } from '../../chat/port';
import type { ComplaintCard } from '../../domain/complaint';
import { t, type Locale } from '../../i18n';
import { DELIVERY_CHANNELS } from '../../services/resolve-complaint';
import { ACTION_FIELD, FILER_ACTIONS_BLOCK, SURVEY_ACTIONS_BLOCK, SURVEY_MODAL_VIEW, surveyRateActionId } from '../ids';
import { encodeSurveyMetadata, type SurveyMetadata } from '../parse/survey';
import { input, textInput } from './action-modal';
import { LIMITS, mrkdwn, plain, truncate, type SlackMessage } from './common';
import { escapeText } from './escape';
import { bold, dateTime, withEmoji } from './markup';
import { actionButton } from './card-actions';
import { renderLine } from './line';
import type { CardContext } from './card-parts';
import { noticeHeading } from './notice';

export const RATINGS = [1, 2, 3, 4, 5] as const;

export interface SurveyAskInput extends CardContext {
  /** Once rated: the rating and when, shown above the buttons (which stay, for a change). */
  rated?: { rating: number; at: Date };
}

export function surveyAsk(input: SurveyAskInput): SlackMessage {
  const { locale, timeZone, card, rated } = input;
  // Archived (or reopened), the follow-up is settled: the rating buttons would only be refused.
  const open = card.archivedAt === null && (card.status === 'resolved' || card.status === 'rejected');
  const outcome: Line = card.status === 'rejected' ? { key: 'notice.rejected', params: { text: card.result ?? '' } } : { key: 'notice.result', params: { text: card.result ?? '', basis: card.resultBasis ?? '' } };
  const buttons: Button[] = RATINGS.map((r) => ({
    type: 'button',
    action_id: surveyRateActionId(r),
    text: plain(String(r), LIMITS.buttonText),
    value: card.id,
    ...(rated?.rating === r ? { style: 'primary' as const } : {}),
  }));
  const blocks: KnownBlock[] = [
    { type: 'context', elements: [mrkdwn(noticeHeading(input))] },
    ...(card.result ? [{ type: 'section' as const, text: mrkdwn(renderLine({ locale, timeZone }, outcome)) }] : []),
    { type: 'section', text: mrkdwn(t(locale, 'survey.ask')) },
    { type: 'context', elements: [mrkdwn(escapeText(`${t(locale, 'survey.rating.1')} … ${t(locale, 'survey.rating.5')}`))] },
  ];
  if (rated) {
    const time = dateTime(locale, rated.at, timeZone);
    blocks.push({ type: 'section', text: mrkdwn(withEmoji('done', t(locale, open ? 'survey.rated' : 'survey.rated_final', { rating: rated.rating, time }))) });
  }
  if (open) blocks.push({ type: 'actions', block_id: SURVEY_ACTIONS_BLOCK, elements: buttons });
  // The result notice offered Reopen; now that the result comes here, so does the way to contest it.
  if (actionsAvailable(standingOf(card), new Set(['filer'])).includes('reopen')) blocks.push({ type: 'actions', block_id: FILER_ACTIONS_BLOCK, elements: [actionButton(locale, card, 'reopen')] });
  return { text: t(locale, card.status === 'rejected' ? 'survey.fallback_rejected' : 'survey.fallback', { reference: card.reference }), blocks };
}

/** A change keeps the earlier comment unless it is rewritten. */
function withInitial(block: InputBlock, value: string | null | undefined): InputBlock {
  return value ? { ...block, element: { ...block.element, initial_value: value } as InputBlock['element'] } : block;
}

export interface SurveyModalInput {
  locale: Locale;
  card: ComplaintCard;
  metadata: SurveyMetadata;
  /** Preselected: the button pressed, or the rating so far. */
  rating?: number;
  current: { rating: number; comment: string | null } | null;
}

export function surveyModal(m: SurveyModalInput): ModalView {
  const { locale, card, metadata, current } = m;
  const record = metadata.m === 'record';
  const options = RATINGS.map((r): PlainTextOption => ({ text: plain(t(locale, `survey.rating.${r}`), LIMITS.optionText), value: String(r) }));
  const initial = options.find((o) => o.value === String(m.rating ?? current?.rating ?? ''));
  const heading = t(locale, 'act.context', { reference: bold(escapeText(card.reference)), title: escapeText(truncate(card.title, 150)) });
  const blocks: KnownBlock[] = [
    { type: 'context', elements: [mrkdwn(heading)] },
    ...(current ? [{ type: 'context' as const, elements: [mrkdwn(escapeText(t(locale, 'survey.current', { rating: current.rating })))] }] : []),
    input(locale, 'rating', record ? 'survey.record.rating' : 'survey.rating', {
      type: 'radio_buttons',
      action_id: ACTION_FIELD.rating.action,
      options,
      ...(initial ? { initial_option: initial } : {}),
    }),
    withInitial(textInput(locale, 'text', record ? 'survey.record.comment' : 'survey.comment', { optional: true }), record ? undefined : current?.comment),
  ];
  if (record) {
    const channels = DELIVERY_CHANNELS.map((c): PlainTextOption => ({ text: plain(t(locale, `delivery.${c}`), LIMITS.optionText), value: c }));
    blocks.push(
      input(locale, 'channel', 'survey.record.channel', { type: 'static_select', action_id: ACTION_FIELD.channel.action, options: channels }),
      textInput(locale, 'note', 'survey.record.note', { optional: true, hint: 'survey.record.note.hint' }),
    );
  }
  return {
    type: 'modal',
    callback_id: SURVEY_MODAL_VIEW,
    private_metadata: encodeSurveyMetadata(metadata),
    title: plain(t(locale, record ? 'survey.record.title' : 'survey.title'), LIMITS.modalTitle),
    submit: plain(t(locale, record ? 'survey.record.submit' : 'survey.submit'), LIMITS.modalButton),
    close: plain(t(locale, 'act.close'), LIMITS.modalButton),
    blocks,
  };
}
