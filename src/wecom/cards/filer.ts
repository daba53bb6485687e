/**
 * The card confirming a filing to a team-member filer: under which reference, who handles it and
 * by when. Until someone accepts it the filer may withdraw it from here with a click, as from
 * Slack's confirmation (WeCom's card has no "are you sure?": the button is red, and after a
 * click the card shows that it was withdrawn). A click once it is accepted is refused in words.
 */
import { actionsAvailable, standingOf } from '../../domain/lifecycle';
import { t } from '../../i18n';
import type { ButtonCard, CardButton } from '../messages';
import { cardOf, when, type CardContext } from './common';
import { clickKey } from './keys';

export function filerCard(ctx: CardContext): ButtonCard {
  const { locale, card } = ctx;
  const owner = { owner: card.ownerId, group: card.groupName };
  const lines = [
    t(locale, 'filer.confirmation', { reference: card.reference, title: card.title }),
    card.status === 'new' && card.ackDueAt ? t(locale, 'filer.owner.due', { ...owner, due: when(ctx, card.ackDueAt) }) : t(locale, 'filer.owner', owner),
  ];
  const withdraw: CardButton[] = actionsAvailable(standingOf(card), new Set(['filer'])).includes('withdraw')
    ? [{ text: t(locale, 'action.withdraw'), key: clickKey({ verb: 'withdraw', complaintId: card.id }), style: 3 }]
    : [];
  return cardOf(ctx, { text: lines.join('\n'), buttons: withdraw });
}
