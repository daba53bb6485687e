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
  const since = (await store.previousDigestAt(deps.prisma, group.channel, localDate)) ?? previousWorkingDay(now, calendar);
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

export type MyDigests =
  | { status: 'ok'; digests: DigestModel[] }
  /** Neither a member nor a leader of any group, and not a supervisor. */
  | { status: 'no_group' }
  /** Asked for a group by id or name that is not one of theirs (or does not exist: same answer). */
  | { status: 'not_your_group' };

/**
 * `/complaint digest [group]`: today's digest of the groups someone belongs to or leads, as it
 * stands now (supervisors: every group). Nothing is queued or recorded: it is only a view.
 */
export async function myDigests(deps: ServiceDeps, userId: string, groupText?: string): Promise<MyDigests> {
  const { config } = deps;
  const supervisor = config.supervisors.includes(userId);
  const mine = config.groups.filter((g) => supervisor || g.leader === userId || g.members.includes(userId));
  if (mine.length === 0) return { status: 'no_group' };
  const wanted = groupText?.trim().toLowerCase();
  const chosen = wanted ? mine.filter((g) => g.id.toLowerCase() === wanted || g.name.toLowerCase() === wanted) : mine;
  if (chosen.length === 0) return { status: 'not_your_group' };
  const digests: DigestModel[] = [];
  for (const g of chosen) digests.push(await digestFor(deps, g.id));
  return { status: 'ok', digests };
}

/**
 * With no earlier digest, "new since the last one" counts from the same time on the previous
 * working day, so Monday's first digest still shows what came in on Friday afternoon.
 */
function previousWorkingDay(now: Date, calendar: { localDate(t: Date): string; isWorkingDay(d: string): boolean }): Date {
  for (let days = 1; days <= 14; days++) {
    const t = new Date(now.getTime() - days * 86_400_000);
    if (calendar.isWorkingDay(calendar.localDate(t))) return t;
  }
  return new Date(now.getTime() - 86_400_000);
}
