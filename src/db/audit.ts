/**
 * The audit log's single writer. Events form a hash chain: each hash is SHA-256 over the
 * previous hash and a canonical JSON (RFC 8785) of the event, so any later edit shows.
 * The database trigger in the init migration refuses UPDATE and DELETE on the table.
 */
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { AUDIT_CHAIN_LOCK, type Tx } from './tx';
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
  // Serialises appenders until commit, so each event links to the one committed before it.
  await tx.$executeRawUnsafe('SELECT pg_advisory_xact_lock($1)', AUDIT_CHAIN_LOCK);
  const last = await tx.event.findFirst({ orderBy: { id: 'desc' }, select: { hash: true } });
  const prevHash = last?.hash ?? null;
  const created = await tx.event.create({
    select: { id: true },
    data: {
      complaintId: event.complaintId,
      actorId: event.actorId,
      type: event.type,
      payload: event.payload as object,
      at: event.at,
      prevHash,
      hash: eventHash(prevHash, event),
    },
  });
  return created.id;
}
