/** The reason for declining a request, submitted: the decision is recorded, the asking DM marked. */
import type { App } from '@slack/bolt';
import { t } from '../../../i18n';
import type { SlackContext } from '../../context';
import { appErrorOf, userMessageFor } from '../../error-handler';
import { ACTION_FIELD, DECLINE_MODAL_VIEW } from '../../ids';
import { parseDeclineView } from '../../parse/complaint-action';
import { markAnswered } from '../actions/approval';
import { errorsFor } from './complaint-action';

export function register(app: App, { services, locale, timeZoneOf }: SlackContext): void {
  app.view(DECLINE_MODAL_VIEW, async ({ ack, body, view, client, logger }) => {
    const parsed = parseDeclineView(view);
    const field = ACTION_FIELD.text.block;
    if (!parsed) return void (await ack({ response_action: 'errors', errors: { [field]: t(locale, 'error.invalid_input') } }));
    if (!parsed.ok) return void (await ack({ response_action: 'errors', errors: errorsFor(locale, parsed.errors) }));
    const { id, c, t: ts, reason } = parsed.value;
    let result;
    try {
      result = await services.decideApproval({ approvalId: id, actorId: body.user.id, approve: false, note: reason, expects: 'approval' });
    } catch (error) {
      if (!appErrorOf(error)) logger.error(error);
      return void (await ack({ response_action: 'errors', errors: { [field]: userMessageFor(locale, error) } }));
    }
    await ack();
    await markAnswered(client, { locale, timeZone: timeZoneOf(result.complaint.groupId), logger }, { channel: c, ts }, result, false, body.user.id);
  });
}
