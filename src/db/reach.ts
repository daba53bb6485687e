/**
 * What the complainant channels need from storage: the per-number daily count and the latest
 * complainant message's state for a card. A number is never stored for this in the clear: the
 * outbox row keeps a keyed hash of it (`to`), enough to count, useless to read.
 */
import type { ReachState } from '../domain/complaint';
import type { Store, Tx } from './tx';

export const COMPLAINANT_KIND = 'complainant.message';

/** Marks the row with the channel it goes by and the hashed number, before the attempt. */
export async function noteAttempt(store: Store, id: bigint, via: string, toHash: string | null): Promise<void> {
  await store.$executeRawUnsafe(
    `UPDATE "Notification" SET payload = payload || jsonb_build_object('via', $2::text, 'to', $3::text) WHERE id = $1`,
    id,
    via,
    toHash,
  );
}

/** SMS sent to that number (by its hash) since `since`. */
export async function smsSentSince(store: Store, toHash: string, since: Date): Promise<number> {
  const rows = await store.$queryRawUnsafe<{ n: bigint }[]>(
    `SELECT count(*) AS n FROM "Notification"
      WHERE kind = $1 AND "sentAt" >= $2 AND payload->>'via' = 'sms' AND payload->>'to' = $3`,
    COMPLAINANT_KIND,
    since,
    toHash,
  );
  return Number(rows[0]?.n ?? 0);
}


/** The latest complainant message of a complaint that has been tried: how it went. */
export async function latestReach(store: Store | Tx, complaintId: string): Promise<ReachState | null> {
  const row = await store.notification.findFirst({
    where: { complaintId, kind: COMPLAINANT_KIND },
    orderBy: { id: 'desc' },
    select: { payload: true, sentAt: true, failedAt: true, createdAt: true },
  });
  if (!row) return null;
  const via = (row.payload as Record<string, unknown>).via;
  const channel = via === 'sms' || via === 'email' ? via : null;
  if (!channel) return null;
  if (row.sentAt) return { channel, state: 'sent', at: row.sentAt };
  if (row.failedAt) return { channel, state: 'failed', at: row.failedAt };
  return { channel, state: 'pending', at: null };
}
