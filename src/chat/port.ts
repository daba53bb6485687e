/**
 * The port the outbox dispatcher delivers through. A chat adapter (slack/, later wecom/)
 * implements it; nothing here knows which platform is on the other side. Texts travel as
 * i18n keys with parameters and are rendered by the adapter in the configured locale.
 */
import type { ComplaintCard } from '../domain/complaint';
import type { DigestModel } from '../domain/digest';
import type { TimeLeft } from '../domain/sla';
import type { HomeModel } from '../domain/home';

/**
 * Where a sent message is: the conversation it is in (a channel, a group chat, the DM with a
 * person) and its id there, as the platform names it (Slack's ts, WeCom's msgid). Opaque to
 * everything but the adapter that made it.
 */
export interface MessageRef {
  channel: string;
  id: string;
}

/**
 * An i18n key and its parameters. By convention the adapter renders `actor`, `owner`, `from`,
 * `to`, `leader` and `filer` as mentions, `due` (an ISO instant) as a local date and time,
 * `left` (minutes, negative when overdue, with `overdue` and `leftClock` beside it) as the time left
 * in the limit's own clock, `reason` (an escalation's)
 * in words, and escapes everything else, since parameters carry user-typed text.
 */
export interface Line {
  key: string;
  params: Record<string, string | number>;
}

export interface ApprovalView {
  id: string;
  kind: 'rejection' | 'handover' | 'extension';
  requestedBy: string;
  payload: Record<string, unknown>;
}

export interface EscalationView {
  id: string;
  level: number;
  stage: string;
  reason: string;
  /** How the limit stands (when asked, or now), in the limit's own clock. */
  left: TimeLeft;
  dueAt: Date | null;
  decision: string | null;
}

/** A review (复核) before the group leader, and how it was settled once it is. */
export interface ReviewView {
  id: string;
  cause: string;
  rating: number | null;
  /** The complainant's words: their comment with a low rating, or why they asked for the review. */
  comment: string | null;
  outcome: string | null;
  decidedBy: string | null;
  decidedAt: Date | null;
}

/** A message sent earlier, to be shown again as things stand now (see ChatPort.refreshSent). */
export type SentMessage =
  | { kind: 'notice'; line: Line }
  | { kind: 'survey.ask'; rated?: { rating: number; at: Date } }
  | { kind: 'review.ask'; review: ReviewView }
  | { kind: 'escalation.ask'; escalation: EscalationView; decided: { decision: string; by: string; at: Date } };

/**
 * What a platform can do beyond posting. The dispatcher asks these, never the platform's name,
 * and does the nearest right thing where one is missing (see Dispatcher):
 * - threads: replies under a root message. Without: a complaint's line goes top level to its
 *   group's channel, with the complaint's reference and title (postChannelLine).
 * - updates: 'any' means a sent message can be changed at will (Slack's chat.update). 'per-click'
 *   (a WeCom template card: once per button press, within 72 hours) and 'none' mean the outbox
 *   never edits: the adapter shows a decision on the card that was clicked, while the outbox
 *   sends a new direct message where the person must learn something (a request closed
 *   unanswered, an escalation handed up) and leaves cosmetic re-renders undone (a stale button
 *   still answers in words when pressed).
 * - home: a per-person view pushed to the platform (Slack's App Home). Without: none is pushed;
 *   the adapter renders services.homeFor when the person opens it (WeCom's 我的投诉 page).
 * - ephemeral: a message in a channel only one person sees. Without: no private offer is made.
 * - specialChannels: a major complaint may get a channel of its own. Without: its lines stay in
 *   its group's channel.
 * Methods behind a missing capability are never called.
 */
export interface ChatCapabilities {
  threads: boolean;
  updates: 'any' | 'per-click' | 'none';
  home: boolean;
  ephemeral: boolean;
  specialChannels: boolean;
}

