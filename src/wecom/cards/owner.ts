/**
 * The handler's card (notifyOwner): what is asked of them and by when, the complaint's facts,
 * and the steps open to them now. Accepting and starting the investigation are a click; steps
 * that need something typed open their page in WeCom.
 */
import { actionsAvailable, standingOf } from '../../domain/lifecycle';
import { stageLabel, t } from '../../i18n';
import type { ButtonCard, CardButton } from '../messages';
import { cardOf, stepButton, when, type CardContext } from './common';
import { clickKey } from './keys';
import { isTypedAction, type TypedAction } from './steps';

/** The likely next steps first; a card holds six buttons. */
const STEP_ORDER: readonly TypedAction[] = ['propose_solution', 'resolve', 'answer_info', 'add_note', 'reopen', 'request_info', 'request_rejection', 'request_handover', 'request_extension'];

export function ownerAsk(ctx: CardContext): string {
  const { locale, card } = ctx;
  if (card.status === 'new' && card.ackDueAt) return t(locale, 'owner.ask.accept', { reference: card.reference, due: when(ctx, card.ackDueAt) });
  if (card.nextDue && !card.paused) return t(locale, 'owner.ask.next', { reference: card.reference, stage: stageLabel(locale, card.nextDue.stage), due: when(ctx, card.nextDue.dueAt) });
  return t(locale, 'owner.ask.none', { reference: card.reference });
}

/** The steps open to the handler now: clicks first, then pages. */
export function ownerButtons(ctx: CardContext): CardButton[] {
  const { locale, card } = ctx;
  const open = actionsAvailable(standingOf(card), new Set(['owner']));
  const buttons: CardButton[] = [];
  if (open.includes('accept')) buttons.push({ text: t(locale, 'card.accept'), key: clickKey({ verb: 'accept', complaintId: card.id }) });
  if (open.includes('start_investigation')) buttons.push({ text: t(locale, 'action.start_investigation'), key: clickKey({ verb: 'start_investigation', complaintId: card.id }) });
  for (const step of STEP_ORDER) {
    if (open.includes(step) && isTypedAction(step)) buttons.push(...stepButton(ctx, step, `action.${step}`, undefined, buttons.length === 0 ? 1 : 4));
  }
  return buttons;
}

export function ownerCard(ctx: CardContext): ButtonCard {
  return cardOf(ctx, { text: ownerAsk(ctx), facts: ['priority', 'category', 'source', 'filedBy', 'customer', 'contact'], buttons: ownerButtons(ctx) });
}
