/** The button on a reaction's private offer: opens the modal for that message. */
import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { AppError } from '../../../errors';
import type { SlackContext } from '../../context';
import { OPEN_FILE_MODAL_ACTION } from '../../ids';
import { parseOfferValue } from '../../parse/action-values';
import { openPrefilledModal } from '../shortcuts/prefilled-modal';

export function register(app: App, ctx: SlackContext): void {
  app.action<BlockAction<ButtonAction>>(OPEN_FILE_MODAL_ACTION, async ({ ack, action, body, client }) => {
    await ack();
    const message = parseOfferValue(action.value);
    if (!message) throw new AppError('invalid_input', `offer button carried "${action.value}"`);
    await openPrefilledModal(client, ctx, { triggerId: body.trigger_id, userId: body.user.id, ...message });
  });
}
