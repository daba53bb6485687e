/**
 * What a person's App Home shows: what they filed, what they own (next due first), and for
 * leaders their group's open complaints and the approvals and escalations waiting for them;
 * supervisors also see deliveries that failed, time limits the sweep has not checked when it
 * should have, and years the calendar has no holiday data for.
 */
import { OPEN_STATUSES, type ComplaintCard } from '../domain/complaint';
import type { HomeModel, UnknownYearDeadline } from '../domain/home';
import * as complaints from '../db/complaints';
import { stuckClocks } from '../db/sweep';
import type { ServiceDeps } from './deps';
import { groupNameOf } from './deps';

const LIMIT = 20;

/**
 * The start-up check only looks 60 days ahead, so a bot running since autumn computes limits
 * into the next year without a word: there a public holiday counts as a working day. Each open
 * limit is checked against its own group's calendar, from its start to its due time.
 */
async function unknownYearDeadlines(deps: ServiceDeps, take: number): Promise<UnknownYearDeadline[]> {
  const open = await deps.prisma.deadline.findMany({
    where: { metAt: null },
    orderBy: { dueAt: 'asc' },
    select: { stage: true, startedAt: true, dueAt: true, complaint: { select: { reference: true, groupId: true } } },
  });
  const out: UnknownYearDeadline[] = [];
  for (const d of open) {
    const years = deps.calendarFor(d.complaint.groupId).yearsWithoutData(d.startedAt, d.dueAt);
    if (years.length) out.push({ reference: d.complaint.reference, stage: d.stage, dueAt: d.dueAt, years });
    if (out.length >= take) break;
  }
  return out;
}

/**
 * A clock still waiting for the sweep this long after its check was due is stuck. The sweep runs
 * every minute by default; a quarter of an hour leaves room for a slower schedule and a restart.
 */
export const STUCK_AFTER_MS = 15 * 60_000;

export async function homeFor(deps: ServiceDeps, userId: string, calendarWarnings: string[] = []): Promise<HomeModel> {
  const { prisma, config } = deps;
  const name = groupNameOf(config);
  const mine = await complaints.listForPerson(prisma, userId, name, LIMIT);
  const byNextDue = (a: ComplaintCard, b: ComplaintCard) => (a.nextDue?.dueAt.getTime() ?? Infinity) - (b.nextDue?.dueAt.getTime() ?? Infinity);
  const ledGroups = config.groups.filter((g) => g.leader === userId);
  const led = await Promise.all(
    ledGroups.map(async (g) => ({
      groupId: g.id,
      groupName: g.name,
      open: (await complaints.listCards(prisma, { groupId: g.id, status: { in: [...OPEN_STATUSES] } }, name, 50)).sort(byNextDue),
    })),
  );
  const approvals = await prisma.approval.findMany({
    where: { approverId: userId, status: 'pending' },
    include: { complaint: { select: { reference: true } } },
    orderBy: { requestedAt: 'asc' },
    take: LIMIT,
  });
  const escalations = await prisma.escalation.findMany({
    where: { approverId: userId, decision: null, handedUpAt: null },
    include: { complaint: { select: { reference: true } } },
    orderBy: { requestedAt: 'asc' },
    take: LIMIT,
  });
  const isSupervisor = config.supervisors.includes(userId);
  const failed = isSupervisor
    ? await prisma.notification.findMany({ where: { failedAt: { not: null } }, orderBy: { failedAt: 'desc' }, take: 10 })
    : [];
  const stuck = isSupervisor ? await stuckClocks(prisma, new Date(deps.clock.now().getTime() - STUCK_AFTER_MS), 10) : [];
  const unknownYear = isSupervisor ? await unknownYearDeadlines(deps, LIMIT) : [];
  return {
    filed: mine.filed,
    owned: [...mine.owned].sort(byNextDue),
    led,
    approvals: approvals.map((a) => ({ id: a.id, kind: a.kind, reference: a.complaint.reference, complaintId: a.complaintId, requestedBy: a.requestedBy, payload: a.payload as Record<string, unknown>, requestedAt: a.requestedAt })),
    escalations: escalations.map((e) => ({ id: e.id, reference: e.complaint.reference, complaintId: e.complaintId, level: e.level, stage: e.stage, reason: e.reason, requestedAt: e.requestedAt, respondBy: e.respondBy })),
    supervisor: isSupervisor
      ? {
          failedDeliveries: failed.map((n) => ({ kind: n.kind, target: n.target, lastError: n.lastError, failedAt: n.failedAt! })),
          stuckClocks: stuck.map((d) => ({ reference: d.complaint.reference, stage: d.stage, dueForCheckAt: d.nextCheckAt! })),
          calendarWarnings,
          unknownYearDeadlines: unknownYear,
        }
      : null,
  };
}
