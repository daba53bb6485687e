/**
 * The leader's Confirm closure on a review (复核): opens the note modal once the service has said
 * this person may answer the review now. Reopen is the complaint action's own listener.
 */
import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { AppError } from '../../../errors';
import { reviewConfirmModal } from '../../blocks/review';
import type { SlackContext } from '../../context';
import { REVIEW_CONFIRM_ACTION } from '../../ids';
import { parseReviewId } from '../../parse/review';
import { sealView } from '../../sealed-metadata';

export function register(app: App, { services, locale, seal }: SlackContext): void {
  app.action<BlockAction<ButtonAction>>(REVIEW_CONFIRM_ACTION, async ({ ack, action, body, client }) => {
    await ack();
    const reviewId = parseReviewId(action.value);
    if (!reviewId) throw new AppError('invalid_input', `confirm closure carried "${action.value}"`);
    const { card } = await services.prepareReview({ reviewId, actorId: body.user.id });
    await client.views.open({ trigger_id: body.trigger_id, view: sealView(seal, body.user.id, reviewConfirmModal({ locale, card, reviewId })) });
  });
}