export interface ChatPort {
  readonly capabilities: ChatCapabilities;
  /** The complaint's root message in its group's channel. */
  postComplaint(channelId: string, card: ComplaintCard): Promise<MessageRef>;
  /** Re-renders the root message in place after a change (updates: 'any'). */
  updateComplaint(ref: MessageRef, card: ComplaintCard): Promise<void>;
  /** A line in the complaint's thread (and in its special channel, when it has one) (threads). */
  postThreadLine(root: MessageRef, specialChannelId: string | null, card: ComplaintCard, line: Line): Promise<MessageRef>;
  notifyOwner(ownerId: string, card: ComplaintCard): Promise<MessageRef>;
  /** Re-renders the message that told the handler, so its buttons are the steps open now (updates: 'any'). */
  updateOwnerMessage(ref: MessageRef, card: ComplaintCard): Promise<void>;
  confirmFiler(filerId: string, card: ComplaintCard): Promise<MessageRef>;
  /** Tells the filer that a filing answered before it was stored could not be stored: there is no complaint to show. */
  tellFilingFailed(filerId: string, title: string): Promise<MessageRef>;
  /** A direct message to one person about a complaint. */
  sendNotice(userId: string, card: ComplaintCard, line: Line): Promise<MessageRef>;
  /** Asks the leader to approve or decline a request (rejection, handover). */
  askApproval(userId: string, card: ComplaintCard, approval: ApprovalView): Promise<MessageRef>;
  /** Asks the complainant to agree to or decline an extension. */
  askConsent(userId: string, card: ComplaintCard, approval: ApprovalView): Promise<MessageRef>;
  /**
   * Shows the message that asked for an approval or consent as closed unanswered, without its
   * buttons: the complaint moved past the request before anyone answered it (updates: 'any').
   */
  closeRequest(asked: MessageRef, card: ComplaintCard, approval: ApprovalView, closedAt: Date): Promise<void>;
  /** Asks the complainant for information, with a way to answer. */
  askInfo(userId: string, card: ComplaintCard, question: string, askedBy: string): Promise<MessageRef>;
  /**
   * Tells the leader of a major complaint at once; with its escalation (while it waits for
   * them) the report offers the same choices as an escalation.
   */
  reportMajor(leaderId: string, card: ComplaintCard, escalation?: EscalationView): Promise<MessageRef>;
  /** Creates a major complaint's own channel with these members; returns its id (specialChannels). */
  createSpecialChannel(card: ComplaintCard, memberIds: string[]): Promise<string>;
  /**
   * Puts an escalation before `userId` (the leader, or whoever it was handed up to) with the
   * limit, the working time left, and the choices: approve, reassign, extend, decline.
   */
  askEscalation(userId: string, card: ComplaintCard, escalation: EscalationView): Promise<MessageRef>;
  /**
   * Shows an escalation asked at `ref` as handed up: its choices give way to whom it is before
   * now, `toId`, as nobody at this level may answer it any more (updates: 'any').
   */
  showEscalationHandedUp(ref: MessageRef, card: ComplaintCard, escalation: EscalationView, toId: string): Promise<void>;
  /** A top-level line in a group's channel (an escalation's ping). */
  postChannelLine(channelId: string, card: ComplaintCard, line: Line): Promise<MessageRef>;
  /** Asks the filer to rate the result, 1 to 5, with an optional comment (回访). */
  askSurvey(userId: string, card: ComplaintCard): Promise<MessageRef>;
  /** Puts a review before the group leader: reopen the complaint, or confirm its closure. */
  askReview(userId: string, card: ComplaintCard, review: ReviewView): Promise<MessageRef>;
  /**
   * Shows a message sent earlier again, rendered from the complaint as it is now: buttons that
   * can no longer work (Reopen after the archive, ratings once settled) are gone from it
   * (updates: 'any').
   */
  refreshSent(ref: MessageRef, card: ComplaintCard, sent: SentMessage): Promise<void>;
  /** The daily digest in a group's channel. */
  postDigest(channelId: string, digest: DigestModel): Promise<MessageRef>;
  /** Re-renders a person's App Home (home). */
  publishHome(userId: string, home: HomeModel): Promise<void>;
  /** A private offer, seen only by `userId` in `channelId`, to file that message as a complaint (ephemeral). */
  offerToFile(userId: string, channelId: string, messageTs: string): Promise<void>;
}

/** A delivery failure the platform says will not improve with retrying (no such channel, ...). */
export class PermanentDeliveryError extends Error {
  override name = 'PermanentDeliveryError';
}
