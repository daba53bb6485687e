/** ChatPort on Slack: renders with the Block Kit builders and sends through the Web API. */
import type { WebClient } from '@slack/web-api';
import { PermanentDeliveryError, type ChatPort, type MessageRef } from '../chat/port';
import type { ComplaintCard } from '../domain/complaint';
import type { Locale } from '../i18n';
import { complaintCard } from './blocks/complaint-card';
import { filerConfirmation, ownerAssignedMessage } from './blocks/owner-dm';
import { reactionOffer } from './blocks/reaction-offer';

/** Slack errors that retrying cannot fix: the message is given up on at once, and stays listed. */
const PERMANENT = new Set([
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'user_not_found',
  'user_not_in_channel',
  'invalid_blocks',
  'msg_too_long',
  'message_not_found',
  'cant_update_message',
  'invalid_auth',
  'account_inactive',
  'missing_scope',
]);

export class SlackChat implements ChatPort {
  constructor(
    private readonly client: WebClient,
    private readonly locale: Locale,
    private readonly timeZone: string,
  ) {}

  postComplaint(channelId: string, card: ComplaintCard): Promise<MessageRef> {
    return this.post(channelId, complaintCard(this.ctx(card)));
  }

  async updateComplaint(ref: MessageRef, card: ComplaintCard): Promise<void> {
    const message = complaintCard(this.ctx(card));
    await this.call(() => this.client.chat.update({ channel: ref.channel, ts: ref.ts, ...message }));
  }

  notifyOwner(ownerId: string, card: ComplaintCard): Promise<MessageRef> {
    return this.post(ownerId, ownerAssignedMessage(this.ctx(card)));
  }

  confirmFiler(filerId: string, card: ComplaintCard): Promise<MessageRef> {
    return this.post(filerId, filerConfirmation(this.ctx(card)));
  }

  async offerToFile(userId: string, channelId: string, messageTs: string): Promise<void> {
    const message = reactionOffer({ locale: this.locale, channelId, messageTs });
    await this.call(() => this.client.chat.postEphemeral({ channel: channelId, user: userId, ...message }));
  }

  private ctx(card: ComplaintCard) {
    return { locale: this.locale, timeZone: this.timeZone, card };
  }

  /** Posting to a user id lands in the app's DM with that person. */
  private async post(channel: string, message: { text: string; blocks: unknown[] }): Promise<MessageRef> {
    const result = await this.call(() =>
      this.client.chat.postMessage({ channel, text: message.text, blocks: message.blocks as never, unfurl_links: false }),
    );
    if (!result.channel || !result.ts) throw new Error('chat.postMessage answered without channel or ts');
    return { channel: result.channel, ts: result.ts };
  }

  private async call<T>(send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (error) {
      const code = (error as { data?: { error?: string } }).data?.error;
      if (code && PERMANENT.has(code)) throw new PermanentDeliveryError(`Slack refused: ${code}`);
      throw error;
    }
  }
}
