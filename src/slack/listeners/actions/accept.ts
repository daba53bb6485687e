/** The Accept button, on the channel card and in the handler's DM. */
import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { AppError } from '../../../errors';
import { alreadyAccepted } from '../../blocks/owner-dm';
import type { SlackContext } from '../../context';
import { ACCEPT_ACTION } from '../../ids';
import { parseComplaintId } from '../../parse/action-values';

export function register(app: App, { services, locale, timeZone }: SlackContext): void {
  app.action<BlockAction<ButtonAction>>(ACCEPT_ACTION, async ({ ack, action, body, respond }) => {
    await ack();
    const complaintId = parseComplaintId(action.value);
    if (!complaintId) throw new AppError('invalid_input', `accept button carried "${action.value}"`);
    // The card and the handler's DM are refreshed through the outbox.
    const { changed, complaint } = await services.acceptComplaint({ complaintId, actorId: body.user.id });
    // Someone else got there first: say who, rather than leave the press unanswered. A second
    // press by the one who accepted (a double click) changes nothing and needs no answer.
    if (!changed && complaint.acceptedById !== body.user.id) {
      await respond({ response_type: 'ephemeral', replace_original: false, ...alreadyAccepted({ locale, timeZone, card: complaint }, body.user.id) });
    }
  });
}
