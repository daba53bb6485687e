/**
 * The follow-up's buttons: the filer's 1-5 in their DM, and the owner's "Record follow-up" for
 * an outside customer. Both open the survey modal once the service has said this person may
 * rate (or record) now; the rating pressed comes preselected, and a change shows the old one.
 */
import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { AppError } from '../../../errors';
import { surveyModal } from '../../blocks/survey';
import type { SlackContext } from '../../context';
import { SURVEY_RATE_PATTERN, SURVEY_RECORD_ACTION } from '../../ids';
import { parseRatePress, parseSurveyComplaintId } from '../../parse/survey';
import { sealView } from '../../sealed-metadata';

export function register(app: App, { services, locale, seal }: SlackContext): void {
  app.action<BlockAction<ButtonAction>>(SURVEY_RATE_PATTERN, async ({ ack, action, body, client }) => {
    await ack();
    const pressed = parseRatePress(action.action_id, action.value);
    if (!pressed) throw new AppError('invalid_input', `survey button ${action.action_id} carried "${action.value}"`);
    const { card, current } = await services.prepareSurvey({ complaintId: pressed.complaintId, actorId: body.user.id, channel: 'dm' });
    const channel = body.container?.channel_id as string | undefined;
    const ts = body.container?.message_ts as string | undefined;
    const metadata = { id: card.id, m: 'dm' as const, ...(channel?.startsWith('D') ? { c: channel, ...(ts ? { t: ts } : {}) } : {}) };
    await client.views.open({ trigger_id: body.trigger_id, view: sealView(seal, body.user.id, surveyModal({ locale, card, metadata, rating: pressed.rating, current })) });
  });

  app.action<BlockAction<ButtonAction>>(SURVEY_RECORD_ACTION, async ({ ack, action, body, client }) => {
    await ack();
    const complaintId = parseSurveyComplaintId(action.value);
    if (!complaintId) throw new AppError('invalid_input', `record follow-up carried "${action.value}"`);
    // Any channel but 'dm' asks "may this person record a call?" (the owner or the leader).
    const { card, current } = await services.prepareSurvey({ complaintId, actorId: body.user.id, channel: 'phone' });
    await client.views.open({ trigger_id: body.trigger_id, view: sealView(seal, body.user.id, surveyModal({ locale, card, metadata: { id: card.id, m: 'record' }, current })) });
  });
}
