/**
 * Confirm closure's note, submitted: the one service confirms and archives. The leader's DM loses
 * its buttons through the outbox, like every other DM the archive settles.
 */
import type { App } from '@slack/bolt';
import { t } from '../../../i18n';
import type { SlackContext } from '../../context';
import { appErrorOf, userMessageFor } from '../../error-handler';
import { ACTION_FIELD, REVIEW_CONFIRM_VIEW } from '../../ids';
import { parseReviewConfirmView } from '../../parse/review';
import { errorsFor } from './complaint-action';

export function register(app: App, { services, locale }: SlackContext): void {
  app.view(REVIEW_CONFIRM_VIEW, async ({ ack, body, view, logger }) => {
    const field = ACTION_FIELD.text.block;
    const parsed = parseReviewConfirmView(view);
    if (!parsed) return void (await ack({ response_action: 'errors', errors: { [field]: t(locale, 'error.invalid_input') } }));
    if (!parsed.ok) return void (await ack({ response_action: 'errors', errors: errorsFor(locale, parsed.errors) }));
    try {
      await services.confirmReview({ reviewId: parsed.value.id, actorId: body.user.id, note: parsed.value.note });
    } catch (error) {
      if (!appErrorOf(error)) logger.error(error);
      return void (await ack({ response_action: 'errors', errors: { [field]: userMessageFor(locale, error) } }));
    }
    await ack();
  });
}
