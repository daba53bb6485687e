/**
 * The outbox: durable outgoing messages. Rows are written in the transaction that causes them
 * (enqueue) and delivered later by chat/dispatcher.ts. The dedupe key is unique, so a retried
 * request or a second sweep cannot queue the same message twice.
 */
import { directExecute } from './direct-sql';
import type { Tx, Store } from './tx';

/** A filing answered before it was stored, then not stored: the filer is told (services/file-acknowledged.ts). */
export const FILING_FAILED_KIND = 'filing.failed';

export interface OutboxMessage {
  dedupeKey: string;
  kind: string;
  target: string;
  complaintId?: string | null;
  payload?: Record<string, unknown>;
}

export interface ClaimedMessage {
  id: bigint;
  dedupeKey: string;
  kind: string;
  target: string;
  complaintId: string | null;
  payload: Record<string, unknown>;
  attempts: number;
}

/**
 * Queues the messages; one already queued under its dedupe key is left as it is. One statement
 * whatever the count, its rows passed as one JSON document: the sweep queues hundreds at a time.
 *
 * `fresh`: every key is new by construction (derived from an audit event appended in this very
 * transaction, as recordAll's are), so there is nothing to leave as it is: a plain insert, which
 * costs the server about half of ON CONFLICT's speculative one (bench sweep, per statement), and
 * should a key ever be taken after all, the unique index refuses it and the transaction rolls back
 * rather than a message being dropped.
 */
export async function enqueue(tx: Tx, at: Date, messages: OutboxMessage[], { fresh = false }: { fresh?: boolean } = {}): Promise<void> {
  if (messages.length === 0) return;
  const rows = messages.map((m) => ({ key: m.dedupeKey, kind: m.kind, target: m.target, complaint: m.complaintId ?? null, payload: m.payload ?? {} }));
  await directExecute(
    tx,
    `INSERT INTO "Notification" ("dedupeKey", kind, target, "complaintId", payload, "nextAttemptAt", "createdAt")
     SELECT m.key, m.kind, m.target, m.complaint, m.payload, $2::timestamp(3), $2::timestamp(3)
       FROM ROWS FROM (json_to_recordset($1::json) AS (key text, kind text, target text, complaint text, payload jsonb)) WITH ORDINALITY AS m(key, kind, target, complaint, payload, n)
      ORDER BY m.n${fresh ? '' : '\n     ON CONFLICT DO NOTHING'}`,
    JSON.stringify(rows),
    at,
  );
}

/**
 * Claims up to `limit` due messages for `leaseMs`: their next attempt moves past the lease, so
 * another dispatcher (another replica) skips them; SKIP LOCKED keeps two claims from colliding.
 * A dispatcher that dies mid-delivery leaves the row to be claimed again once the lease ends.
 */
export async function claimDue(store: Store, now: Date, leaseMs: number, limit: number): Promise<ClaimedMessage[]> {
  const rows = await store.$queryRawUnsafe<ClaimedMessage[]>(
    `UPDATE "Notification" SET "nextAttemptAt" = $2, "attempts" = "attempts" + 1
      WHERE id IN (SELECT id FROM "Notification"
                    WHERE "sentAt" IS NULL AND "failedAt" IS NULL AND "nextAttemptAt" <= $1
                    ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED)
      RETURNING id, "dedupeKey", kind, target, "complaintId", payload, attempts`,
    now,
    new Date(now.getTime() + leaseMs),
    limit,
  );
  return rows.sort((a, b) => (a.id < b.id ? -1 : 1));
}

export async function markSent(store: Store, id: bigint, at: Date, result: { channel?: string; id?: string }): Promise<void> {
  await store.notification.update({
    where: { id },
    data: { sentAt: at, resultChannel: result.channel ?? null, resultMessageId: result.id ?? null, lastError: null },
  });
}

export async function markRetry(store: Store, id: bigint, nextAttemptAt: Date, error: string): Promise<void> {
  await store.notification.update({ where: { id }, data: { nextAttemptAt, lastError: error.slice(0, 2000) } });
}

/** Puts a message back without counting the attempt (it was not tried: it had to wait). */
export async function postpone(store: Store, id: bigint, nextAttemptAt: Date): Promise<void> {
  await store.notification.update({ where: { id }, data: { nextAttemptAt, attempts: { decrement: 1 } } });
}

