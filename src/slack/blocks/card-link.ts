/**
 * What lets a reader find and weigh a complaint at a glance: its priority as a colour, as
 * incident tools show severity, and a link from a direct message back to its card in the
 * group's channel, where its thread has the whole story.
 */
import type { ComplaintCard, Priority } from '../../domain/complaint';
import { t, type Locale } from '../../i18n';
import { slackMessageLink } from '../../reports/sample';
import { link } from './common';

/** Red for urgent, orange for major; normal gets a quiet blue so every card lines up. */
export const PRIORITY_MARK: Record<Priority, string> = {
  urgent: ':red_circle:',
  major: ':large_orange_circle:',
  normal: ':large_blue_circle:',
};

/** `<link|Open the card in the channel>`, once the card is posted (before that, nothing). */
export function cardLink(locale: Locale, card: Pick<ComplaintCard, 'channelId' | 'rootMessageId'>): string | undefined {
  if (!card.channelId || !card.rootMessageId) return undefined;
  return link(slackMessageLink(card.channelId, card.rootMessageId), t(locale, 'card.open'));
}
