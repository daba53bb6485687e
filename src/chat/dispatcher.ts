/**
 * Delivers the outbox. Each message is rendered from the complaint's state at delivery time,
 * so a late delivery never shows stale facts. Backoff is exponential and capped; after
 * `maxAttempts` a message is marked failed and stays listed (pledge outbox) rather than lost.
 *
 * Rate limits (HTTP 429 Retry-After) are the platform client's business (@slack/web-api waits
 * and retries itself); this loop only retries what the client finally gave up on.
 */
import type { Clock } from '../clock';
import type { ComplaintCard } from '../domain/complaint';
import * as complaints from '../db/complaints';
import * as outbox from '../db/outbox';
import type { Store } from '../db/tx';
import { PermanentDeliveryError, type ChatPort, type MessageRef } from './port';

export interface DispatcherOptions {
  maxAttempts: number;
  /** First retry delay; doubles each attempt up to maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** How long a claimed message is hidden from other dispatchers while it is being sent. */
  leaseMs: number;
  batchSize: number;
}

export const defaultDispatcherOptions: DispatcherOptions = {
  maxAttempts: 8,
  baseDelayMs: 5_000,
  maxDelayMs: 15 * 60_000,
  leaseMs: 2 * 60_000,
  batchSize: 50,
};

export interface DispatcherDeps {
  prisma: Store;
  clock: Clock;
  chat: ChatPort;
  card(complaintId: string): Promise<ComplaintCard | undefined>;
  log?: (level: 'warn' | 'error', message: string) => void;
}

export type Outcome = 'sent' | 'retry' | 'failed' | 'postponed';

export class Dispatcher {
  private readonly options: DispatcherOptions;
  constructor(private readonly deps: DispatcherDeps, options: Partial<DispatcherOptions> = {}) {
    this.options = { ...defaultDispatcherOptions, ...options };
  }

  /** Delivers what is due now, batch after batch, until nothing due is left. Returns counts. */
  async drain(): Promise<Record<Outcome, number>> {
    const counts: Record<Outcome, number> = { sent: 0, retry: 0, failed: 0, postponed: 0 };
    for (;;) {
      const batch = await outbox.claimDue(this.deps.prisma, this.deps.clock.now(), this.options.leaseMs, this.options.batchSize);
      if (batch.length === 0) return counts;
      for (const message of batch) counts[await this.deliverOne(message)]++;
      if (batch.length < this.options.batchSize) return counts;
    }
  }

  private async deliverOne(message: outbox.ClaimedMessage): Promise<Outcome> {
    const { prisma, clock } = this.deps;
    try {
      const result = await this.send(message);
      if (result === 'postpone') {
        await outbox.postpone(prisma, message.id, new Date(clock.now().getTime() + this.options.baseDelayMs));
        return 'postponed';
      }
      await outbox.markSent(prisma, message.id, clock.now(), result ?? {});
      return 'sent';
    } catch (error) {
      const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      if (error instanceof PermanentDeliveryError || message.attempts >= this.options.maxAttempts) {
        await outbox.markFailed(prisma, message.id, clock.now(), text);
        this.deps.log?.('error', `outbox: gave up on ${message.dedupeKey} after ${message.attempts} attempt(s): ${text}`);
        return 'failed';
      }
      const delay = Math.min(this.options.maxDelayMs, this.options.baseDelayMs * 2 ** (message.attempts - 1));
      await outbox.markRetry(prisma, message.id, new Date(clock.now().getTime() + delay), text);
      this.deps.log?.('warn', `outbox: ${message.dedupeKey} failed (attempt ${message.attempts}), retrying in ${delay} ms: ${text}`);
      return 'retry';
    }
  }

  private async send(message: outbox.ClaimedMessage): Promise<MessageRef | void | 'postpone'> {
    const { chat, prisma } = this.deps;
    if (message.kind === 'file.offer') {
      const { channelId, messageTs } = message.payload as { channelId: string; messageTs: string };
      return chat.offerToFile(message.target, channelId, messageTs);
    }
    const card = message.complaintId ? await this.deps.card(message.complaintId) : undefined;
    if (!card) throw new PermanentDeliveryError(`complaint ${message.complaintId} not found`);
    switch (message.kind) {
      case 'complaint.post': {
        const ref = await chat.postComplaint(message.target, card);
        await complaints.setRootMessage(prisma, card.id, ref.channel, ref.ts);
        return ref;
      }
      case 'complaint.refresh': {
        const root = await complaints.rootMessage(prisma, card.id);
        if (root?.channelId && root.channelTs) return chat.updateComplaint({ channel: root.channelId, ts: root.channelTs }, card);
        // Not posted yet: once it is, the post shows the current state. Wait for it unless it is gone for good.
        return (await outbox.isSettled(prisma, `complaint:${card.id}:post`)) ? undefined : 'postpone';
      }
      case 'owner.assigned':
        return chat.notifyOwner(message.target, card);
      case 'filer.confirmed':
        return chat.confirmFiler(message.target, card);
      default:
        throw new PermanentDeliveryError(`unknown outbox kind ${message.kind}`);
    }
  }
}
