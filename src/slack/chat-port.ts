/** ChatPort on Slack: renders with the Block Kit builders and sends through the Web API. */
import type { WebClient } from '@slack/web-api';
import { currentDelivery } from '../chat/delivery-context';
import { PermanentDeliveryError, type ApprovalView, type ChatCapabilities, type ChatPort, type EscalationView, type Line, type MessageRef, type ReviewView, type SentMessage } from '../chat/port';
import type { ComplaintCard } from '../domain/complaint';
import type { DigestModel } from '../domain/digest';
import type { Locale } from '../i18n';
import { approvalAsk, consentAsk } from './blocks/approval';
import type { SlackMessage } from './blocks/common';
import { complaintCard } from './blocks/complaint-card';
import { digestMessage } from './blocks/digest';
import { infoAsk } from './blocks/info-ask';
import { channelLineMessage } from './blocks/channel-line';
import { escalationAsk } from './blocks/escalation';
import { homeView } from './blocks/home';
import { majorReport } from './blocks/major-report';
import { noticeMessage } from './blocks/notice';
import { filerConfirmation, filingFailedMessage, ownerAssignedMessage } from './blocks/owner-dm';
import { reactionOffer } from './blocks/reaction-offer';
import { specialChannelName, specialChannelSummary } from './blocks/special-channel';
import { reviewAsk } from './blocks/review';
import { surveyAsk } from './blocks/survey';
import { threadLineMessage } from './blocks/thread-line';
import type { HomeModel } from '../domain/home';
import { displayNames } from './user-names';
import { isSlackUserId } from './chat-ids';

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
  'restricted_action',
  'invalid_name',
  'invalid_name_specials',
  'invalid_name_required',
  'invalid_name_maxlength',
]);

/** A major complaint's channel: how many `-2`, `-3`... to try when its name is taken. */
const NAME_ATTEMPTS = 5;
/** Invite answers that mean the person is (or cannot be more) in the channel: nothing to retry. */
const INVITE_DONE = new Set(['already_in_channel', 'cant_invite_self']);

const errorCode = (error: unknown): string | undefined => (error as { data?: { error?: string } }).data?.error;

/** Message metadata event type marking a post made by the outbox. */
const DELIVERY_EVENT = 'pledge_delivery';

export class SlackChat implements ChatPort {
  /** Slack does it all: threads, chat.update at will, App Home, ephemeral messages, private channels. */
  readonly capabilities: ChatCapabilities = { threads: true, updates: 'any', home: true, ephemeral: true, specialChannels: true };
  /** Learnt from auth.test the first time it is needed. */
  private botUserId: string | undefined;

  constructor(
    private readonly client: WebClient,
    private readonly locale: Locale,
    private readonly timeZone: string,
    /** A group's own zone (its calendar's): dates about its complaints are written in it. */
    private readonly timeZoneOf: (groupId: string) => string = () => timeZone,
  ) {}

  postComplaint(channelId: string, card: ComplaintCard): Promise<MessageRef> {
    return this.post(channelId, complaintCard(this.ctx(card)));
  }

  async updateComplaint(ref: MessageRef, card: ComplaintCard): Promise<void> {
    const message = complaintCard(this.ctx(card));
    await this.call(() => this.client.chat.update({ channel: ref.channel, ts: ref.id, text: message.text, blocks: message.blocks as never }));
  }

  /**
   * In the root's thread, and at the top of the special channel when there is one (a channel
   * of its own needs no thread). No root id (its post failed for good): top level in `root.channel`.
   */
  async postThreadLine(root: MessageRef, specialChannelId: string | null, card: ComplaintCard, line: Line): Promise<MessageRef> {
    const message = threadLineMessage({ locale: this.locale, timeZone: this.timeZoneOf(card.groupId), line });
    const ref = await this.post(root.channel, message, root.id || undefined);
    if (specialChannelId && specialChannelId !== root.channel) {
      try {
        await this.post(specialChannelId, message);
      } catch (error) {
        // An archived or deleted special channel must not fail (and so repeat) the thread's line.
        if (!(error instanceof PermanentDeliveryError)) throw error;
      }
    }
    return ref;
  }

  notifyOwner(ownerId: string, card: ComplaintCard): Promise<MessageRef> {
    return this.post(ownerId, ownerAssignedMessage(this.ctx(card)));
  }

  async updateOwnerMessage(ref: MessageRef, card: ComplaintCard): Promise<void> {
    const message = ownerAssignedMessage(this.ctx(card));
    await this.call(() => this.client.chat.update({ channel: ref.channel, ts: ref.id, text: message.text, blocks: message.blocks as never }));
  }

  confirmFiler(filerId: string, card: ComplaintCard): Promise<MessageRef> {
    return this.post(filerId, filerConfirmation(this.ctx(card)));
  }

