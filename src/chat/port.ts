/**
 * The port the outbox dispatcher delivers through. A chat adapter (slack/, later wecom/)
 * implements it; nothing here knows which platform is on the other side. Texts travel as
 * i18n keys with parameters and are rendered by the adapter in the configured locale.
 */
import type { ComplaintCard } from '../domain/complaint';

export interface MessageRef {
  channel: string;
  ts: string;
}

/**
 * An i18n key and its parameters. By convention the adapter renders `actor`, `owner`, `from`,
 * `to`, `leader` and `filer` as mentions, `due` (an ISO instant) as a local date and time,
 * and escapes everything else, since parameters carry user-typed text.
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

export interface ChatPort {
  /** The complaint's root message in its group's channel. */
  postComplaint(channelId: string, card: ComplaintCard): Promise<MessageRef>;
  /** Re-renders the root message in place after a change. */
  updateComplaint(ref: MessageRef, card: ComplaintCard): Promise<void>;
  /** A line in the complaint's thread (and in its special channel, when it has one). */
  postThreadLine(root: MessageRef, specialChannelId: string | null, card: ComplaintCard, line: Line): Promise<MessageRef>;
  notifyOwner(ownerId: string, card: ComplaintCard): Promise<MessageRef>;
  confirmFiler(filerId: string, card: ComplaintCard): Promise<MessageRef>;
  /** A direct message to one person about a complaint. */
  sendNotice(userId: string, card: ComplaintCard, line: Line): Promise<MessageRef>;
  /** Asks the leader to approve or decline a request (rejection, handover). */
  askApproval(userId: string, card: ComplaintCard, approval: ApprovalView): Promise<MessageRef>;
  /** Asks the complainant to agree to or decline an extension. */
  askConsent(userId: string, card: ComplaintCard, approval: ApprovalView): Promise<MessageRef>;
  /** Asks the complainant for information, with a way to answer. */
  askInfo(userId: string, card: ComplaintCard, question: string, askedBy: string): Promise<MessageRef>;
  /** Tells the leader of a major complaint at once. */
  reportMajor(leaderId: string, card: ComplaintCard): Promise<MessageRef>;
  /** Creates a major complaint's own channel with these members; returns its id. */
  createSpecialChannel(card: ComplaintCard, memberIds: string[]): Promise<string>;
  /** A private offer, seen only by `userId` in `channelId`, to file that message as a complaint. */
  offerToFile(userId: string, channelId: string, messageTs: string): Promise<void>;
}

/** A delivery failure the platform says will not improve with retrying (no such channel, ...). */
export class PermanentDeliveryError extends Error {
  override name = 'PermanentDeliveryError';
}
