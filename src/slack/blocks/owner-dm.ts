import type { Button } from '@slack/types';
import type { ComplaintCard } from '../../domain/complaint';
import { formatDateTime, t, type Locale } from '../../i18n';
import { FILER_ACTIONS_BLOCK } from '../ids';
import { plain } from './common';
import { fieldSections, mention, mrkdwn, type SlackMessage } from './common';
import { escapeText } from './escape';
import { actionButton, cardActions } from './card-actions';
import { contextBlock, facts, originLink, type CardContext } from './card-parts';

/** Tells the owner a complaint is theirs; its buttons work the same as on the channel card. */
export function ownerAssignedMessage(ctx: CardContext): SlackMessage {
  const { locale, timeZone, card } = ctx;
  const title = escapeText(card.title);
  const lines = [t(locale, 'owner.assigned', { reference: card.reference, title })];
  if (card.status === 'new' && card.ackDueAt) {
    lines.push(t(locale, 'owner.assigned.due', { due: escapeText(formatDateTime(locale, card.ackDueAt, timeZone)) }));
  }
  return {
    text: t(locale, 'owner.assigned.fallback', { reference: card.reference, title }),
    blocks: [
      { type: 'section', text: mrkdwn(lines.join('\n')) },
      ...fieldSections(facts(ctx, ['priority', 'status', 'category', 'nextDue', 'filedBy', 'customer', 'contact'])),
      ...contextBlock([originLink(locale, card)]),
      ...cardActions(locale, card),
    ],
  };
}

/**
 * Confirms to the filer that the complaint exists, under which reference, and who owns it.
 * Until someone accepts it, the filer may withdraw it from here.
 */
export function filerConfirmation({ locale, timeZone, card }: CardContext): SlackMessage {
  const owner = mention(card.ownerId);
  const group = escapeText(card.groupName);
  const lines = [t(locale, 'filer.confirmation', { reference: card.reference, title: escapeText(card.title) })];
  lines.push(
    card.status === 'new' && card.ackDueAt
      ? t(locale, 'filer.owner.due', { owner, group, due: escapeText(formatDateTime(locale, card.ackDueAt, timeZone)) })
      : t(locale, 'filer.owner', { owner, group }),
  );
  return {
    text: t(locale, 'filer.fallback', { reference: card.reference }),
    blocks: [
      { type: 'section', text: mrkdwn(lines.join('\n')) },
      ...(card.status === 'new'
        ? [{ type: 'actions' as const, block_id: FILER_ACTIONS_BLOCK, elements: [withdrawButton(locale, card)] }]
        : []),
    ],
  };
}

/** Withdrawing closes the complaint, so Slack asks "are you sure?" before sending the press. */
export function withdrawButton(locale: Locale, card: ComplaintCard): Button {
  return {
    ...actionButton(locale, card, 'withdraw', 'danger'),
    confirm: {
      title: plain(t(locale, 'confirm.withdraw.title'), 100),
      text: plain(t(locale, 'confirm.withdraw.text'), 300),
      confirm: plain(t(locale, 'confirm.withdraw.yes'), 30),
      deny: plain(t(locale, 'confirm.no'), 30),
      style: 'danger',
    },
  };
}