export async function markFailed(store: Store, id: bigint, at: Date, error: string): Promise<void> {
  await store.notification.update({ where: { id }, data: { failedAt: at, lastError: error.slice(0, 2000) } });
}

/**
 * Where the messages of `kind` to `target` about a complaint landed, for editing them in place;
 * `pending` while one of them is still on its way.
 */
export async function landed(store: Store, kind: string, complaintId: string, target: string): Promise<{ refs: { channel: string; id: string }[]; pending: boolean }> {
  const rows = await store.notification.findMany({
    where: { kind, complaintId, target },
    select: { sentAt: true, failedAt: true, resultChannel: true, resultMessageId: true },
    orderBy: { id: 'asc' },
  });
  const refs = rows.flatMap((r) => (r.sentAt && r.resultChannel && r.resultMessageId ? [{ channel: r.resultChannel, id: r.resultMessageId }] : []));
  return { refs, pending: rows.some((r) => !r.sentAt && !r.failedAt) };
}

/** True once the message was delivered or given up on: either way, nothing more will come of it. */
export async function isSettled(store: Store, dedupeKey: string): Promise<boolean> {
  const row = await store.notification.findUnique({ where: { dedupeKey }, select: { sentAt: true, failedAt: true } });
  return Boolean(row?.sentAt || row?.failedAt);
}

/**
 * Messages queued at `queuedAt` (a decision taken "as of" that instant, `pledge sweep --now`)
 * that are waiting for it to come: due at `now` instead. The instant is when the decision was
 * taken, not when its messages may go; a message tried before keeps its own retry time.
 */
export async function dueAtOnce(store: Store, queuedAt: Date, now: Date): Promise<number> {
  const { count } = await store.notification.updateMany({
    where: { createdAt: queuedAt, nextAttemptAt: { gt: now }, attempts: 0, sentAt: null, failedAt: null },
    data: { nextAttemptAt: now },
  });
  return count;
}

/**
 * The message that asked for approval or consent `approvalId` (approval.ask, consent.ask): where
 * it landed once sent. Scans only the complaint's messages, and is needed only when a request
 * is closed unanswered.
 */
export async function askFor(store: Store, complaintId: string, approvalId: string) {
  const rows = await store.$queryRawUnsafe<{ target: string; sentAt: Date | null; failedAt: Date | null; resultChannel: string | null; resultMessageId: string | null }[]>(
    `SELECT target, "sentAt", "failedAt", "resultChannel", "resultMessageId" FROM "Notification"
      WHERE "complaintId" = $1 AND kind IN ('approval.ask', 'consent.ask') AND payload->>'approvalId' = $2
      ORDER BY id LIMIT 1`,
    complaintId,
    approvalId,
  );
  return rows[0];
}

export async function listUndelivered(store: Store, limit = 100) {
  return store.notification.findMany({ where: { sentAt: null }, orderBy: { id: 'asc' }, take: limit });
}

/**
 * Where an escalation was asked (its DM, or the major report that carried it): 'pending'
 * while that message may still go out, undefined when it never went (or never will).
 */
export async function escalationAskMessage(store: Store, escalationId: string): Promise<{ channel: string; id: string; target: string } | 'pending' | undefined> {
  const rows = await store.notification.findMany({
    where: { kind: { in: ['escalation.ask', 'major.leader'] }, payload: { path: ['escalationId'], equals: escalationId } },
    select: { target: true, sentAt: true, failedAt: true, resultChannel: true, resultMessageId: true },
  });
  const sent = rows.find((r) => r.sentAt && r.resultChannel && r.resultMessageId);
  if (sent) return { channel: sent.resultChannel!, id: sent.resultMessageId!, target: sent.target };
  return rows.some((r) => !r.sentAt && !r.failedAt) ? 'pending' : undefined;
}

/** Messages about a complaint already delivered, of these kinds, where they landed (oldest first). */
export async function sentAbout(store: Store, complaintId: string, kinds: readonly string[]) {
  const rows = await store.notification.findMany({
    where: { complaintId, kind: { in: [...kinds] }, sentAt: { not: null }, resultChannel: { not: null }, resultMessageId: { not: null } },
    orderBy: { id: 'asc' },
    select: { kind: true, target: true, payload: true, resultChannel: true, resultMessageId: true },
  });
  return rows.map((r) => ({ kind: r.kind, target: r.target, payload: (r.payload ?? {}) as Record<string, unknown>, ref: { channel: r.resultChannel!, id: r.resultMessageId! } }));
}
