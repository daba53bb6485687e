/**
 * Checks the audit log's hash chain (see audit.ts): every event's hash is recomputed from its
 * stored fields and the previous event's hash, and every prevHash must name the event before it.
 * An edited payload breaks its own hash; a deleted or inserted event breaks the next link.
 *
 * Reads in id order, a bounded batch at a time, so memory stays flat however long the log is.
 * Ids may have gaps (a rolled-back transaction still uses up a sequence number), so only hashes
 * count, never id arithmetic. Deleting the newest events cannot be seen from the chain alone:
 * that is what the head hash is for. Pledge logs it every night (keep the logs elsewhere), and
 * `pledge audit verify --head <hash>` checks that a head recorded earlier is still in the chain.
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

/** The chain holds together, but a head recorded earlier is not in it: events were cut from its end. */
export type HeadMissing = { ok: false; reason: 'head_missing'; expectedHead: string; events: number; head: string | null };

/**
 * No events at all while complaints exist: every complaint is filed with an event, so the log was
 * emptied (TRUNCATE behind the trigger's back). An empty chain is trivially intact; this is not.
 */
export type EmptyLog = { ok: false; reason: 'empty_log'; complaints: number };

export type AuditVerdict =
  | {
      ok: true;
      events: number;
      head: string | null;
      /** Where the head recorded earlier (`expectHead`) was found, and how many events came after it. */
      expected?: { eventId: bigint; since: number };
    }
  | AuditBreak
  | HeadMissing
  | EmptyLog;

export const VERIFY_BATCH = 1000;

export async function verifyAuditChain(prisma: Store, options: { batchSize?: number; expectHead?: string } = {}): Promise<AuditVerdict> {
  const take = options.batchSize ?? VERIFY_BATCH;
  let prevHash: string | null = null;
  let afterId: bigint | undefined;
  let checked = 0;
  let expected: { eventId: bigint; at: number } | undefined;
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
      if (row.hash === options.expectHead) expected = { eventId: row.id, at: checked };
    }
    if (rows.length < take) {
      if (checked === 0) {
        const complaints = await prisma.complaint.count();
        if (complaints > 0) return { ok: false, reason: 'empty_log', complaints };
      }
      if (options.expectHead === undefined) return { ok: true, events: checked, head: prevHash };
      if (!expected) return { ok: false, reason: 'head_missing', expectedHead: options.expectHead, events: checked, head: prevHash };
      return { ok: true, events: checked, head: prevHash, expected: { eventId: expected.eventId, since: checked - expected.at } };
    }
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
  if (verdict.ok) {
    const since = verdict.expected ? `; the recorded head is event ${verdict.expected.eventId}, with ${verdict.expected.since} events after it` : '';
    return `audit chain intact: ${verdict.events} events${since}`;
  }
  if (verdict.reason === 'empty_log') {
    return `audit chain BROKEN: the audit log is empty, but ${verdict.complaints} complaint${verdict.complaints === 1 ? '' : 's'} exist; their events were removed.`;
  }
  if (verdict.reason === 'head_missing') {
    return `audit chain BROKEN: the recorded head ${verdict.expectedHead} is not in the log; events were removed from its end (or the log was replaced). ${verdict.events} events check out.`;
  }
  const what = verdict.reason === 'hash_mismatch' ? 'its content does not match its hash' : 'it does not link to the event before it';
  const ref = verdict.reference ? ` (complaint ${verdict.reference})` : '';
  return `audit chain BROKEN at event ${verdict.eventId}${ref}: ${what}; ${verdict.checked} events before it check out`;
}

/** The newest event's hash and id: what the nightly log line records for a later --head check. */
export async function auditHead(prisma: Store): Promise<{ eventId: bigint; hash: string } | undefined> {
  const last = await prisma.event.findFirst({ orderBy: { id: 'desc' }, select: { id: true, hash: true } });
  return last ? { eventId: last.id, hash: last.hash } : undefined;
}
