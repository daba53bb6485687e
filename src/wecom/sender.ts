/**
 * Sends app messages to members (message/send) within WeCom's limits, from the outbox.
 *
 * Each send takes a slot first (db/wecom-sends.ts); with none left the message is deferred to
 * when one frees up, and the dispatcher puts it back unharmed. WeCom's own 45009 (too often),
 * which other senders of the same app can cause, defers it a minute the same way. A retried
 * delivery asks WeCom to drop a duplicate of what may already have landed.
 */
import { DeliveryDeferred } from '../chat/deferred';
import { currentDelivery } from '../chat/delivery-context';
import { PermanentDeliveryError } from '../chat/port';
import type { Clock } from '../clock';
import type { Store } from '../db/tx';
import { takeSendSlot, WECOM_MEMBER_LIMITS, type SendLimits } from '../db/wecom-sends';
import { RATE_LIMITED, WeComApiError, type WeComApi } from './api-client';
import { cardUpdateBody, type CardUpdate, type WeComMessage } from './messages';

/** Codes that say this message to this member will never go, however often it is tried. */
const PERMANENT = new Map<number, string>([
  [40003, 'no such member (invalid UserID)'],
  [81013, 'the member is not in the app\'s visible range, or does not exist'],
  [40008, 'invalid message type'],
  [44004, 'empty content'],
  [45002, 'content too long'],
]);

/**
 * WeCom's answer to a response_code already used, expired or unknown. Its documentation names
 * no code of its own for this; 40058 is its "invalid parameter", which is what it gives.
 */
export const RESPONSE_CODE_SPENT = 40058;

/** WeCom drops a repeat of the same content to the same member within this many seconds (4 hours, its maximum). */
const DUPLICATE_CHECK_SECONDS = 14_400;

export interface Sent {
  msgid: string;
  /** A template card's code for updating it after a click (update_template_card), valid 72 hours. */
  responseCode?: string;
}

export class WeComSender {
  constructor(
    private readonly api: WeComApi,
    private readonly agentId: number,
    private readonly prisma: Store,
    private readonly clock: Clock,
    private readonly limits: SendLimits = WECOM_MEMBER_LIMITS,
  ) {}

  async toMember(member: string, message: WeComMessage): Promise<Sent> {
    const slot = await takeSendSlot(this.prisma, member, this.clock.now(), this.limits);
    if (!slot.ok) throw new DeliveryDeferred(slot.until, `WeCom member limit reached for ${member}`);
    const retry = currentDelivery()?.mayHaveLanded === true;
    let answer;
    try {
      answer = await this.api.post('message/send', {
        touser: member,
        agentid: this.agentId,
        ...message,
        ...(retry && { enable_duplicate_check: 1, duplicate_check_interval: DUPLICATE_CHECK_SECONDS }),
      });
    } catch (error) {
      if (error instanceof WeComApiError && error.errcode === RATE_LIMITED) {
        throw new DeliveryDeferred(new Date(this.clock.now().getTime() + 60_000), error.message);
      }
      if (error instanceof WeComApiError && PERMANENT.has(error.errcode)) {
        throw new PermanentDeliveryError(`${error.message} (${PERMANENT.get(error.errcode)})`);
      }
      throw error;
    }
    // errcode 0 can still mean nobody got it: the member is listed as invalid or unlicensed.
    for (const field of ['invaliduser', 'unlicenseduser'] as const) {
      if (String(answer[field] ?? '').split('|').includes(member)) {
        throw new PermanentDeliveryError(`message/send: ${member} is listed as ${field} (not a member of the app's visible range, or without a licence)`);
      }
    }
    return { msgid: String(answer.msgid ?? ''), ...(typeof answer.response_code === 'string' && answer.response_code && { responseCode: answer.response_code }) };
  }

  /**
   * Shows what a click did on the card that was clicked (update_template_card): one update per
   * response_code, within 72 hours. A retry after an update whose answer was lost finds the code
   * spent: the update landed, so that is done, not a failure.
   */
  async updateCard(member: string, responseCode: string, update: CardUpdate): Promise<void> {
    try {
      await this.api.post('message/update_template_card', { agentid: this.agentId, ...cardUpdateBody(responseCode, member, update) });
    } catch (error) {
      if (error instanceof WeComApiError && error.errcode === RATE_LIMITED) {
        throw new DeliveryDeferred(new Date(this.clock.now().getTime() + 60_000), error.message);
      }
      if (error instanceof WeComApiError && error.errcode === RESPONSE_CODE_SPENT) {
        if (currentDelivery()?.mayHaveLanded === true) return;
        throw new PermanentDeliveryError(`${error.message} (the click's response_code was used already or is over 72 hours old)`);
      }
      throw error;
    }
  }
}
