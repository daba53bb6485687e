import type { Button } from '@slack/types';
import type { ComplaintCard } from '../../domain/complaint';
import { stageLabel, t, type Locale } from '../../i18n';
import { FILER_ACTIONS_BLOCK } from '../ids';
import { plain } from './common';
import { fieldSections, LIMITS, mention, mrkdwn, truncate, type SlackMessage } from './common';
import { cardLink } from './card-link';
import { escapeText } from './escape';
import { bold, dateTime } from './markup';
import { actionButton, cardActions } from './card-actions';
import { acceptedLine, contextBlock, facts, originLink, type CardContext } from './card-parts';

/**
 * Tells the owner a complaint is theirs, leading with what is asked of them and by when (said
 * once: the facts below leave the deadline out), with a link to the card in the channel. Its
 * buttons work the same as on the card.
 */
export function ownerAssignedMessage(ctx: CardContext): SlackMessage {
  const { locale, card } = ctx;
  const title = escapeText(truncate(card.title, LIMITS.headerText));
  return {
    text: `${ownerAsk(ctx, (s) => s)} · ${title}`,
    blocks: [
      { type: 'section', text: mrkdwn(`${ownerAsk(ctx, (s) => `*${s}*`)}\n${title}`) },
      ...fieldSections(facts(ctx, ['priority', 'category', 'source', 'filedBy', 'customer', 'contact'])),
      ...contextBlock([acceptedLine(ctx), cardLink(locale, card), originLink(locale, card)]),
      ...cardActions(locale, card),
    ],
  };
}

/** Accept by …, or (handed over later) the next limit, or just that it is theirs now. */
function ownerAsk({ locale, timeZone, card }: CardContext, strong: (mrkdwn: string) => string): string {
  const reference = strong(card.reference);
  const when = (d: Date) => strong(dateTime(locale, d, timeZone));
  if (card.status === 'new' && card.ackDueAt) return t(locale, 'owner.ask.accept', { reference, due: when(card.ackDueAt) });
  if (card.nextDue && !card.paused) {
    return t(locale, 'owner.ask.next', { reference, stage: escapeText(stageLabel(locale, card.nextDue.stage)), due: when(card.nextDue.dueAt) });
  }
  return t(locale, 'owner.ask.none', { reference });
}

/**
 * The answer to Accept pressed after someone else accepted (on the card, or a DM not yet
 * updated): who did, and who handles it, so the press is never met with silence.
 */
export function alreadyAccepted({ locale, timeZone, card }: CardContext, actorId: string): SlackMessage {
  const params = {
    reference: escapeText(card.reference),
    user: mention(card.acceptedById ?? card.ownerId),
    time: card.acceptedAt ? dateTime(locale, card.acceptedAt, timeZone) : '',
    owner: mention(card.ownerId),
  };
  const text = t(locale, actorId === card.ownerId ? 'card.accepted_already' : 'card.accepted_already.other', params);
  return { text, blocks: [{ type: 'section', text: mrkdwn(text) }] };
}

/** A filing answered before it was stored, then not stored: the filer has to file it again. */
export function filingFailedMessage(locale: Locale, title: string): SlackMessage {
  const text = t(locale, 'filer.filing_failed', { title: escapeText(truncate(title, LIMITS.headerText)) });
  return { text, blocks: [{ type: 'section', text: mrkdwn(text) }] };
}

/**
 * Confirms to the filer that the complaint exists, under which reference, and who owns it.
 * Until someone accepts it, the filer may withdraw it from here.
 */
export function filerConfirmation({ locale, timeZone, card }: CardContext): SlackMessage {
  const owner = mention(card.ownerId);
  const group = escapeText(card.groupName);
  const lines = [t(locale, 'filer.confirmation', { reference: bold(escapeText(card.reference)), title: escapeText(card.title) })];
  lines.push(
    card.status === 'new' && card.ackDueAt
      ? t(locale, 'filer.owner.due', { owner, group, due: dateTime(locale, card.ackDueAt, timeZone) })
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
