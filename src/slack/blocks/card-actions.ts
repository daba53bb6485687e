/**
 * The buttons for a complaint's next steps, by its status. Which steps exist comes from the
 * lifecycle table (as the owner would see them); whether the person pressing may take one is
 * the service's business, checked on press. Slack shows a row of more than a few buttons
 * badly, so the likely next steps are buttons and the rest sit in an overflow menu (≤ 5 options).
 */
import type { Button, KnownBlock, Overflow, PlainTextOption } from '@slack/types';
import type { ComplaintCard } from '../../domain/complaint';
import { actionsAvailable, standingOf } from '../../domain/lifecycle';
import { t, type Locale } from '../../i18n';
import { BUTTON_ACTIONS, type ButtonAction } from '../action-kinds';
import { ACCEPT_ACTION, CARD_ACTIONS_BLOCK, complaintActionId, SURVEY_RECORD_ACTION } from '../ids';
import { encodeActionValue } from '../parse/complaint-action';
import { LIMITS, plain } from './common';

/** Shown as buttons, in this order, when available; everything else goes in the menu. */
const PRIMARY: readonly ButtonAction[] = ['start_investigation', 'propose_solution', 'resolve', 'answer_info', 'add_note', 'reopen'];
const OVERFLOW_MAX = 5;

export function actionButton(locale: Locale, card: ComplaintCard, action: ButtonAction, style?: 'primary' | 'danger'): Button {
  return {
    type: 'button',
    action_id: complaintActionId(action),
    text: plain(t(locale, `action.${action}`), LIMITS.buttonText),
    value: encodeActionValue(action, card.id),
    ...(style ? { style } : {}),
  };
}

function acceptButton(locale: Locale, card: ComplaintCard): Button {
  return { type: 'button', action_id: ACCEPT_ACTION, style: 'primary', text: plain(t(locale, 'card.accept'), LIMITS.buttonText), value: card.id };
}

/** Opens the modal for an outside customer's rating, given on a follow-up call. */
export function recordFollowUpButton(locale: Locale, card: ComplaintCard): Button {
  return { type: 'button', action_id: SURVEY_RECORD_ACTION, text: plain(t(locale, 'action.record_follow_up'), LIMITS.buttonText), value: card.id };
}

export function cardActions(locale: Locale, card: ComplaintCard): KnownBlock[] {
  // The leader's steps too: reopening a resolved or rejected complaint is theirs (or the filer's).
  const available = actionsAvailable(standingOf(card), new Set(['owner', 'leader']));
  const offered = BUTTON_ACTIONS.filter((a) => available.includes(a));
  const buttons: Button[] = available.includes('accept') ? [acceptButton(locale, card)] : [];
  for (const action of PRIMARY) {
    if (offered.includes(action)) buttons.push(actionButton(locale, card, action, buttons.length === 0 ? 'primary' : undefined));
  }
  // The follow-up call of an outside customer is the owner's to record (the filer rates in a DM).
  if ((card.status === 'resolved' || card.status === 'rejected') && !card.archivedAt && card.maskedContact !== null) buttons.push(recordFollowUpButton(locale, card));
  const rest = offered.filter((a) => !PRIMARY.includes(a)).slice(0, OVERFLOW_MAX);
  const elements: (Button | Overflow)[] = [...buttons];
  if (rest.length > 0) {
    const options: PlainTextOption[] = rest.map((a) => ({
      text: plain(t(locale, `action.${a}`), LIMITS.optionText),
      value: encodeActionValue(a, card.id),
    }));
    elements.push({ type: 'overflow', action_id: complaintActionId('more'), options });
  }
  return elements.length === 0 ? [] : [{ type: 'actions', block_id: CARD_ACTIONS_BLOCK, elements }];
}
