/** Storage for the sweep: what is due, and the claims that make each action happen once. */
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

/**
 * Claims one step of a clock: succeeds only if nobody moved it since it was read, so two
 * sweeps (two replicas) never both act on the same threshold.
 */
export async function claimClockStep(
  tx: Tx,
  clock: DueClock,
  next: { thresholdsDone: number; nextCheckAt: Date | null; breachedAt?: Date },
): Promise<boolean> {
  const { count } = await tx.deadline.updateMany({
    where: { id: clock.id, thresholdsDone: clock.thresholdsDone, nextCheckAt: clock.nextCheckAt, metAt: null },
    data: { thresholdsDone: next.thresholdsDone, nextCheckAt: next.nextCheckAt, ...(next.breachedAt && !clock.breachedAt ? { breachedAt: next.breachedAt } : {}) },
  });
  return count === 1;
}

export function openEscalationFor(tx: Tx, deadlineId: string) {
  return tx.escalation.findFirst({ where: { deadlineId, decision: null, handedUpAt: null } });
}

export function overdueEscalations(store: Store, now: Date, take: number) {
  return store.escalation.findMany({
    where: { respondBy: { lte: now }, decision: null, handedUpAt: null },
    orderBy: { respondBy: 'asc' },
    take,
    include: { complaint: { select: { id: true, reference: true, groupId: true, priority: true } } },
  });
}

export type OverdueEscalation = Awaited<ReturnType<typeof overdueEscalations>>[number];

export async function claimHandUp(tx: Tx, escalationId: string, at: Date): Promise<boolean> {
  // respondBy cleared: the overdue query's index then only holds escalations still waiting.
  const { count } = await tx.escalation.updateMany({ where: { id: escalationId, decision: null, handedUpAt: null }, data: { handedUpAt: at, respondBy: null } });
  return count === 1;
}

export async function createEscalation(
  tx: Tx,
  e: { complaintId: string; deadlineId: string | null; stage: string; level: number; approverId: string; reason: string; at: Date; respondBy: Date | null },
): Promise<string> {
  const row = await tx.escalation.create({
    data: { complaintId: e.complaintId, deadlineId: e.deadlineId, stage: e.stage, level: e.level, approverId: e.approverId, reason: e.reason, requestedAt: e.at, respondBy: e.respondBy },
    select: { id: true },
  });
  return row.id;
}
