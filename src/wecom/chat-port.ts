/**
 * The WeCom adapter of the chat port, begun: direct messages through message/send (within each
 * member's limits, see sender.ts), as markdown. WeCom has no threads, no App Home, no ephemeral
 * messages and no channels the app creates at will; a sent card can be updated once per click,
 * within 72 hours. The capabilities say so, and the dispatcher never calls what is missing.
 *
 * The group's chat (the complaint's post, channel lines, the digest) is group-chat.ts's.
 *
 * Not yet on WeCom (issue 14): decisions as button cards (point 4: accepting, approvals,
 * escalations, the follow-up). Those methods refuse with PermanentDeliveryError naming what is
 * missing, so a row that reaches one is listed by `pledge outbox` instead of retried for hours.
 */
import { PermanentDeliveryError, type ChatCapabilities, type ChatPort, type Line, type MessageRef } from '../chat/port';
import type { ComplaintCard } from '../domain/complaint';
import type { DigestModel } from '../domain/digest';
import { formatDateTime, stageLabel, t, type Locale } from '../i18n';
import { escapeMarkdown, noticeMarkdown, weComMarkup } from './markup';
import { clip, CONTENT_MAX_BYTES, markdownMessage, type WeComMessage } from './messages';
import type { WeComGroupChat } from './group-chat';
import type { WeComSender } from './sender';

export class WeComChat implements ChatPort {
  readonly capabilities: ChatCapabilities = { threads: false, updates: 'per-click', home: false, ephemeral: false, specialChannels: false };

  constructor(
    private readonly sender: WeComSender,
    private readonly locale: Locale,
    /** The zone of a complaint's group: dates in a DM read in it. */
    private readonly timeZoneOf: (groupId: string) => string,
    /** The groups' chats (group-chat.ts); without it nothing is posted to a group. */
    private readonly groups?: WeComGroupChat,
  ) {}

  sendNotice(userId: string, card: ComplaintCard, line: Line): Promise<MessageRef> {
    return this.dm(userId, noticeMarkdown({ locale: this.locale, timeZone: this.timeZoneOf(card.groupId) }, card, line));
  }

  confirmFiler(filerId: string, card: ComplaintCard): Promise<MessageRef> {
    const { locale } = this;
    const owner = weComMarkup.mention(card.ownerId);
    const group = escapeMarkdown(card.groupName);
    const lines = [
      t(locale, 'filer.confirmation', { reference: weComMarkup.bold(escapeMarkdown(card.reference)), title: escapeMarkdown(card.title) }),
      card.status === 'new' && card.ackDueAt ? t(locale, 'filer.owner.due', { owner, group, due: this.when(card, card.ackDueAt) }) : t(locale, 'filer.owner', { owner, group }),
    ];
    return this.dm(filerId, markdownMessage(clip(lines.join('\n'), CONTENT_MAX_BYTES)));
  }

  /** Tells the handler the complaint is theirs and by when; accepting from WeCom comes with its button card (point 4). */
  notifyOwner(ownerId: string, card: ComplaintCard): Promise<MessageRef> {
    const { locale } = this;
    const reference = weComMarkup.bold(escapeMarkdown(card.reference));
    const ask =
      card.status === 'new' && card.ackDueAt
        ? t(locale, 'owner.ask.accept', { reference, due: this.when(card, card.ackDueAt) })
        : card.nextDue && !card.paused
          ? t(locale, 'owner.ask.next', { reference, stage: escapeMarkdown(stageLabel(locale, card.nextDue.stage)), due: this.when(card, card.nextDue.dueAt) })
          : t(locale, 'owner.ask.none', { reference });
    return this.dm(ownerId, markdownMessage(clip(`${ask}\n${escapeMarkdown(card.title)}`, CONTENT_MAX_BYTES)));
  }

  private async dm(member: string, message: WeComMessage): Promise<MessageRef> {
    const sent = await this.sender.toMember(member, message);
    // A DM's conversation is the member; the message is WeCom's msgid.
    return { channel: member, id: sent.msgid };
  }

  private when(card: ComplaintCard, date: Date): string {
    return weComMarkup.bold(escapeMarkdown(formatDateTime(this.locale, date, this.timeZoneOf(card.groupId))));
  }

  // Decisions need button cards (issue 14, point 4).
  askApproval = notYet('askApproval', 'point 4: decisions as button cards');
  askConsent = notYet('askConsent', 'point 4: decisions as button cards');
  askInfo = notYet('askInfo', 'point 4: decisions as button cards');
  reportMajor = notYet('reportMajor', 'point 4: decisions as button cards');
  askEscalation = notYet('askEscalation', 'point 4: decisions as button cards');
  askSurvey = notYet('askSurvey', 'point 4: decisions as button cards');
  askReview = notYet('askReview', 'point 4: decisions as button cards');
  // The group's chat: group-chat.ts.
  async postComplaint(channelId: string, card: ComplaintCard): Promise<MessageRef> {
    return this.groupChat('postComplaint').postComplaint(channelId, card);
  }

  async postChannelLine(channelId: string, card: ComplaintCard, line: Line): Promise<MessageRef> {
    return this.groupChat('postChannelLine').postChannelLine(channelId, card, line);
  }

  async postDigest(channelId: string, digest: DigestModel): Promise<MessageRef> {
    return this.groupChat('postDigest').postDigest(channelId, digest);
  }

  private groupChat(method: string): WeComGroupChat {
    if (!this.groups) throw new PermanentDeliveryError(`${method}: this WeCom adapter was made without the groups' chats`);
    return this.groups;
  }
  // Behind capabilities WeCom does not have: the dispatcher never calls these.
  updateComplaint = notYet('updateComplaint', 'updates: per-click');
  updateOwnerMessage = notYet('updateOwnerMessage', 'updates: per-click');
  closeRequest = notYet('closeRequest', 'updates: per-click');
  showEscalationHandedUp = notYet('showEscalationHandedUp', 'updates: per-click');
  refreshSent = notYet('refreshSent', 'updates: per-click');
  postThreadLine = notYet('postThreadLine', 'threads');
  publishHome = notYet('publishHome', 'home');
  offerToFile = notYet('offerToFile', 'ephemeral');
  createSpecialChannel = notYet('createSpecialChannel', 'specialChannels');
}

function notYet(method: string, missing: string): () => Promise<never> {
  return async () => {
    throw new PermanentDeliveryError(`${method} is not available on WeCom (${missing})`);
  };
}
