/**
 * The daily digest per group channel: built from the group's open complaints and what changed
 * since the channel's previous digest, sent once per channel per local day through the outbox,
 * and skipped on non-working days unless configured otherwise.
 */
import { buildDigest, type DigestModel } from '../domain/digest';
import type { Stage } from '../domain/sla';
import * as store from '../db/digest';
import { enqueue } from '../db/outbox';
import { inTransaction } from '../db/tx';
import { AppError } from '../errors';
import type { ServiceDeps } from './deps';

/** Slack shows about 40 items at most; the rest are counted. Keeps outbox payloads small too. */
export const DIGEST_ITEMS_KEPT = 100;

export async function digestFor(deps: ServiceDeps, groupId: string): Promise<DigestModel> {
  const group = deps.config.groups.find((g) => g.id === groupId);
  if (!group) throw new AppError('not_found', `no group ${groupId}`);
  const now = deps.clock.now();
  const calendar = deps.calendarFor(groupId);
  const localDate = calendar.localDate(now);
  const warningsOf = (stage: string) => deps.sla[stage as Stage]?.warnAt.length ?? 0;
  const since = (await store.previousDigestAt(deps.prisma, group.channel, localDate)) ?? new Date(now.getTime() - 86_400_000);
  const [open, activity] = await Promise.all([
    store.openComplaintsOfGroup(deps.prisma, groupId, warningsOf),
    store.activitySince(deps.prisma, groupId, since),
  ]);
  return buildDigest({ groupId, groupName: group.name, now, calendar, open, ...activity });
}

export interface DigestSendResult {
  groupId: string;
  outcome: 'queued' | 'already_sent' | 'not_a_working_day';
}

/** Queues today's digest for each group (all by default). Safe to call from every replica. */
export async function sendDigests(deps: ServiceDeps, groupIds?: string[]): Promise<DigestSendResult[]> {
  const now = deps.clock.now();
  const results: DigestSendResult[] = [];
  for (const group of deps.config.groups.filter((g) => !groupIds || groupIds.includes(g.id))) {
    const calendar = deps.calendarFor(group.id);
    const localDate = calendar.localDate(now);
    if (deps.config.digest.skipNonWorkingDays && !calendar.isWorkingDay(localDate)) {
      results.push({ groupId: group.id, outcome: 'not_a_working_day' });
      continue;
    }
    const model = await digestFor(deps, group.id);
    const queued = await inTransaction(deps.prisma, async (tx) => {
      if (!(await store.claimDigestRun(tx, group.channel, localDate, now))) return false;
      await enqueue(tx, now, [
        {
          dedupeKey: `digest:${group.channel}:${localDate}`,
          kind: 'digest.post',
          target: group.channel,
          payload: { model: { ...model, items: model.items.slice(0, DIGEST_ITEMS_KEPT) } },
        },
      ]);
      return true;
    });
    results.push({ groupId: group.id, outcome: queued ? 'queued' : 'already_sent' });
  }
  if (results.some((r) => r.outcome === 'queued')) deps.outboxWritten?.();
  return results;
}
