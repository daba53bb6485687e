/** Storage for lifecycle actions: locking a complaint, moving it, approvals, request keys. */
import type { Prisma } from './generated/client';
import type { Status } from '../domain/complaint';
import { directQuery } from './direct-sql';
import type { Tx, Store } from './tx';

export type ComplaintRow = NonNullable<Awaited<ReturnType<typeof findComplaintRow>>>;

export function findComplaintRow(store: Store | Tx, id: string) {
  return store.complaint.findUnique({ where: { id }, include: { contact: { select: { id: true } } } });
}

/**
 * Locks the complaint until commit and reads it fresh: two actions on one complaint then run
 * one after the other, and each decides on the state the other left.
 */
export async function lockComplaint(tx: Tx, id: string): Promise<ComplaintRow | undefined> {
  // NO KEY UPDATE: it does not block the key-share lock a new Event's foreign key takes.
  await tx.$queryRawUnsafe('SELECT id FROM "Complaint" WHERE id = $1 FOR NO KEY UPDATE', id);
  return (await findComplaintRow(tx, id)) ?? undefined;
}

/** Records that a request was carried out; false when it already was (a repeat or a retry). */
export async function claimRequestKey(tx: Tx, key: string, at: Date): Promise<boolean> {
  const rows = await tx.$queryRawUnsafe<unknown[]>(
    'INSERT INTO "RequestKey" (key, at) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING key',
    key,
    at,
  );
  return rows.length === 1;
}

/** Forgets requests carried out before `before`: no repeat of them can arrive any more (services/bookkeeping.ts). */
export async function forgetRequestKeysBefore(store: Store, before: Date): Promise<number> {
  const { count } = await store.requestKey.deleteMany({ where: { at: { lt: before } } });
  return count;
}

export async function updateComplaint(tx: Tx, id: string, at: Date, data: Prisma.ComplaintUncheckedUpdateInput & { status?: Status }) {
  await tx.complaint.update({ where: { id }, data: { ...data, updatedAt: at } });
}

export type ApprovalKind = 'rejection' | 'handover' | 'extension';

export interface NewApproval {
  complaintId: string;
  kind: ApprovalKind;
  requestedBy: string;
  approverId: string;
  payload: Record<string, unknown>;
  at: Date;
}

export async function createApproval(tx: Tx, a: NewApproval): Promise<string> {
  const row = await tx.approval.create({
    data: { complaintId: a.complaintId, kind: a.kind, requestedBy: a.requestedBy, approverId: a.approverId, payload: a.payload as object, requestedAt: a.at },
    select: { id: true },
  });
  return row.id;
}

/** The request of the complaint still waiting for an answer (of `kind`, when given). */
export function pendingApproval(tx: Tx | Store, complaintId: string, kind?: ApprovalKind) {
  return tx.approval.findFirst({ where: { complaintId, status: 'pending', ...(kind ? { kind } : {}) }, orderBy: { requestedAt: 'asc' } });
}

export function findApproval(store: Tx | Store, id: string) {
  return store.approval.findUnique({ where: { id } });
}

/**
 * The latest extension request put to the outside complainant for one limit, answered or not
 * (superseded and cancelled ones left out): staff recording consent to that limit answers it
 * for them, or is refused when the complainant answered it first.
 */
export function latestConsentRequest(tx: Tx, complaintId: string, approverId: string, deadlineId: string) {
  return tx.approval.findFirst({
    where: { complaintId, kind: 'extension', approverId, status: { in: ['pending', 'approved', 'declined'] }, payload: { path: ['deadlineId'], equals: deadlineId } },
    orderBy: { requestedAt: 'desc' },
  });
}

/** Settles a pending approval; false when it was already settled (double click, retry, race). */
export async function settleApproval(tx: Tx, id: string, status: 'approved' | 'declined' | 'cancelled', by: string, at: Date, note?: string) {
  const { count } = await tx.approval.updateMany({
    where: { id, status: 'pending' },
    data: { status, decidedBy: by, decidedAt: at, decisionNote: note ?? null },
  });
  return count === 1;
}

