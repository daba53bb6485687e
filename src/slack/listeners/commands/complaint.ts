/** `/complaint`: the modal, or help / mine / show. Parses, calls one service, answers. */
import type { App } from '@slack/bolt';
import { complaintModal } from '../../blocks/complaint-modal';
import { helpMessage } from '../../blocks/help';
import { mineMessage } from '../../blocks/mine';
import { showMessage } from '../../blocks/show';
import type { SlackContext } from '../../context';
import { COMMAND } from '../../ids';
import { parseCommandText } from '../../parse/command';

export function register(app: App, { services, locale, timeZone }: SlackContext): void {
  app.command(COMMAND, async ({ command, ack, client, respond }) => {
    const request = parseCommandText(command.text);
    // Every branch acks first: Slack shows an error after 3 seconds, and trigger ids expire.
    await ack();
    switch (request.kind) {
      case 'file':
        await client.views.open({
          trigger_id: command.trigger_id,
          view: complaintModal({ locale, categories: services.config.categories, privateMetadata: '' }),
        });
        return;
      case 'mine': {
        const mine = await services.listMyComplaints(command.user_id);
        await respond({ response_type: 'ephemeral', ...mineMessage({ locale, timeZone, ...mine }) });
        return;
      }
      case 'show': {
        // Not found or not allowed: the AppError ends in the error handler, answered ephemerally.
        const card = await services.showComplaint(command.user_id, request.reference);
        await respond({ response_type: 'ephemeral', ...showMessage({ locale, timeZone, card }) });
        return;
      }
      default:
        await respond({ response_type: 'ephemeral', ...helpMessage(locale) });
    }
  });
}
