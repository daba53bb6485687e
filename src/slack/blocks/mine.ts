import type { KnownBlock } from '@slack/types';
import type { ComplaintCard } from '../../domain/complaint';
import { standingLabel, t, type Locale, type MessageKey } from '../../i18n';
import { mrkdwn, plain, truncate, type SlackMessage } from './common';
import { escapeText } from './escape';
import { bold, italic } from './markup';

export interface MineInput {
  locale: Locale;
  /** Unused today (no dates in the list) but accepted so every card-rendering builder has one shape. */
  timeZone: string;
  filed: readonly ComplaintCard[];
  owned: readonly ComplaintCard[];
}

// 1 header + 2 × (heading + 20 rows + "and N more") + 1 divider = 47, inside Slack's 50 blocks.
export const MINE_MAX_PER_LIST = 20;
const TITLE_MAX = 100;

function list(locale: Locale, heading: MessageKey, empty: MessageKey, cards: readonly ComplaintCard[]): KnownBlock[] {
  const blocks: KnownBlock[] = [{ type: 'section', text: mrkdwn(bold(t(locale, heading))) }];
  if (cards.length === 0) {
    blocks.push({ type: 'context', elements: [mrkdwn(t(locale, empty))] });
    return blocks;
  }
  for (const card of cards.slice(0, MINE_MAX_PER_LIST)) {
    const line = t(locale, 'mine.line', {
      reference: bold(escapeText(card.reference)),
      title: escapeText(truncate(card.title, TITLE_MAX)),
      status: italic(escapeText(standingLabel(locale, card))),
    });
    blocks.push({ type: 'section', text: mrkdwn(line) });
  }
  const rest = cards.length - MINE_MAX_PER_LIST;
  if (rest > 0) blocks.push({ type: 'context', elements: [mrkdwn(t(locale, 'mine.more', { count: rest }))] });
  return blocks;
}

/** `/complaint mine`: what you filed and what you own, newest first as given by the caller. */
export function mineMessage({ locale, filed, owned }: MineInput): SlackMessage {
  return {
    text: t(locale, 'mine.fallback'),
    blocks: [
      { type: 'header', text: plain(t(locale, 'mine.title')) },
      ...list(locale, 'mine.filed', 'mine.none_filed', filed),
      { type: 'divider' },
      ...list(locale, 'mine.owned', 'mine.none_owned', owned),
    ],
  };
}
