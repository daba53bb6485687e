/**
 * Checks the audit log's hash chain (see audit.ts): every event's hash is recomputed from its
 * stored fields and the previous event's hash, and every prevHash must name the event before it.
 * An edited payload breaks its own hash; a deleted or inserted event breaks the next link.
 *
 * Reads in id order, a bounded batch at a time, so memory stays flat however long the log is.
 * Ids may have gaps (a rolled-back transaction still uses up a sequence number), so only hashes
 * count, never id arithmetic. Deleting the newest events cannot be seen from the chain alone:
 * that is what the reported head hash is for (record it elsewhere and compare).
 */
import { eventHash } from './audit';
import type { AuditEventType } from '../domain/audit';
import type { Store } from './tx';

export type AuditBreak = {
  ok: false;
  /** The first event that does not check out. */
  eventId: bigint;
  /** The reference of that event's complaint, when it has one. */
  reference: string | null;
  reason: 'hash_mismatch' | 'broken_link';
  /** Events that checked out before it. */
  checked: number;
};

export type AuditVerdict = { ok: true; events: number; head: string | null } | AuditBreak;

export const VERIFY_BATCH = 1000;

export async function verifyAuditChain(prisma: Store, options: { batchSize?: number } = {}): Promise<AuditVerdict> {
  const take = options.batchSize ?? VERIFY_BATCH;
  let prevHash: string | null = null;
  let afterId: bigint | undefined;
  let checked = 0;
  for (;;) {
    const rows = await prisma.event.findMany({
      ...(afterId === undefined ? {} : { where: { id: { gt: afterId } } }),
      orderBy: { id: 'asc' },
      take,
      select: { id: true, complaintId: true, actorId: true, type: true, payload: true, at: true, prevHash: true, hash: true },
    });
    for (const row of rows) {
      const reason =
        row.prevHash !== prevHash
          ? 'broken_link'
          : eventHash(prevHash, {
                complaintId: row.complaintId,
                actorId: row.actorId,
                // Stored types are whatever was written; the hash only needs the same string back.
                type: row.type as AuditEventType,
                payload: row.payload as Record<string, unknown>,
                at: row.at,
              }) !== row.hash
            ? 'hash_mismatch'
            : undefined;
      if (reason) return { ok: false, eventId: row.id, reference: await referenceOf(prisma, row.complaintId), reason, checked };
      prevHash = row.hash;
      checked += 1;
    }
    if (rows.length < take) return { ok: true, events: checked, head: prevHash };
    afterId = rows[rows.length - 1]!.id;
  }
}

async function referenceOf(prisma: Store, complaintId: string | null): Promise<string | null> {
  if (!complaintId) return null;
  const row = await prisma.complaint.findUnique({ where: { id: complaintId }, select: { reference: true } });
  return row?.reference ?? null;
}

/** One line for people: what broke, where, and which complaint it belongs to. */
export function describeVerdict(verdict: AuditVerdict): string {
  if (verdict.ok) return `audit chain intact: ${verdict.events} events`;
  const what = verdict.reason === 'hash_mismatch' ? 'its content does not match its hash' : 'it does not link to the event before it';
  const ref = verdict.reference ? ` (complaint ${verdict.reference})` : '';
  return `audit chain BROKEN at event ${verdict.eventId}${ref}: ${what}; ${verdict.checked} events before it check out`;
}
