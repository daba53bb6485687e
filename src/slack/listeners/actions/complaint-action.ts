/**
 * Every complaint step but Accept, from a button or the overflow menu on the card, the owner's
 * DM or the filer's DMs. Steps that need nothing typed happen at once; the others open their
 * modal, once the service has said the step is open to this person now (a stale button is
 * answered at once, not after someone has typed a reason).
 */
import type { App, BlockAction } from '@slack/bolt';
import { AppError } from '../../../errors';
import { actionModal } from '../../blocks/action-modal';
import { sealView } from '../../sealed-metadata';
import type { SlackContext } from '../../context';
import { isModalAction } from '../../action-kinds';
import { COMPLAINT_ACTION_PATTERN } from '../../ids';
import { parseActionValue } from '../../parse/complaint-action';

/** A button carries its value; an overflow menu the value of the option chosen. */
function pressedValue(action: unknown): unknown {
  const a = action as { value?: unknown; selected_option?: { value?: unknown } | null };
  return a.value ?? a.selected_option?.value;
}

export function register(app: App, { services, locale, timeZoneOf, seal }: SlackContext): void {
  app.action<BlockAction>(COMPLAINT_ACTION_PATTERN, async ({ ack, action, body, client }) => {
    await ack();
    const pressed = parseActionValue(pressedValue(action));
    if (!pressed) throw new AppError('invalid_input', `complaint action carried "${String(pressedValue(action))}"`);
    const input = { complaintId: pressed.complaintId, actorId: body.user.id };
    if (pressed.action === 'start_investigation') return void (await services.startInvestigation(input));
    if (pressed.action === 'withdraw') return void (await services.withdrawComplaint(input));
    if (!isModalAction(pressed.action)) return;
    const card = await services.prepareAction({ ...input, action: pressed.action });
    await client.views.open({ trigger_id: body.trigger_id, view: sealView(seal, body.user.id, actionModal({ locale, timeZone: timeZoneOf(card.groupId), action: pressed.action, card })) });
  });
}
