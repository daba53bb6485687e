/**
 * Renders a port Line (an i18n key and its parameters) as mrkdwn. What each parameter means,
 * and what a channel masks, is the port's convention (chat/render/line-params); this file says
 * only how Slack writes it: mentions, `*bold*`, `>` quotes, date tokens, its 3,000 characters.
 */
import type { Line } from '../../chat/port';
import { renderLineWith, type LineOptions, type Markup } from '../../chat/render/line-params';
import { LIMITS, mention } from './common';
import { escapeText } from './escape';
import { bold, dateTime } from './markup';

export type { LineOptions } from '../../chat/render/line-params';

export const slackMarkup: Markup = {
  escape: escapeText,
  mention,
  bold,
  quote: (text) => `\n${text.split('\n').map((l) => `>${escapeText(l)}`).join('\n')}`,
  dateTime,
  maxText: LIMITS.sectionText,
};

/**
 * Cuts mrkdwn to `max` without leaving half an entity (`&am…`) or half a mention at the end,
 * which Slack would show as garbage.
 */
export function truncateMrkdwn(s: string, max: number = LIMITS.sectionText): string {
  if (Array.from(s).length <= max) return s;
  const cut = Array.from(s).slice(0, max - 1).join('').replace(/&[a-z]{0,3}$|<[^>]*$/, '');
  return `${cut}…`;
}

/** A line as mrkdwn. A key this version does not know still renders (as the key itself). */
export function renderLine(o: LineOptions, line: Line): string {
  return truncateMrkdwn(renderLineWith(slackMarkup, o, line));
}
