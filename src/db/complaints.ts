/** Complaint storage: the queries services need, nothing more. */
import type { ComplaintCard, ComplaintDraft, RequestKind } from '../domain/complaint';
import { OPEN_STATUSES } from '../domain/complaint';
import { NOT_DUE_STAGES } from '../domain/sla';
import type { Contact } from '../domain/mask';
import * as contacts from './contacts';
import { latestReach } from './reach';
import type { Prisma } from './generated/client';
import { enqueue } from './outbox';
import { inTransaction, type Tx, type Store } from './tx';

const cardInclude = {
  contact: { select: { id: true, name: true, keyId: true, erasedAt: true, masked: true } },
  deadlines: {
    where: { OR: [{ stage: 'acknowledge' }, { metAt: null }] },
    select: { stage: true, dueAt: true, metAt: true, pausedAt: true, startedAt: true, consent: true, unknownYear: true },
    orderBy: { dueAt: 'asc' },
  },
  survey: { select: { rating: true, channel: true } },
  approvals: { where: { status: 'pending' }, select: { kind: true, approverId: true }, orderBy: { requestedAt: 'asc' } },
} satisfies Prisma.ComplaintInclude;

type CardRow = NonNullable<Awaited<ReturnType<typeof findCardRow>>>;
/** A group's display name by id; with `category`, a category's too (messages never show raw ids). */
export interface GroupName {
  (groupId: string): string;
  category?: (id: string) => string;
}

function findCardRow(store: Store | Tx, where: { id: string } | { reference: string }) {
  return store.complaint.findUnique({ where, include: cardInclude });
}

function toCard(row: CardRow, groupName: GroupName): ComplaintCard {
  return {
    id: row.id,
    reference: row.reference,
    title: row.title,
    details: row.details,
    category: row.category,
    categoryName: groupName.category?.(row.category) ?? row.category,
    priority: row.priority,
    source: row.source,
    status: row.status,
    filerId: row.filerId,
    ownerId: row.ownerId,
    firstContactId: row.firstContactId,
    groupId: row.groupId,
    groupName: groupName(row.groupId),
    filedAt: row.filedAt,
    acceptedAt: row.acceptedAt,
    acceptedById: row.acceptedById,
    ackDueAt: row.deadlines.find((d) => d.stage === 'acknowledge')?.dueAt ?? null,
    customerName: contacts.customerName(row.contact),
    maskedContact: row.contact?.masked ?? null,
    originPermalink: row.originPermalink,
    solution: row.solution,
    result: row.result,
    resultBasis: row.resultBasis,
    // Rated in the filer's DM is the complainant's own word; any other channel is staff's record of it.
    followUp: row.survey ? { rating: row.survey.rating, by: row.survey.channel === 'dm' || row.survey.channel === 'web' ? 'complainant' : 'staff' } : null,
    archivedAt: row.archivedAt,
    waiting: row.approvals.map((a) => ({ kind: a.kind as RequestKind, approverId: a.approverId })),
    nextDue: nextDue(row.deadlines),
    unknownYear: row.deadlines.some((d) => !d.metAt && d.unknownYear),
    // Waiting, and the clocks still stopped: once sla.maxPause has passed they run again while it waits.
    paused: row.status === 'waiting_on_complainant' && row.deadlines.some((d) => d.pausedAt && !d.metAt),
    specialChannelId: row.specialChannelId,
    channelId: row.channelId,
    rootMessageId: row.rootMessageId,
    contactId: row.contactId,
    locale: row.locale === 'en' || row.locale === 'zh-CN' ? row.locale : null,
  };
}

/** The running limit due first; archiving and the pause limit are not something anyone must meet. */
function nextDue(deadlines: { stage: string; dueAt: Date; metAt: Date | null; pausedAt: Date | null; consent: string | null }[]): ComplaintCard['nextDue'] {
  const running = deadlines.filter((d) => !d.metAt && !d.pausedAt && !NOT_DUE_STAGES.includes(d.stage));
  const first = running[0];
  if (!first) return null;
  const extendedBy = first.consent === 'complainant' ? 'complainant' : first.consent === 'recorded' ? 'staff' : null;
  return { stage: first.stage, dueAt: first.dueAt, extendedBy };
}

export async function findCard(store: Store | Tx, where: { id: string } | { reference: string }, groupName: GroupName) {
  const row = await findCardRow(store, where);
  if (!row) return undefined;
  const card = toCard(row, groupName);
  // Only a complaint with an outside customer has messages to them to show.
  return row.contactId ? { ...card, reach: await latestReach(store, row.id) } : card;
}

/** Next number of the year. Bumped in the filing transaction: a rolled-back filing frees nothing visible. */
export async function nextReferenceSeq(tx: Tx, year: number): Promise<number> {
  const rows = await tx.$queryRawUnsafe<{ last: number }[]>(
    `INSERT INTO "ReferenceCounter" (year, last) VALUES ($1, 1)
     ON CONFLICT (year) DO UPDATE SET last = "ReferenceCounter".last + 1 RETURNING last`,
    year,
  );
  return Number(rows[0]!.last);
}

/**
 * Locks the group's rotation row until commit and returns who got the last complaint.
 * Holding it makes "fewest open complaints" and the tie-break consistent under concurrent filings.
 */
