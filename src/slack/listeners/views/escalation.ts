/**
 * An escalation modal submitted: the one service decides, the asking DM shows the decision.
 * A refusal stays in the modal, on the field it concerns when there is one.
 */
import type { App } from '@slack/bolt';
import { t } from '../../../i18n';
import type { EscalationDecided } from '../../../services/decide-escalation';
import type { SlackContext } from '../../context';
import { ESCALATION_MODAL_VIEW } from '../../ids';
import { parseEscalationView } from '../../parse/escalation';
import { markDecided } from '../actions/escalation';
import { errorsFor, firstBlock, refusalErrors } from './complaint-action';

export function register(app: App, { services, locale, timeZoneOf }: SlackContext): void {
  app.view(ESCALATION_MODAL_VIEW, async ({ ack, body, view, client, logger }) => {
    const blocks = Object.keys(view.state?.values ?? {});
    const parsed = parseEscalationView(view);
    if (!parsed) return void (await ack({ response_action: 'errors', errors: { [firstBlock(blocks)]: t(locale, 'error.invalid_input') } }));
    if (!parsed.ok) return void (await ack({ response_action: 'errors', errors: errorsFor(locale, parsed.errors) }));
    const { id, c, t: ts, answer: typed } = parsed.value;
    // "I take it over myself": the approver is whoever submitted, never something the view says.
    const { takeOver, ...answer } = typed;
    if (takeOver && answer.decision === 'approve') answer.newOwnerId = body.user.id;
    let result: EscalationDecided;
    try {
      result = await services.decideEscalation({ escalationId: id, actorId: body.user.id, answer });
    } catch (error) {
      return void (await ack({ response_action: 'errors', errors: await refusalErrors(client, locale, logger, blocks, error) }));
    }
    await ack();
    await markDecided(client, { locale, timeZone: timeZoneOf(result.complaint.groupId), logger }, { channel: c, ts }, result, body.user.id);
  });
}
