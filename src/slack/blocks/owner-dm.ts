import { formatDateTime, t } from '../../i18n';
import { fieldSections, mention, mrkdwn, type SlackMessage } from './common';
import { escapeText } from './escape';
import { acceptActions, contextBlock, facts, originLink, type CardContext } from './card-parts';

/** Tells the owner a complaint is theirs; the Accept button works the same as on the channel card. */
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
      ...fieldSections(facts(ctx, ['priority', 'category', 'filedBy', 'customer', 'contact'])),
      ...contextBlock([originLink(locale, card)]),
      ...acceptActions(locale, card),
    ],
  };
}

/** Confirms to the filer that the complaint exists, under which reference, and who owns it. */
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
    blocks: [{ type: 'section', text: mrkdwn(lines.join('\n')) }],
  };
}
