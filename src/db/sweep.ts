/** Storage for the sweep: what is due, and the claims that make each action happen once. */
import { randomUUID } from 'node:crypto';
import type { Complaint, Deadline, Escalation } from './generated/client';
import { directQuery } from './direct-sql';
import type { Store, Tx } from './tx';

type DueComplaint = Pick<Complaint, 'id' | 'reference' | 'priority' | 'groupId' | 'ownerId' | 'status'>;
export type DueClock = Deadline & { complaint: DueComplaint };

/**
 * The clocks due at `now`, each with its complaint, in one statement (a join): Prisma's include
 * is a second round trip to the server, and the sweep pays every round trip in its time.
 */
export async function dueClocks(store: Store, now: Date, take: number): Promise<DueClock[]> {
  const rows = await directQuery<Deadline & { [K in keyof DueComplaint as `c_${K}`]: DueComplaint[K] }>(
    store,
    `SELECT d.*, c.id AS c_id, c.reference AS c_reference, c.priority::text AS c_priority, c."groupId" AS "c_groupId",
            c."ownerId" AS "c_ownerId", c.status::text AS c_status
       FROM "Deadline" d JOIN "Complaint" c ON c.id = d."complaintId"
      WHERE d."nextCheckAt" <= $1::timestamp(3)
      ORDER BY d."nextCheckAt", d.id
      LIMIT $2`,
    now,
    take,
  );
  return rows.map(({ c_id, c_reference, c_priority, c_groupId, c_ownerId, c_status, ...clock }) => ({
    ...clock,
    complaint: { id: c_id, reference: c_reference, priority: c_priority, groupId: c_groupId, ownerId: c_ownerId, status: c_status },
  }));
}

export interface ClockStep {
  clock: DueClock;
  thresholdsDone: number;
  nextCheckAt: Date | null;
  /** The step is the breach: record it (once: an earlier breach stands). */
  breach: boolean;
}

/**
 * Claims a step of each clock at once: a clock's step is won only if nobody moved the clock
 * since it was read, so two sweeps (two replicas) never both act on the same threshold.
 * Returns the ids of the clocks won.
 */
export async function claimClockSteps(tx: Tx, steps: readonly ClockStep[]): Promise<Set<string>> {
  if (steps.length === 0) return new Set();
  const won = await directQuery<{ id: string }>(
    tx,
    `UPDATE "Deadline" d
        SET "thresholdsDone" = v.done, "nextCheckAt" = v.next::timestamptz AT TIME ZONE 'UTC',
            "breachedAt" = CASE WHEN v.breach AND d."breachedAt" IS NULL THEN d."dueAt" ELSE d."breachedAt" END
       FROM unnest($1::text[], $2::int[], $3::text[], $4::int[], $5::text[], $6::boolean[]) AS v(id, was_done, was_next, done, next, breach)
      WHERE d.id = v.id AND d."thresholdsDone" = v.was_done
        AND d."nextCheckAt" IS NOT DISTINCT FROM v.was_next::timestamptz AT TIME ZONE 'UTC' AND d."metAt" IS NULL
      RETURNING d.id`,
    steps.map((s) => s.clock.id),
    steps.map((s) => s.clock.thresholdsDone),
    steps.map((s) => s.clock.nextCheckAt?.toISOString() ?? null),
    steps.map((s) => s.thresholdsDone),
    steps.map((s) => s.nextCheckAt?.toISOString() ?? null),
    steps.map((s) => s.breach),
  );
  return new Set(won.map((w) => w.id));
}

/**
 * Clocks the sweep should have looked at before `before` and has not: left behind by a step
 * that keeps failing, or by a sweep that is not running at all. A healthy sweep leaves none, as
 * it moves every clock it reads to its next threshold (or to the next working period).
 */
export function stuckClocks(store: Store, before: Date, take: number) {
  return store.deadline.findMany({
    where: { nextCheckAt: { lt: before } },
    orderBy: { nextCheckAt: 'asc' },
    take,
    select: { stage: true, nextCheckAt: true, complaint: { select: { reference: true } } },
  });
}

type OverdueComplaint = Pick<Complaint, 'id' | 'reference' | 'groupId' | 'priority' | 'ownerId'>;
export type OverdueEscalation = Escalation & { complaint: OverdueComplaint };

/** Escalations whose approver did not answer in time, each with its complaint: one statement (a join), as dueClocks. */
export async function overdueEscalations(store: Store, now: Date, take: number): Promise<OverdueEscalation[]> {
  const rows = await directQuery<Escalation & { [K in keyof OverdueComplaint as `c_${K}`]: OverdueComplaint[K] }>(
    store,
    `SELECT e.*, c.id AS c_id, c.reference AS c_reference, c."groupId" AS "c_groupId", c.priority::text AS c_priority, c."ownerId" AS "c_ownerId"
       FROM "Escalation" e JOIN "Complaint" c ON c.id = e."complaintId"
      WHERE e."respondBy" <= $1::timestamp(3) AND e.decision IS NULL AND e."handedUpAt" IS NULL
      ORDER BY e."respondBy", e.id
      LIMIT $2`,
    now,
    take,
  );
  return rows.map(({ c_id, c_reference, c_groupId, c_priority, c_ownerId, ...e }) => ({
    ...e,
    complaint: { id: c_id, reference: c_reference, groupId: c_groupId, priority: c_priority, ownerId: c_ownerId },
  }));
}

