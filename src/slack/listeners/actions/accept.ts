/** The Accept button, on the channel card and in the owner's DM. */
import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { AppError } from '../../../errors';
import type { SlackContext } from '../../context';
import { ACCEPT_ACTION } from '../../ids';
import { parseComplaintId } from '../../parse/action-values';

export function register(app: App, { services }: SlackContext): void {
  app.action<BlockAction<ButtonAction>>(ACCEPT_ACTION, async ({ ack, action, body }) => {
    await ack();
    const complaintId = parseComplaintId(action.value);
    if (!complaintId) throw new AppError('invalid_input', `accept button carried "${action.value}"`);
    // The card is refreshed through the outbox; a second press simply changes nothing.
    await services.acceptComplaint({ complaintId, actorId: body.user.id });
  });
}
