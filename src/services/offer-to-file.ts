/**
 * Someone reacted to a message with the configured emoji: offer them, privately, to file it.
 * Queued with a key per message and person, so a retried event or a second reaction offers once.
 */
import { enqueue } from '../db/outbox';
import { inTransaction } from '../db/tx';
import type { ServiceDeps } from './deps';

export interface ReactionInput {
  userId: string;
  reaction: string;
  channelId: string;
  messageTs: string;
}

export async function offerToFile(deps: ServiceDeps, input: ReactionInput): Promise<boolean> {
  if (input.reaction !== deps.config.reaction) return false;
  const now = deps.clock.now();
  await inTransaction(deps.prisma, (tx) =>
    enqueue(tx, now, [
      {
        dedupeKey: `offer:${input.channelId}:${input.messageTs}:${input.userId}`,
        kind: 'file.offer',
        target: input.userId,
        payload: { channelId: input.channelId, messageTs: input.messageTs },
      },
    ]),
  );
  deps.outboxWritten?.();
  return true;
}