export async function claimHandUp(tx: Tx, escalationId: string, at: Date): Promise<boolean> {
  // respondBy cleared: the overdue query's index then only holds escalations still waiting.
  const { count } = await tx.escalation.updateMany({ where: { id: escalationId, decision: null, handedUpAt: null }, data: { handedUpAt: at, respondBy: null } });
  return count === 1;
}

export interface NewEscalation {
  complaintId: string;
  deadlineId: string | null;
  stage: string;
  level: number;
  approverId: string;
  reason: string;
  at: Date;
  respondBy: Date | null;
}

/** An escalation still waiting on someone, by the clock it was opened for. */
export interface OpenEscalation {
  id: string;
  level: number;
  approverId: string;
}

/**
 * For the clocks being escalated: the escalation each already has waiting on someone (the
 * highest level), and a new one opened for each that has none and a `proposed` row, with its id.
 * One statement, so the lookup and the insert cost one round trip: the insert reads the same
 * snapshot as the lookup, and every writer holds the audit chain's lock, so nobody opens one
 * between them.
 */
export async function escalateClocks<E extends NewEscalation & { deadlineId: string }>(
  tx: Tx,
  deadlineIds: readonly string[],
  proposed: readonly E[],
): Promise<{ open: Map<string, OpenEscalation>; opened: Map<string, E & { id: string }> }> {
  if (deadlineIds.length === 0) return { open: new Map(), opened: new Map() };
  const ids = proposed.map(() => randomUUID());
  const rows = await directQuery<{ source: 'open' | 'new'; id: string; deadlineId: string; level: number; approverId: string }>(
    tx,
    `WITH open AS (
       SELECT DISTINCT ON ("deadlineId") id, "deadlineId", level, "approverId" FROM "Escalation"
        WHERE "deadlineId" = ANY($10::text[]) AND decision IS NULL AND "handedUpAt" IS NULL
        ORDER BY "deadlineId", level DESC
     ), opened AS (
       INSERT INTO "Escalation" (id, "complaintId", "deadlineId", stage, level, "approverId", reason, "requestedAt", "respondBy")
       SELECT e.id, e.complaint, e.deadline, e.stage, e.level, e.approver, e.reason, e.at::timestamptz AT TIME ZONE 'UTC', e.respond::timestamptz AT TIME ZONE 'UTC'
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::text[], $7::text[], $8::text[], $9::text[]) AS e(id, complaint, deadline, stage, level, approver, reason, at, respond)
        WHERE NOT EXISTS (SELECT 1 FROM open o WHERE o."deadlineId" = e.deadline)
       RETURNING id, "deadlineId", level, "approverId"
     )
     SELECT 'open' AS source, id, "deadlineId", level, "approverId" FROM open
     UNION ALL SELECT 'new', id, "deadlineId", level, "approverId" FROM opened`,
    ids,
    proposed.map((e) => e.complaintId),
    proposed.map((e) => e.deadlineId),
    proposed.map((e) => e.stage),
    proposed.map((e) => e.level),
    proposed.map((e) => e.approverId),
    proposed.map((e) => e.reason),
    proposed.map((e) => e.at.toISOString()),
    proposed.map((e) => e.respondBy?.toISOString() ?? null),
    [...deadlineIds],
  );
  const open = new Map(rows.filter((r) => r.source === 'open').map((r) => [r.deadlineId, { id: r.id, level: Number(r.level), approverId: r.approverId }]));
  const openedIds = new Set(rows.filter((r) => r.source === 'new').map((r) => r.id));
  const opened = new Map(proposed.flatMap((e, i) => (openedIds.has(ids[i]!) ? [[e.deadlineId, { ...e, id: ids[i]! }] as const] : [])));
  return { open, opened };
}

export async function createEscalation(tx: Tx, e: NewEscalation): Promise<string> {
  const row = await tx.escalation.create({
    data: { complaintId: e.complaintId, deadlineId: e.deadlineId, stage: e.stage, level: e.level, approverId: e.approverId, reason: e.reason, requestedAt: e.at, respondBy: e.respondBy },
    select: { id: true },
  });
  return row.id;
}

export type ChainLink = { id: string; complaintId: string; deadlineId: string | null; stage: string; level: number; requestedAt: Date; handedUpAt: Date | null; approverId: string };
const LINK = { id: true, complaintId: true, deadlineId: true, stage: true, level: true, requestedAt: true, handedUpAt: true, approverId: true, decision: true } as const;

/**
 * The level an escalation was handed up to. A hand-up closes one level and opens the next at
 * the same instant, for the same limit: that instant is the link between them.
 */
export function handedUpTo(store: Store | Tx, e: ChainLink) {
  if (!e.handedUpAt) return Promise.resolve(null);
  return store.escalation.findFirst({
    where: { complaintId: e.complaintId, deadlineId: e.deadlineId, stage: e.stage, level: { gt: e.level }, requestedAt: e.handedUpAt },
    orderBy: { level: 'asc' },
    select: LINK,
  });
}

/** The level that was handed up to `e`, if one was. */
export function handedUpFrom(store: Store | Tx, e: ChainLink) {
  return store.escalation.findFirst({
    where: { complaintId: e.complaintId, deadlineId: e.deadlineId, stage: e.stage, level: { lt: e.level }, handedUpAt: e.requestedAt },
    orderBy: { level: 'desc' },
    select: LINK,
  });
}
