/**
 * "Reveal contact": the service checks who is asking and records the reveal before handing the
 * contact over; the answer is ephemeral, seen only by the person who pressed. Nothing here logs
 * it: Bolt and its client stay at INFO (app.ts), where request bodies are not written.
 */
import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { AppError, isAppError } from '../../../errors';
import { revealMessage, revealRefusal } from '../../blocks/contact-reveal';
import type { SlackContext } from '../../context';
import { REVEAL_CONTACT_ACTION } from '../../ids';
import { parseComplaintId } from '../../parse/action-values';

export function register(app: App, { services, locale, timeZone }: SlackContext): void {
  app.action<BlockAction<ButtonAction>>(REVEAL_CONTACT_ACTION, async ({ ack, action, body, respond }) => {
    await ack();
    const complaintId = parseComplaintId(action.value);
    if (!complaintId) throw new AppError('invalid_input', `reveal button carried "${action.value}"`);
    let result;
    try {
      result = await services.revealContact(body.user.id, complaintId);
    } catch (error) {
      // A member who sees the card but may not see the contact is told who may; not_found and
      // everything else end in the error handler as usual.
      if (!isAppError(error) || error.code !== 'not_allowed') throw error;
      await respond({ response_type: 'ephemeral', replace_original: false, text: revealRefusal(locale, String(error.params.reference ?? '')) });
      return;
    }
    // replace_original: false, or pressing it on `/complaint show` would overwrite the detail view.
    await respond({ response_type: 'ephemeral', replace_original: false, ...revealMessage({ locale, timeZone }, result) });
  });
}
