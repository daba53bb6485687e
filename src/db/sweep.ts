/** Storage for the sweep: what is due, and the claims that make each action happen once. */
import { randomUUID } from 'node:crypto';
import type { Store, Tx } from './tx';

export function dueClocks(store: Store, now: Date, take: number) {
  return store.deadline.findMany({
    where: { nextCheckAt: { lte: now } },
    orderBy: { nextCheckAt: 'asc' },
    take,
    include: { complaint: { select: { id: true, reference: true, priority: true, groupId: true, ownerId: true, status: true } } },
  });
}

export type DueClock = Awaited<ReturnType<typeof dueClocks>>[number];

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
  const won = await tx.$queryRawUnsafe<{ id: string }[]>(
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

/** The escalations still waiting on someone, by the clock they were opened for. */
export async function openEscalationsFor(tx: Tx, deadlineIds: string[]) {
  if (deadlineIds.length === 0) return new Map();
  const open = await tx.escalation.findMany({ where: { deadlineId: { in: deadlineIds }, decision: null, handedUpAt: null }, orderBy: { level: 'asc' } });
  return new Map(open.map((e) => [e.deadlineId!, e]));
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

export function overdueEscalations(store: Store, now: Date, take: number) {
  return store.escalation.findMany({
    where: { respondBy: { lte: now }, decision: null, handedUpAt: null },
    orderBy: { respondBy: 'asc' },
    take,
    include: { complaint: { select: { id: true, reference: true, groupId: true, priority: true, ownerId: true } } },
  });
}

export type OverdueEscalation = Awaited<ReturnType<typeof overdueEscalations>>[number];

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

/** Opens escalations for clocks in one insert; each, with its id, by its clock (one each). */
export async function createEscalations<E extends NewEscalation & { deadlineId: string }>(tx: Tx, rows: readonly E[]): Promise<Map<string, E & { id: string }>> {
  if (rows.length === 0) return new Map();
  const ids = rows.map(() => randomUUID());
  await tx.$executeRawUnsafe(
    `INSERT INTO "Escalation" (id, "complaintId", "deadlineId", stage, level, "approverId", reason, "requestedAt", "respondBy")
     SELECT e.id, e.complaint, e.deadline, e.stage, e.level, e.approver, e.reason, e.at::timestamptz AT TIME ZONE 'UTC', e.respond::timestamptz AT TIME ZONE 'UTC'
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::text[], $7::text[], $8::text[], $9::text[]) AS e(id, complaint, deadline, stage, level, approver, reason, at, respond)`,
    ids,
    rows.map((e) => e.complaintId),
    rows.map((e) => e.deadlineId),
    rows.map((e) => e.stage),
    rows.map((e) => e.level),
    rows.map((e) => e.approverId),
    rows.map((e) => e.reason),
    rows.map((e) => e.at.toISOString()),
    rows.map((e) => e.respondBy?.toISOString() ?? null),
  );
  return new Map(rows.map((e, i) => [e.deadlineId, { ...e, id: ids[i]! }]));
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
