import { maskPersonalData } from '../../domain/mask';
import { t } from '../../i18n';
import type { Line } from '../../chat/port';
import { mrkdwn, truncate, type SlackMessage } from './common';
import { escapeText } from './escape';
import { bold, withEmoji } from './markup';
import type { CardContext } from './card-parts';
import { renderLine } from './line';

const TITLE_MAX = 150;

/**
 * A top-level line in a group's channel about one complaint (an escalation's ping): what
 * happened, and which complaint. Many people read a channel, so typed text is masked.
 */
export function channelLineMessage(ctx: CardContext & { line: Line }): SlackMessage {
  const { locale, timeZone, card, line } = ctx;
  const words = renderLine({ locale, timeZone, mask: true }, line);
  // A top-level line in a busy channel is an escalation's alarm: it should catch the eye.
  const body = line.key === 'channel.escalated' ? withEmoji('alarm', words) : words;
  const title = escapeText(truncate(maskPersonalData(card.title), TITLE_MAX));
  const heading = t(locale, 'notice.heading', { reference: bold(escapeText(card.reference)), title });
  return {
    text: truncate(`${card.reference} · ${body}`, 3000),
    blocks: [
      { type: 'section', text: mrkdwn(body) },
      { type: 'context', elements: [mrkdwn(heading)] },
    ],
  };
}
