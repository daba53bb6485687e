import { maskPersonalData } from '../../domain/mask';
import { t } from '../../i18n';
import type { Line } from '../../chat/port';
import { mrkdwn, truncate, type SlackMessage } from './common';
import { escapeText } from './escape';
import type { CardContext } from './card-parts';
import { renderLine } from './line';

const TITLE_MAX = 150;

/**
 * A top-level line in a group's channel about one complaint (an escalation's ping): what
 * happened, and which complaint. Many people read a channel, so typed text is masked.
 */
export function channelLineMessage(ctx: CardContext & { line: Line }): SlackMessage {
  const { locale, timeZone, card, line } = ctx;
  const body = renderLine({ locale, timeZone, mask: true }, line);
  const title = escapeText(truncate(maskPersonalData(card.title), TITLE_MAX));
  const heading = t(locale, 'notice.heading', { reference: card.reference, title });
  return {
    text: truncate(`${card.reference} · ${body}`, 3000),
    blocks: [
      { type: 'section', text: mrkdwn(body) },
      { type: 'context', elements: [mrkdwn(heading)] },
    ],
  };
}
