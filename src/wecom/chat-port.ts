/**
 * The WeCom adapter of the chat port: direct messages through message/send (within each
 * member's limits, see sender.ts). Notices go as markdown, but for the reminder to call an
 * outside customer, whose card opens the page recording the call, and a result or rejection
 * the filer may still contest (Reopen opens its page); the filer's confirmation is a
 * card while it can be withdrawn, markdown after; every decision goes as a button card (cards/), whose clicks come back through the callback to the
 * listeners (listeners/card-click.ts), and whose steps needing typed input open Pledge's pages
 * in WeCom. WeCom has no threads, no App Home, no ephemeral messages and no channels the app
 * creates at will; a sent card can be updated once per click, within 72 hours. The
 * capabilities say so, and the dispatcher never calls what is missing.
 *
 * The group's chat (the complaint's post, channel lines, the digest) is group-chat.ts's.
 */
import { randomUUID } from 'node:crypto';
import { currentDelivery } from '../chat/delivery-context';
import { PermanentDeliveryError, type ApprovalView, type ChatCapabilities, type ChatPort, type EscalationView, type Line, type MessageRef, type ReviewView } from '../chat/port';
import type { AppLinkSettings } from './app-links';
import { approvalCard, consentCard } from './cards/approval';
import { taskIdFor, type CardContext } from './cards/common';
import { escalationCard, majorReportCard } from './cards/escalation';
import { filerCard } from './cards/filer';
import { followUpCallCard, infoCard, resultNoticeCard, reviewCard, surveyCard } from './cards/follow-up';
import { ownerCard } from './cards/owner';
import type { ComplaintCard } from '../domain/complaint';
import type { DigestModel } from '../domain/digest';
import { formatDateTime, t, type Locale } from '../i18n';
import { escapeMarkdown, noticeMarkdown, weComMarkup } from './markup';
import { buttonCard, clip, CONTENT_MAX_BYTES, markdownMessage, type ButtonCard, type WeComMessage } from './messages';
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
    /** Links to Pledge's pages in WeCom (PLEDGE_PUBLIC_URL): without them, cards offer only their clicks. */
    private readonly links?: AppLinkSettings,
  ) {}

  sendNotice(userId: string, card: ComplaintCard, line: Line): Promise<MessageRef> {
    // The reminder to call an outside customer carries the way to record the call, as on Slack (a page: it needs typing).
    if (line.key === 'notice.follow_up_call') {
      const asked = followUpCallCard(this.context(card), line);
      if (asked.buttons.length > 0) return this.dm(userId, buttonCard(asked));
    }
    // The result told to the team member who filed for an outside customer carries Reopen, as on Slack.
    if (line.key === 'notice.result' || line.key === 'notice.rejected') {
      const told = resultNoticeCard(this.context(card));
      if (told.buttons.length > 0) return this.dm(userId, buttonCard(told));
    }
    return this.dm(userId, noticeMarkdown({ locale: this.locale, timeZone: this.timeZoneOf(card.groupId) }, card, line));
  }

  /** While the filer may still withdraw it, a card whose button does (cards/filer.ts); otherwise markdown. */
  confirmFiler(filerId: string, card: ComplaintCard): Promise<MessageRef> {
    const asked = filerCard(this.context(card));
    if (asked.buttons.length > 0) return this.dm(filerId, buttonCard(asked));
    const { locale } = this;
    const owner = weComMarkup.mention(card.ownerId);
    const group = escapeMarkdown(card.groupName);
    const lines = [
      t(locale, 'filer.confirmation', { reference: weComMarkup.bold(escapeMarkdown(card.reference)), title: escapeMarkdown(card.title) }),
      card.status === 'new' && card.ackDueAt ? t(locale, 'filer.owner.due', { owner, group, due: this.when(card, card.ackDueAt) }) : t(locale, 'filer.owner', { owner, group }),
    ];
    return this.dm(filerId, markdownMessage(clip(lines.join('\n'), CONTENT_MAX_BYTES)));
  }

  tellFilingFailed(filerId: string, title: string): Promise<MessageRef> {
    return this.dm(filerId, markdownMessage(clip(t(this.locale, 'filer.filing_failed', { title: escapeMarkdown(title) }), CONTENT_MAX_BYTES)));
  }

  /** Tells the handler the complaint is theirs and by when, with the steps open to them now. */
  notifyOwner(ownerId: string, card: ComplaintCard): Promise<MessageRef> {
    return this.card(ownerId, ownerCard(this.context(card)));
  }

  askApproval(userId: string, card: ComplaintCard, approval: ApprovalView): Promise<MessageRef> {
    return this.card(userId, approvalCard(this.context(card), approval));
  }

  askConsent(userId: string, card: ComplaintCard, approval: ApprovalView): Promise<MessageRef> {
    return this.card(userId, consentCard(this.context(card), approval));
  }

  askInfo(userId: string, card: ComplaintCard, question: string, askedBy: string): Promise<MessageRef> {
    return this.card(userId, infoCard(this.context(card), question, askedBy));
  }

  reportMajor(leaderId: string, card: ComplaintCard, escalation?: EscalationView): Promise<MessageRef> {
    return this.card(leaderId, majorReportCard(this.context(card), escalation));
  }

  askEscalation(userId: string, card: ComplaintCard, escalation: EscalationView): Promise<MessageRef> {
    return this.card(userId, escalationCard(this.context(card), escalation));
  }

  askSurvey(userId: string, card: ComplaintCard): Promise<MessageRef> {
    return this.card(userId, surveyCard(this.context(card)));
  }

  askReview(userId: string, card: ComplaintCard, review: ReviewView): Promise<MessageRef> {
    return this.card(userId, reviewCard(this.context(card), review));
  }

  /** A card's task_id follows the outbox row it is sent for, so a retry sends the same card. */
  private context(card: ComplaintCard): CardContext {
    return {
      locale: this.locale,
      timeZone: this.timeZoneOf(card.groupId),
      ...(this.links && { links: this.links }),
      taskId: taskIdFor(currentDelivery()?.key ?? randomUUID()),
      card,
    };
  }

  /** A card with nothing to click (its every step needs a page, and none can be linked) goes as markdown. */
  private card(member: string, card: ButtonCard): Promise<MessageRef> {
    if (card.buttons.length > 0) return this.dm(member, buttonCard(card));
    const parts = [weComMarkup.bold(escapeMarkdown(card.title)), escapeMarkdown(card.text ?? ''), card.quote ? weComMarkup.quote(card.quote.text) : ''];
    return this.dm(member, markdownMessage(clip(parts.filter(Boolean).join('\n'), CONTENT_MAX_BYTES)));
  }

  private async dm(member: string, message: WeComMessage): Promise<MessageRef> {
    const sent = await this.sender.toMember(member, message);
    // A DM's conversation is the member; the message is WeCom's msgid.
    return { channel: member, id: sent.msgid };
  }

  private when(card: ComplaintCard, date: Date): string {
    return weComMarkup.bold(escapeMarkdown(formatDateTime(this.locale, date, this.timeZoneOf(card.groupId))));
  }

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
