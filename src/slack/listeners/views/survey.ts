/**
 * A rating submitted: recorded by the one service (a change is audited there), then the DM
 * that asked shows the rating, its buttons kept for a change until the follow-up is settled.
 */
import type { App } from '@slack/bolt';
import { t } from '../../../i18n';
import { surveyAsk } from '../../blocks/survey';
import type { SlackContext } from '../../context';
import { appErrorOf, userMessageFor } from '../../error-handler';
import { ACTION_FIELD, SURVEY_MODAL_VIEW } from '../../ids';
import { parseSurveyView } from '../../parse/survey';
import { errorsFor } from './complaint-action';

export function register(app: App, { services, locale, timeZoneOf }: SlackContext): void {
  app.view(SURVEY_MODAL_VIEW, async ({ ack, body, view, client, logger }) => {
    const field = ACTION_FIELD.rating.block;
    const parsed = parseSurveyView(view);
    if (!parsed) return void (await ack({ response_action: 'errors', errors: { [field]: t(locale, 'error.invalid_input') } }));
    if (!parsed.ok) return void (await ack({ response_action: 'errors', errors: errorsFor(locale, parsed.errors) }));
    const s = parsed.value;
    try {
      await services.recordSurvey({ complaintId: s.id, actorId: body.user.id, rating: s.rating, comment: s.comment, channel: s.channel, ...(s.note ? { note: s.note } : {}) });
    } catch (error) {
      if (!appErrorOf(error)) logger.error(error);
      return void (await ack({ response_action: 'errors', errors: { [field]: userMessageFor(locale, error) } }));
    }
    await ack();
    if (s.m !== 'dm' || !s.c || !s.t) return;
    try {
      const { card, current } = await services.prepareSurvey({ complaintId: s.id, actorId: body.user.id, channel: 'dm', toShow: true });
      const message = surveyAsk({ locale, timeZone: timeZoneOf(card.groupId), card, ...(current ? { rated: { rating: current.rating, at: current.at } } : {}) });
      await client.chat.update({ channel: s.c, ts: s.t, text: message.text, blocks: message.blocks as never });
    } catch (error) {
      // Cosmetic: the rating stands whether or not the DM shows it.
      logger.warn(`could not show the rating in ${s.c}: ${String(error)}`);
    }
  });
}
