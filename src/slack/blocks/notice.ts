import type { KnownBlock } from '@slack/types';
import type { Line } from '../../chat/port';
import { actionsAvailable, standingOf } from '../../domain/lifecycle';
import { t } from '../../i18n';
import { FILER_ACTIONS_BLOCK, SURVEY_ACTIONS_BLOCK } from '../ids';
import { mrkdwn, truncate, type SlackMessage } from './common';
import { escapeText } from './escape';
import { bold } from './markup';
import { actionButton, recordFollowUpButton } from './card-actions';
import type { CardContext } from './card-parts';
import { renderLine } from './line';
import { revealActions } from './contact-reveal';

// A DM names its complaint; a long title would push the news itself out of sight.
const TITLE_MAX = 150;

/** The complaint a DM is about, as its first line: `*PLG-2026-000123* · title`. */
export function noticeHeading({ locale, card }: CardContext): string {
  return t(locale, 'notice.heading', { reference: bold(escapeText(card.reference)), title: escapeText(truncate(card.title, TITLE_MAX)) });
}

/** Notices after which the complainant may want the complaint looked at again. */
const REOPENABLE = new Set(['notice.result', 'notice.rejected']);

/** A direct message to one person about a complaint: what happened, in one line. */
export function noticeMessage(ctx: CardContext & { line: Line }): SlackMessage {
  const { locale, timeZone, card, line } = ctx;
  const body = renderLine({ locale, timeZone }, line);
  const blocks: KnownBlock[] = [
    { type: 'context', elements: [mrkdwn(noticeHeading(ctx))] },
    { type: 'section', text: mrkdwn(body) },
  ];
  // Rendered at delivery: offered only while the complaint can still be reopened.
  if (REOPENABLE.has(line.key) && actionsAvailable(standingOf(card), new Set(['filer'])).includes('reopen')) {
    blocks.push({ type: 'actions', block_id: FILER_ACTIONS_BLOCK, elements: [actionButton(locale, card, 'reopen')] });
  }
  // The reminder to call an outside customer carries the number to call and the way to record what they said.
  if (line.key === 'notice.follow_up_call' && card.maskedContact !== null && (card.status === 'resolved' || card.status === 'rejected') && card.archivedAt === null) {
    blocks.push(...revealActions(locale, card), { type: 'actions', block_id: SURVEY_ACTIONS_BLOCK, elements: [recordFollowUpButton(locale, card)] });
  }
  return { text: truncate(`${card.reference} · ${body}`, 3000), blocks };
}