  tellFilingFailed(filerId: string, title: string): Promise<MessageRef> {
    return this.post(filerId, filingFailedMessage(this.locale, title));
  }

  sendNotice(userId: string, card: ComplaintCard, line: Line): Promise<MessageRef> {
    return this.post(userId, noticeMessage({ ...this.ctx(card), line }));
  }

  askApproval(userId: string, card: ComplaintCard, approval: ApprovalView): Promise<MessageRef> {
    return this.post(userId, approvalAsk({ ...this.ctx(card), approval }));
  }

  askConsent(userId: string, card: ComplaintCard, approval: ApprovalView): Promise<MessageRef> {
    return this.post(userId, consentAsk({ ...this.ctx(card), approval }));
  }

  async closeRequest(asked: MessageRef, card: ComplaintCard, approval: ApprovalView, closedAt: Date): Promise<void> {
    const input = { ...this.ctx(card), approval, closed: closedAt };
    const message = approval.kind === 'extension' ? consentAsk(input) : approvalAsk(input);
    await this.call(() => this.client.chat.update({ channel: asked.channel, ts: asked.id, text: message.text, blocks: message.blocks as never }));
  }

  askInfo(userId: string, card: ComplaintCard, question: string, askedBy: string): Promise<MessageRef> {
    return this.post(userId, infoAsk({ ...this.ctx(card), question, askedBy }));
  }

  /** The daily digest, top level in the group's channel (the bot must be a member there). */
  async postDigest(channelId: string, digest: DigestModel): Promise<MessageRef> {
    const names = await displayNames(this.client, digest.items.filter((i) => i.state !== 'breached').map((i) => i.ownerId));
    return this.post(channelId, digestMessage({ locale: this.locale, names }, digest));
  }

  reportMajor(leaderId: string, card: ComplaintCard, escalation?: EscalationView): Promise<MessageRef> {
    return this.post(leaderId, majorReport({ ...this.ctx(card), ...(escalation ? { escalation } : {}) }));
  }

  askEscalation(userId: string, card: ComplaintCard, escalation: EscalationView): Promise<MessageRef> {
    return this.post(userId, escalationAsk({ ...this.ctx(card), escalation }));
  }

  /** The lower level's ask, shown again as now before `toId`. */
  async showEscalationHandedUp(ref: MessageRef, card: ComplaintCard, escalation: EscalationView, toId: string): Promise<void> {
    const input = { ...this.ctx(card), escalation, handedTo: toId };
    const message = escalationMessage(input);
    await this.call(() => this.client.chat.update({ channel: ref.channel, ts: ref.id, text: message.text, blocks: message.blocks as never }));
  }

  /** Top level, not in the card's thread: the group's channel should see the escalation. */
  postChannelLine(channelId: string, card: ComplaintCard, line: Line): Promise<MessageRef> {
    return this.post(channelId, channelLineMessage({ ...this.ctx(card), line }));
  }

  askSurvey(userId: string, card: ComplaintCard): Promise<MessageRef> {
    return this.post(userId, surveyAsk(this.ctx(card)));
  }

  askReview(userId: string, card: ComplaintCard, review: ReviewView): Promise<MessageRef> {
    return this.post(userId, reviewAsk({ ...this.ctx(card), review }));
  }

  async refreshSent(ref: MessageRef, card: ComplaintCard, sent: SentMessage): Promise<void> {
    const ctx = this.ctx(card);
    const message =
      sent.kind === 'notice'
        ? noticeMessage({ ...ctx, line: sent.line })
        : sent.kind === 'survey.ask'
          ? surveyAsk({ ...ctx, ...(sent.rated ? { rated: sent.rated } : {}) })
          : sent.kind === 'review.ask'
            ? reviewAsk({ ...ctx, review: sent.review })
            : escalationMessage({ ...ctx, escalation: sent.escalation, decided: sent.decided });
    await this.call(() => this.client.chat.update({ channel: ref.channel, ts: ref.id, text: message.text, blocks: message.blocks as never }));
  }

  /** views.publish replaces the whole Home tab; rendered at delivery, so it is always current. */
  async publishHome(userId: string, home: HomeModel): Promise<void> {
    const view = homeView({ locale: this.locale, timeZone: this.timeZone, home });
    await this.call(() => this.client.views.publish({ user_id: userId, view: view as never }));
  }

  /**
   * A private channel named after the reference, its people invited, the summary pinned.
   * Safe to retry after any step failed: the channel an earlier attempt made is found again
   * rather than a second one made, the invite and the pin tolerate being done already, and the
   * summary post is found by its outbox key (see post).
   */
  async createSpecialChannel(card: ComplaintCard, memberIds: string[]): Promise<string> {
    const channel = await this.createChannel(card.reference);
    const users = [...new Set(memberIds)].filter(isSlackUserId);
    if (users.length > 0) {
      try {
        await this.call(() => this.client.conversations.invite({ channel, users: users.join(',') }));
      } catch (error) {
        if (!INVITE_DONE.has(errorCode(error) ?? '')) throw error;
      }
    }
    const summary = await this.post(channel, specialChannelSummary(this.ctx(card)));
    try {
      await this.call(() => this.client.pins.add({ channel, timestamp: summary.id }));
    } catch (error) {
      if (errorCode(error) !== 'already_pinned') throw error;
    }
    return channel;
  }

