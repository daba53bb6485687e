/**
 * Which outbox message a chat adapter is delivering right now, without threading it through
 * every port method. A platform that can tag messages (Slack's message metadata) tags each
 * post with the key and, when an earlier attempt may have reached the platform before a crash
 * or a lost response, looks for the tag before posting again: that is what makes a retried
 * delivery land once.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export interface Delivery {
  /** The outbox dedupe key: unique per message. */
  key: string;
  /** An earlier attempt was made and its outcome is unknown or failed: check before posting. */
  mayHaveLanded: boolean;
}

const storage = new AsyncLocalStorage<Delivery>();

export function withDelivery<T>(delivery: Delivery, work: () => Promise<T>): Promise<T> {
  return storage.run(delivery, work);
}

export function currentDelivery(): Delivery | undefined {
  return storage.getStore();
}
