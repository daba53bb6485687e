/**
 * The audit log's single writer. Events form a hash chain: each hash is SHA-256 over the
 * previous hash and a canonical JSON (RFC 8785) of the event, so any later edit shows.
 * The database trigger in the init migration refuses UPDATE and DELETE on the table.
 */
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { directQuery } from './direct-sql';
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
 * The chain's head as this process last appended it: undefined until it has. Another replica's
 * append (or a transaction that rolled back) makes it stale; the insert checks it under the
 * chain's lock, so a stale head costs a second try, never a wrong link.
 */
let knownHead: string | null | undefined;

/**
 * Appends events in the given order, linked one to the next, in one insert (the sweep appends
 * hundreds at a time), and returns their ids in the same order. Linked to the head this process
 * last appended, the insert itself checks that head is still the chain's; only if not is the
 * head read (a round trip to the server most appends do without).
 */
export async function appendEvents(tx: Tx, events: readonly NewEvent[]): Promise<bigint[]> {
  if (events.length === 0) return [];
  // Serialises appenders until commit, so each event links to the one committed before it.
  await lockAuditChain(tx);
  if (knownHead !== undefined) {
    const ids = await insertLinked(tx, events, knownHead, true);
    if (ids) return ids;
  }
  const last = await tx.event.findFirst({ orderBy: { id: 'desc' }, select: { hash: true } });
  return (await insertLinked(tx, events, last?.hash ?? null, false))!;
}

/** Inserts the events linked from `head`; with `checkHead`, nothing (undefined) unless `head` is still the chain's head. */
async function insertLinked(tx: Tx, events: readonly NewEvent[], head: string | null, checkHead: boolean): Promise<bigint[] | undefined> {
  let prevHash = head;
  const rows = events.map((event) => {
    const hash = eventHash(prevHash, event);
    const row = { ...event, prevHash, hash };
    prevHash = hash;
    return row;
  });
  // One statement whatever the count, rows passed as one JSON document, inserted (and so numbered) in order.
  const created = await directQuery<{ id: bigint; hash: string }>(
    tx,
    `INSERT INTO "Event" ("complaintId", "actorId", type, payload, at, "prevHash", hash)
     SELECT e.complaint, e.actor, e.type, e.payload, e.at::timestamptz AT TIME ZONE 'UTC', e.prev, e.hash
       FROM ROWS FROM (json_to_recordset($1::json) AS (complaint text, actor text, type text, payload jsonb, at text, prev text, hash text)) WITH ORDINALITY AS e(complaint, actor, type, payload, at, prev, hash, n)
      WHERE NOT $2::boolean OR (SELECT h.hash FROM "Event" h ORDER BY h.id DESC LIMIT 1) IS NOT DISTINCT FROM $3::text
      ORDER BY e.n
     RETURNING id, hash`,
    JSON.stringify(rows.map((r) => ({ complaint: r.complaintId, actor: r.actorId, type: r.type, payload: r.payload, at: r.at.toISOString(), prev: r.prevHash, hash: r.hash }))),
    checkHead,
    head,
  );
  if (created.length === 0) return undefined;
  // Matched by hash (each covers the one before it: no two alike) rather than trusting the order RETURNING gives.
  const idOf = new Map(created.map((c) => [c.hash, BigInt(c.id)]));
  const ids = rows.map((r) => idOf.get(r.hash)!);
  // The chain is verified in id order, so ids must follow the order the hashes link in.
  // PostgreSQL numbers a multi-row insert's rows in order; should that ever change, fail loudly.
  if (ids.some((id, i) => i > 0 && id <= ids[i - 1]!)) throw new Error('audit events were numbered out of order; nothing was written');
  knownHead = prevHash;
  return ids;
}
