/**
 * The digest's two reads compared with alternatives on the same database:
 * - openComplaintsOfGroup sends every open complaint's id back as one IN-list for the clocks
 *   (10,000 ids: the planner scans the whole Deadline table); joined in SQL instead;
 * - activitySince counts filedAt/resolvedAt since yesterday among ALL the group's complaints
 *   (its only index is groupId, status): timed again with indexes on (groupId, filedAt) and
 *   (groupId, resolvedAt), which are dropped afterwards so the report section sees the schema.
 */
import { activitySince, openComplaintsOfGroup } from '../src/db/digest';
import type { Store } from '../src/db/tx';
import { OPEN_STATUSES } from '../src/domain/complaint';
import { medianMs } from './seeded-db';

export interface DigestComparison {
  openMs: number;
  openJoinedMs: number;
  activityMs: number;
  activityIndexedMs: number;
}

export async function compareDigestReads(store: Store, groupId: string, now: Date, repeats: number): Promise<DigestComparison> {
  const since = new Date(now.getTime() - 86_400_000);
  const openMs = await medianMs(repeats, () => openComplaintsOfGroup(store, groupId, () => 2));
  const openJoinedMs = await medianMs(repeats, () => openWithClocksJoined(store, groupId));
  const activityMs = await medianMs(repeats, () => activitySince(store, groupId, since));
  const indexes = ['"bench_Complaint_groupId_filedAt_idx" ON "Complaint" ("groupId", "filedAt")', '"bench_Complaint_groupId_resolvedAt_idx" ON "Complaint" ("groupId", "resolvedAt")'];
  for (const index of indexes) await store.$executeRawUnsafe(`CREATE INDEX ${index}`);
  try {
    await store.$executeRawUnsafe('ANALYZE "Complaint"');
    const activityIndexedMs = await medianMs(repeats, () => activitySince(store, groupId, since));
    return { openMs, openJoinedMs, activityMs, activityIndexedMs };
  } finally {
    for (const index of indexes) await store.$executeRawUnsafe(`DROP INDEX IF EXISTS ${index.split(' ON ')[0]}`);
  }
}

function openWithClocksJoined(store: Store, groupId: string) {
  const statuses = OPEN_STATUSES.map((s) => `'${s}'`).join(',');
  return store.$queryRawUnsafe<unknown[]>(
    `SELECT c.id, c.reference, c.title, c."ownerId", c.priority::text, c.status::text, c."filedAt", c."channelId", c."rootMessageId",
       d.stage, d."startedAt", d."dueAt", d."breachedAt", d."thresholdsDone"
     FROM "Complaint" c
     LEFT JOIN "Deadline" d ON d."complaintId" = c.id AND d."metAt" IS NULL AND d."pausedAt" IS NULL AND d.stage <> 'archive'
     WHERE c."groupId" = $1 AND c.status IN (${statuses})`,
    groupId,
  );
}
