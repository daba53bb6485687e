/**
 * The port the outbox dispatcher delivers through. A chat adapter (slack/, later wecom/)
 * implements it; nothing here knows which platform is on the other side.
 */
import type { ComplaintCard } from '../domain/complaint';

export interface MessageRef {
  channel: string;
  ts: string;
}

export interface ChatPort {
  /** The complaint's root message in its group's channel. */
  postComplaint(channelId: string, card: ComplaintCard): Promise<MessageRef>;
  /** Re-renders the root message in place after a change. */
  updateComplaint(ref: MessageRef, card: ComplaintCard): Promise<void>;
  notifyOwner(ownerId: string, card: ComplaintCard): Promise<MessageRef>;
  confirmFiler(filerId: string, card: ComplaintCard): Promise<MessageRef>;
  /** A private offer, seen only by `userId` in `channelId`, to file that message as a complaint. */
  offerToFile(userId: string, channelId: string, messageTs: string): Promise<void>;
}

/** A delivery failure the platform says will not improve with retrying (no such channel, ...). */
export class PermanentDeliveryError extends Error {
  override name = 'PermanentDeliveryError';
}