  async offerToFile(userId: string, channelId: string, messageTs: string): Promise<void> {
    const message = reactionOffer({ locale: this.locale, channelId, messageTs });
    await this.call(() => this.client.chat.postEphemeral({ channel: channelId, user: userId, ...message }));
  }

  private async createChannel(reference: string): Promise<string> {
    for (let attempt = 1; attempt <= NAME_ATTEMPTS; attempt++) {
      const name = specialChannelName(reference, attempt);
      try {
        const created = await this.call(() => this.client.conversations.create({ name, is_private: true }));
        if (!created.channel?.id) throw new Error('conversations.create answered without a channel id');
        return created.channel.id;
      } catch (error) {
        if (errorCode(error) !== 'name_taken') throw error;
        // Taken by us (an earlier attempt that failed at a later step) or by someone else:
        // only in the second case is the next name (`-2`) wanted.
        const ours = await this.channelWeCreated(name);
        if (ours) return ours;
      }
    }
    throw new Error(`every channel name for ${reference} up to -${NAME_ATTEMPTS} is taken`);
  }

  /** The private channel named `name` that this bot created and is still in, if any. */
  private async channelWeCreated(name: string): Promise<string | undefined> {
    this.botUserId ??= (await this.call(() => this.client.auth.test())).user_id;
    let cursor: string | undefined;
    do {
      const page = await this.call(() => this.client.users.conversations({ types: 'private_channel', exclude_archived: true, limit: 200, ...(cursor ? { cursor } : {}) }));
      const found = page.channels?.find((c) => c.name === name && c.creator === this.botUserId);
      if (found?.id) return found.id;
      cursor = page.response_metadata?.next_cursor || undefined;
    } while (cursor);
    return undefined;
  }

  private ctx(card: ComplaintCard) {
    return { locale: this.locale, timeZone: this.timeZoneOf(card.groupId), card };
  }

  /** Posting to a user id lands in the app's DM with that person. */
  private async post(channel: string, message: SlackMessage, threadTs?: string): Promise<MessageRef> {
    const delivery = currentDelivery();
    if (delivery?.mayHaveLanded) {
      const landed = await this.findLanded(channel, delivery.key, threadTs);
      if (landed) return landed;
    }
    const result = await this.call(() =>
      this.client.chat.postMessage({
        channel,
        text: message.text,
        blocks: message.blocks as never,
        unfurl_links: false,
        ...(threadTs ? { thread_ts: threadTs } : {}),
        // Tags the post with its outbox key, so a retry can tell it already landed.
        ...(delivery ? { metadata: { event_type: DELIVERY_EVENT, event_payload: { key: delivery.key } } } : {}),
      }),
    );
    if (!result.channel || !result.ts) throw new Error('chat.postMessage answered without channel or ts');
    return { channel: result.channel, id: result.ts };
  }

  /**
   * An earlier attempt may have posted before the process died or the answer was lost: look
   * for our tag among the channel's (or thread's) latest messages before posting again.
   */
  private async findLanded(channel: string, key: string, threadTs?: string): Promise<MessageRef | undefined> {
    const id = isSlackUserId(channel) ? (await this.call(() => this.client.conversations.open({ users: channel }))).channel?.id : channel;
    if (!id) return undefined;
    const page = await this.call(() =>
      threadTs
        ? this.client.conversations.replies({ channel: id, ts: threadTs, limit: 100, include_all_metadata: true })
        : this.client.conversations.history({ channel: id, limit: 50, include_all_metadata: true }),
    );
    const found = (page.messages ?? []).find(
      (m) => m.metadata?.event_type === DELIVERY_EVENT && (m.metadata.event_payload as { key?: string } | undefined)?.key === key,
    );
    return found?.ts ? { channel: id, id: found.ts } : undefined;
  }

  private async call<T>(send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (error) {
      const code = errorCode(error);
      if (code && PERMANENT.has(code)) throw new PermanentDeliveryError(`Slack refused: ${code}`);
      throw error;
    }
  }
}

/** A level-1 major escalation was asked by the major report itself, so that is the message it shows in. */
function escalationMessage(input: Parameters<typeof escalationAsk>[0]): ReturnType<typeof escalationAsk> {
  return input.escalation.reason === 'major' && input.escalation.level === 1 ? majorReport(input) : escalationAsk(input);
}
