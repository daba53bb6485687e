import { t } from '../../i18n';
import { FILER_ACTIONS_BLOCK } from '../ids';
import { mrkdwn, type SlackMessage } from './common';
import { escapeText } from './escape';
import { actionButton } from './card-actions';
import type { CardContext } from './card-parts';
import { renderLine } from './line';
import { noticeHeading } from './notice';

/** The owner's question to the filer, with a button that opens the answer modal. */
export function infoAsk(ctx: CardContext & { question: string; askedBy: string }): SlackMessage {
  const { locale, timeZone, card, question, askedBy } = ctx;
  const text = renderLine({ locale, timeZone }, { key: 'info.ask', params: { asker: askedBy, reference: card.reference, text: question } });
  return {
    text: t(locale, 'info.fallback', { reference: card.reference }),
    blocks: [
      { type: 'context', elements: [mrkdwn(noticeHeading(ctx))] },
      { type: 'section', text: mrkdwn(text) },
      { type: 'context', elements: [mrkdwn(escapeText(t(locale, 'info.paused')))] },
      { type: 'actions', block_id: FILER_ACTIONS_BLOCK, elements: [{ ...actionButton(locale, card, 'answer_info', 'primary'), text: { type: 'plain_text', text: t(locale, 'action.answer'), emoji: true } }] },
    ],
  };
}
