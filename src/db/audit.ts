/**
 * The audit log's single writer. Events form a hash chain: each hash is SHA-256 over the
 * previous hash and a canonical JSON (RFC 8785) of the event, so any later edit shows.
 * The database trigger in the init migration refuses UPDATE and DELETE on the table.
 */
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { lockAuditChain, type Tx } from './tx';
import type { AuditEventType } from '../domain/audit';

export interface NewEvent {
  complaintId: string | null;
  actorId: string;
  type: AuditEventType;
  /** Never personal data: contact details are referenced by id (see Contact). */
  payload: Record<string, unknown>;
  at: Date;
}


export function eventHash(prevHash: string | null, event: NewEvent): string {
  const body = canonicalize({
    complaintId: event.complaintId,
    actorId: event.actorId,
    type: event.type,
    payload: event.payload,
    at: event.at.toISOString(),
  });
  return createHash('sha256').update(prevHash ?? '').update('\n').update(body ?? '').digest('hex');
}

/** Appends the event and returns its id, which names the messages it causes (outbox dedupe keys). */
export async function appendEvent(tx: Tx, event: NewEvent): Promise<bigint> {
  const [id] = await appendEvents(tx, [event]);
  return id!;
}

/**
 * Appends events in the given order, linked one to the next, in one insert (the sweep appends
 * hundreds at a time), and returns their ids in the same order.
 */
export async function appendEvents(tx: Tx, events: readonly NewEvent[]): Promise<bigint[]> {
  if (events.length === 0) return [];
  // Serialises appenders until commit, so each event links to the one committed before it.
  await lockAuditChain(tx);
  const last = await tx.event.findFirst({ orderBy: { id: 'desc' }, select: { hash: true } });
  let prevHash = last?.hash ?? null;
  const rows = events.map((event) => {
    const hash = eventHash(prevHash, event);
    const row = { ...event, prevHash, hash };
    prevHash = hash;
    return row;
  });
  // One statement whatever the count, rows passed as arrays, inserted (and so numbered) in order.
  const created = await tx.$queryRawUnsafe<{ id: bigint; hash: string }[]>(
    `INSERT INTO "Event" ("complaintId", "actorId", type, payload, at, "prevHash", hash)
     SELECT e.complaint, e.actor, e.type, e.payload::jsonb, e.at::timestamptz AT TIME ZONE 'UTC', e.prev, e.hash
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) WITH ORDINALITY AS e(complaint, actor, type, payload, at, prev, hash, n)
      ORDER BY e.n
     RETURNING id, hash`,
    rows.map((r) => r.complaintId),
    rows.map((r) => r.actorId),
    rows.map((r) => r.type),
    rows.map((r) => JSON.stringify(r.payload)),
    rows.map((r) => r.at.toISOString()),
    rows.map((r) => r.prevHash),
    rows.map((r) => r.hash),
  );
  // Matched by hash (unique) rather than trusting the order RETURNING happens to give.
  const idOf = new Map(created.map((c) => [c.hash, BigInt(c.id)]));
  const ids = rows.map((r) => idOf.get(r.hash)!);
  // The chain is verified in id order, so ids must follow the order the hashes link in.
  // PostgreSQL numbers a multi-row insert's rows in order; should that ever change, fail loudly.
  if (ids.some((id, i) => i > 0 && id <= ids[i - 1]!)) throw new Error('audit events were numbered out of order; nothing was written');
  return ids;
}
