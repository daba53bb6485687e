/**
 * An escalation's choices, from the DM that asked, the major report or App Home: each opens
 * its modal once the service has said the escalation still waits for this person (a stale
 * button or a stranger is answered at once, not after typing a reason).
 */
import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { EscalationDecided } from '../../../services/decide-escalation';
import { AppError } from '../../../errors';
import type { Locale } from '../../../i18n';
import { escalationAsk } from '../../blocks/escalation';
import { escalationModal } from '../../blocks/escalation-modal';
import { majorReport } from '../../blocks/major-report';
import { sealView } from '../../sealed-metadata';
import type { SlackContext } from '../../context';
import { ESCALATION_APPROVE_ACTION, ESCALATION_DECLINE_ACTION, ESCALATION_EXTEND_ACTION, ESCALATION_REASSIGN_ACTION } from '../../ids';
import { decisionOfAction, parseEscalationId } from '../../parse/escalation';
import type { AskedIn } from './approval';

/**
 * Re-renders the asking DM with the decision. A level-1 major escalation was asked by the major
 * report itself, so that is what is shown again. Cosmetic: a failure is logged, the decision stands.
 */
export async function markDecided(
  client: WebClient,
  ctx: { locale: Locale; timeZone: string; logger: { warn(m: string): void } },
  where: AskedIn,
  result: EscalationDecided,
  by: string,
): Promise<void> {
  if (!where.channel || !where.ts) return;
  const { escalation } = result;
  const input = { locale: ctx.locale, timeZone: ctx.timeZone, card: result.complaint, escalation, decided: { decision: escalation.decision ?? '', by, at: result.decidedAt } };
  const message = escalation.reason === 'major' && escalation.level === 1 ? majorReport(input) : escalationAsk(input);
  try {
    await client.chat.update({ channel: where.channel, ts: where.ts, text: message.text, blocks: message.blocks as never });
  } catch (error) {
    ctx.logger.warn(`could not mark escalation ${escalation.id} decided: ${String(error)}`);
  }
}

export function register(app: App, { services, locale, timeZoneOf, seal }: SlackContext): void {
  for (const actionId of [ESCALATION_APPROVE_ACTION, ESCALATION_REASSIGN_ACTION, ESCALATION_EXTEND_ACTION, ESCALATION_DECLINE_ACTION]) {
    app.action<BlockAction<ButtonAction>>(actionId, async ({ ack, action, body, client }) => {
      await ack();
      const escalationId = parseEscalationId(action.value);
      const decision = decisionOfAction(action.action_id);
      if (!escalationId || !decision) throw new AppError('invalid_input', `escalation button carried "${action.value}"`);
      const { card, escalation } = await services.prepareEscalation({ escalationId, actorId: body.user.id, decision });
      // Pressed in a DM: the modal remembers where, so the DM can show the decision afterwards.
      const channel = body.container?.channel_id as string | undefined;
      const ts = body.container?.message_ts as string | undefined;
      const metadata = { d: decision, id: escalationId, ...(channel?.startsWith('D') ? { c: channel } : {}), ...(ts && channel?.startsWith('D') ? { t: ts } : {}) };
      await client.views.open({ trigger_id: body.trigger_id, view: sealView(seal, body.user.id, escalationModal({ locale, timeZone: timeZoneOf(card.groupId), card, escalation, metadata })) });
    });
  }
}