/**
 * The requests still waiting on these complaints, each with what decides whether it still
 * stands: the complaint's status, owner and archiving, and for an extension its limit.
 */
export interface WaitingRequestRow {
  id: string;
  complaintId: string;
  kind: string;
  requestedBy: string;
  approverId: string;
  payload: unknown;
  complaint: { status: string; ownerId: string; archivedAt: Date | null };
  /** The clock the request is about (payload.deadlineId), when it names one that exists. */
  deadline?: { id: string; metAt: Date | null };
}

/**
 * The requests still waiting on the complaints, oldest first, each with what decides whether it
 * still stands: its complaint and the clock it names. One statement (every step that records
 * runs it; the sweep pays each round trip to the server in its time).
 */
export async function waitingRequests(tx: Tx, complaintIds: string[]): Promise<WaitingRequestRow[]> {
  if (complaintIds.length === 0) return [];
  const rows = await directQuery<Omit<WaitingRequestRow, 'complaint' | 'deadline'> & { status: string; ownerId: string; archivedAt: Date | null; deadlineId: string | null; metAt: Date | null }>(
    tx,
    `SELECT a.id, a."complaintId", a.kind, a."requestedBy", a."approverId", a.payload,
            c.status::text AS status, c."ownerId", c."archivedAt", d.id AS "deadlineId", d."metAt"
       FROM "Approval" a
       JOIN "Complaint" c ON c.id = a."complaintId"
       LEFT JOIN "Deadline" d ON d.id = a.payload->>'deadlineId' AND jsonb_typeof(a.payload->'deadlineId') = 'string'
      WHERE a."complaintId" = ANY($1::text[]) AND a.status = 'pending'
      ORDER BY a."requestedAt", a.id`,
    complaintIds,
  );
  return rows.map(({ status, ownerId, archivedAt, deadlineId, metAt, ...a }) => ({
    ...a,
    complaint: { status, ownerId, archivedAt },
    ...(deadlineId === null ? {} : { deadline: { id: deadlineId, metAt } }),
  }));
}

/** Closes a waiting request nobody can answer any more; false when it was no longer waiting. */
export async function supersedeApproval(tx: Tx, id: string, at: Date): Promise<boolean> {
  const { count } = await tx.approval.updateMany({ where: { id, status: 'pending' }, data: { status: 'superseded', decidedAt: at } });
  return count === 1;
}

export function pendingApprovalsFor(store: Store, approverId: string, take = 20) {
  return store.approval.findMany({ where: { approverId, status: 'pending' }, orderBy: { requestedAt: 'asc' }, take });
}

/**
 * Per complaint, everyone a change to it concerns: the filer, the owner (handler), the first contact,
 * and whoever has an approval or an escalation of it waiting. One query for many complaints.
 */
export interface Concerned {
  people: string[];
  /** Kept informed of every step (首问负责制) when they are not the handler themselves. */
  firstContactId: string | null;
  ownerId: string;
}

export async function concernedPeople(tx: Tx, complaintIds: string[]): Promise<Map<string, Concerned>> {
  if (complaintIds.length === 0) return new Map();
  const rows = await directQuery<{ id: string; people: (string | null)[]; firstContactId: string | null; ownerId: string }>(
    tx,
    `SELECT c.id, c."firstContactId", c."ownerId", ARRAY[c."filerId", c."ownerId", c."firstContactId"]
              || ARRAY(SELECT a."approverId" FROM "Approval" a WHERE a."complaintId" = c.id AND a.status = 'pending')
              || ARRAY(SELECT e."approverId" FROM "Escalation" e WHERE e."complaintId" = c.id AND e.decision IS NULL AND e."handedUpAt" IS NULL) AS people
       FROM "Complaint" c WHERE c.id = ANY($1::text[])`,
    complaintIds,
  );
  return new Map(
    rows.map((r) => [
      r.id,
      { people: [...new Set(r.people.filter((p): p is string => Boolean(p) && p !== 'system'))], firstContactId: r.firstContactId, ownerId: r.ownerId },
    ]),
  );
}
