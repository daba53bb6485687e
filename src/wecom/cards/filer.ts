/**
 * The card confirming a filing to a team-member filer: under which reference, who handles it and
 * by when. Until someone accepts it the filer may withdraw it from here. Withdrawing closes the
 * complaint, so, as Slack's button asks "are you sure?" first, a click on Withdraw turns this card
 * into that question (withdrawConfirmCard): Withdraw there withdraws, Cancel puts this card back.
 * A click once it is accepted is refused in words.
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

/** The question a click on Withdraw puts in the card's place, in the words of Slack's confirmation. */
export function withdrawConfirmCard(ctx: CardContext): ButtonCard {
  const { locale, card } = ctx;
  return cardOf(ctx, {
    description: t(locale, 'confirm.withdraw.title'),
    text: t(locale, 'confirm.withdraw.text'),
    buttons: [
      { text: t(locale, 'confirm.withdraw.yes'), key: clickKey({ verb: 'withdraw_confirmed', complaintId: card.id }), style: 3 },
      { text: t(locale, 'confirm.no'), key: clickKey({ verb: 'withdraw_cancelled', complaintId: card.id }), style: 2 },
    ],
  });
}
