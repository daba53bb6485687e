/**
 * Answers to requests, from the DM that asked: the leader's Approve / Decline (a rejection or a
 * handover; declining asks why, in a modal) and the complainant's Agree / Decline (an
 * extension). The asking message then shows the answer in place of its buttons.
 */
import type { App, BlockAction, ButtonAction, Middleware, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { AppError } from '../../../errors';
import type { Locale } from '../../../i18n';
import type { DecideResult, RequestSort } from '../../../services/decide-approval';
import { declineModal } from '../../blocks/action-modal';
import { approvalAsk, consentAsk } from '../../blocks/approval';
import { sealView } from '../../sealed-metadata';
import type { SlackContext } from '../../context';
import { APPROVE_ACTION, CONSENT_AGREE_ACTION, CONSENT_DECLINE_ACTION, DECLINE_ACTION } from '../../ids';
import { parseApprovalId } from '../../parse/complaint-action';

export interface AskedIn {
  channel?: string;
  ts?: string;
}

/** Re-renders the asking DM with the answer. Cosmetic: a failure is logged, the answer stands. */
export async function markAnswered(
  client: WebClient,
  ctx: { locale: Locale; timeZone: string; logger: { warn(m: string): void } },
  where: AskedIn,
  result: DecideResult,
  approve: boolean,
  by: string,
): Promise<void> {
  if (!where.channel || !where.ts) return;
  const input = { locale: ctx.locale, timeZone: ctx.timeZone, card: result.complaint, approval: result.approval, decided: { approve, by, at: result.decidedAt } };
  const message = result.approval.kind === 'extension' ? consentAsk(input) : approvalAsk(input);
  try {
    await client.chat.update({ channel: where.channel, ts: where.ts, text: message.text, blocks: message.blocks as never });
  } catch (error) {
    ctx.logger.warn(`could not mark approval ${result.approval.id} answered: ${String(error)}`);
  }
}

const askedIn = (body: BlockAction): AskedIn => ({ channel: body.container?.channel_id, ts: body.container?.message_ts });

export function register(app: App, { services, locale, timeZoneOf, seal }: SlackContext): void {
  const decideAtOnce =
    (approve: boolean, expects: RequestSort): Middleware<SlackActionMiddlewareArgs<BlockAction<ButtonAction>>> =>
    async ({ ack, action, body, client, logger }) => {
      await ack();
      const approvalId = parseApprovalId(action.value);
      if (!approvalId) throw new AppError('invalid_input', `approval button carried "${action.value}"`);
      const result = await services.decideApproval({ approvalId, actorId: body.user.id, approve, expects });
      await markAnswered(client, { locale, timeZone: timeZoneOf(result.complaint.groupId), logger }, askedIn(body), result, approve, body.user.id);
    };

  // Each button answers its own sort of request only: a button's value can be forged.
  app.action<BlockAction<ButtonAction>>(APPROVE_ACTION, decideAtOnce(true, 'approval'));
  app.action<BlockAction<ButtonAction>>(CONSENT_AGREE_ACTION, decideAtOnce(true, 'consent'));
  // The complainant owes no reason for keeping the time limit they were promised.
  app.action<BlockAction<ButtonAction>>(CONSENT_DECLINE_ACTION, decideAtOnce(false, 'consent'));

  app.action<BlockAction<ButtonAction>>(DECLINE_ACTION, async ({ ack, action, body, client }) => {
    await ack();
    const approvalId = parseApprovalId(action.value);
    if (!approvalId) throw new AppError('invalid_input', `approval button carried "${action.value}"`);
    await services.prepareDecision({ approvalId, actorId: body.user.id, expects: 'approval' });
    const { channel, ts } = askedIn(body);
    const metadata = { id: approvalId, ...(channel?.startsWith('D') ? { c: channel } : {}), ...(ts ? { t: ts } : {}) };
    await client.views.open({ trigger_id: body.trigger_id, view: sealView(seal, body.user.id, declineModal({ locale, metadata })) });
  });
}
