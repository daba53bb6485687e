/** Storage for the daily digest: the group's open complaints with their running clocks, and runs. */
import { OPEN_STATUSES } from '../domain/complaint';
import { NOT_DUE_STAGES } from '../domain/sla';
import type { DigestComplaint } from '../domain/digest';
import type { Store, Tx } from './tx';

export async function openComplaintsOfGroup(store: Store, groupId: string, warningsOf: (stage: string) => number): Promise<DigestComplaint[]> {
  const rows = await store.complaint.findMany({
    where: { groupId, status: { in: [...OPEN_STATUSES] } },
    select: {
      id: true,
      reference: true,
      title: true,
      ownerId: true,
      priority: true,
      status: true,
      filedAt: true,
      channelId: true,
      rootMessageId: true,
      deadlines: {
        where: { metAt: null, pausedAt: null, stage: { notIn: [...NOT_DUE_STAGES] } },
        select: { stage: true, clock: true, startedAt: true, dueAt: true, breachedAt: true, thresholdsDone: true },
      },
    },
  });
  return rows.map(({ deadlines, ...c }) => ({ ...c, clocks: deadlines.map((d) => ({ ...d, warnings: warningsOf(d.stage) })) }));
}

export async function activitySince(store: Store, groupId: string, since: Date) {
  const [newSince, resolvedSince, awaitingFollowUp] = await Promise.all([
    store.complaint.count({ where: { groupId, filedAt: { gte: since } } }),
    store.complaint.count({ where: { groupId, resolvedAt: { gte: since } } }),
    store.complaint.count({ where: { groupId, status: 'resolved', archivedAt: null, survey: null } }),
  ]);
  return { newSince, resolvedSince, awaitingFollowUp };
}

/** When the channel last had its digest, before the given local date. */
export async function previousDigestAt(store: Store, channelId: string, beforeLocalDate: string): Promise<Date | undefined> {
  const row = await store.digestRun.findFirst({ where: { channelId, localDate: { lt: beforeLocalDate } }, orderBy: { localDate: 'desc' } });
  return row?.sentAt;
}

/** One digest per channel per local day: false when another replica (or a retry) already took it. */
export async function claimDigestRun(tx: Tx, channelId: string, localDate: string, at: Date): Promise<boolean> {
  const rows = await tx.$queryRawUnsafe<unknown[]>(
    `INSERT INTO "DigestRun" ("channelId", "localDate", "sentAt") VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING "channelId"`,
    channelId,
    localDate,
    at,
  );
  return rows.length === 1;
}