export async function lockRotation(tx: Tx, groupId: string): Promise<string | undefined> {
  await tx.$executeRawUnsafe(
    `INSERT INTO "OwnerRotation" ("groupId", "lastOwnerId") VALUES ($1, '') ON CONFLICT DO NOTHING`,
    groupId,
  );
  const rows = await tx.$queryRawUnsafe<{ lastOwnerId: string }[]>(
    `SELECT "lastOwnerId" FROM "OwnerRotation" WHERE "groupId" = $1 FOR UPDATE`,
    groupId,
  );
  return rows[0]?.lastOwnerId || undefined;
}

export async function saveRotation(tx: Tx, groupId: string, lastOwnerId: string): Promise<void> {
  await tx.ownerRotation.update({ where: { groupId }, data: { lastOwnerId } });
}

export async function openCounts(tx: Tx, ownerIds: readonly string[]): Promise<Record<string, number>> {
  const rows = await tx.complaint.groupBy({
    by: ['ownerId'],
    where: { ownerId: { in: [...ownerIds] }, status: { in: [...OPEN_STATUSES] } },
    _count: { _all: true },
  });
  return Object.fromEntries(rows.map((r) => [r.ownerId, r._count._all]));
}

export async function findIdBySubmissionKey(tx: Tx | Store, submissionKey: string): Promise<string | undefined> {
  const row = await tx.complaint.findUnique({ where: { submissionKey }, select: { id: true } });
  return row?.id;
}

export interface NewComplaint {
  reference: string;
  year: number;
  seq: number;
  draft: ComplaintDraft;
  contact?: Contact & { name: string | null; masked: string };
  filerId: string;
  ownerId: string;
  firstContactId: string | null;
  groupId: string;
  submissionKey: string;
  filedAt: Date;
  /** The complainant's own language, where they chose one. */
  locale?: string | null;
}

export async function insertComplaint(tx: Tx, c: NewComplaint): Promise<string> {
  const { draft } = c;
  // Sealed with the data key before it is written (contacts.ts): never stored in the clear.
  const contactId = c.contact ? await contacts.createContact(tx, c.contact, c.filedAt) : null;
  const row = await tx.complaint.create({
    data: {
      reference: c.reference,
      year: c.year,
      seq: c.seq,
      title: draft.title,
      details: draft.details,
      category: draft.category,
      priority: draft.priority,
      source: draft.source,
      filerId: c.filerId,
      ownerId: c.ownerId,
      firstContactId: c.firstContactId,
      groupId: c.groupId,
      contactId,
      originChannelId: draft.originChannelId ?? null,
      originMessageId: draft.originMessageId ?? null,
      originPermalink: draft.originPermalink ?? null,
      submissionKey: c.submissionKey,
      filedAt: c.filedAt,
      locale: c.locale ?? null,
      updatedAt: c.filedAt,
    },
    select: { id: true },
  });
  return row.id;
}

export async function setRootMessage(store: Store, id: string, channelId: string, ts: string): Promise<void> {
  await store.complaint.update({ where: { id }, data: { channelId, rootMessageId: ts } });
}

export async function rootMessage(store: Store, id: string) {
  return store.complaint.findUnique({ where: { id }, select: { channelId: true, rootMessageId: true } });
}

/** What a person filed (latest first) and owns (open ones, oldest first). */
export async function listForPerson(store: Store, userId: string, groupName: GroupName, limit = 30) {
  const [filed, owned] = await Promise.all([
    store.complaint.findMany({ where: { filerId: userId }, include: cardInclude, orderBy: { filedAt: 'desc' }, take: limit }),
    store.complaint.findMany({
      where: { ownerId: userId, status: { in: [...OPEN_STATUSES] } },
      include: cardInclude,
      orderBy: { filedAt: 'asc' },
      take: limit,
    }),
  ]);
  return { filed: filed.map((r) => toCard(r, groupName)), owned: owned.map((r) => toCard(r, groupName)) };
}

export async function specialChannel(store: Store, id: string): Promise<string | null> {
  return (await store.complaint.findUnique({ where: { id }, select: { specialChannelId: true } }))?.specialChannelId ?? null;
}

export async function setSpecialChannel(store: Store, id: string, channelId: string): Promise<void> {
  await store.complaint.update({ where: { id }, data: { specialChannelId: channelId } });
}

/**
 * Meets a stage outside a request (the dispatcher, once the leader has the report). The card
 * showed the stage as due, so its refresh is queued in the same transaction.
 */
export async function meetStageIfOpen(store: Store, complaintId: string, stage: string, at: Date): Promise<void> {
  await inTransaction(store, async (tx) => {
    const met = await tx.$executeRawUnsafe(
      `UPDATE "Deadline" SET "metAt" = $3, "nextCheckAt" = NULL,
         "breachedAt" = CASE WHEN "breachedAt" IS NULL AND "dueAt" < $3 THEN "dueAt" ELSE "breachedAt" END
       WHERE "complaintId" = $1 AND stage = $2 AND "metAt" IS NULL`,
      complaintId,
      stage,
      at,
    );
    if (met === 0) return;
    await enqueue(tx, at, [{ dedupeKey: `complaint:${complaintId}:${stage}:met`, kind: 'complaint.refresh', target: complaintId, complaintId }]);
  });
}

/** Cards matching `where`, oldest first: boards and App Home lists. */
export async function listCards(store: Store, where: Prisma.ComplaintWhereInput, groupName: GroupName, take = 50): Promise<ComplaintCard[]> {
  const rows = await store.complaint.findMany({ where, include: cardInclude, orderBy: { filedAt: 'asc' }, take });
  return rows.map((r) => toCard(r, groupName));
}
