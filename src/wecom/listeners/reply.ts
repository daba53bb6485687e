/**
 * A listener's answer to the member who wrote or clicked: a message queued in the outbox under
 * a key made from the callback's identity, so a callback acted on again (a crash before it was
 * marked done) answers once, and the answer waits its turn within WeCom's per-member limits.
 */
import { enqueue } from '../../db/outbox';
import type { WeComMessage } from '../messages';
import { MESSAGE_KIND } from '../wecom';
import type { WeComCallback, WeComListenerContext } from './context';

export async function reply(ctx: WeComListenerContext, callback: WeComCallback, message: WeComMessage, complaintId?: string): Promise<void> {
  await enqueue(ctx.prisma, ctx.clock.now(), [
    { dedupeKey: `${callback.key}:reply`, kind: MESSAGE_KIND, target: callback.from, ...(complaintId && { complaintId }), payload: { message } },
  ]);
  ctx.queued?.();
}
