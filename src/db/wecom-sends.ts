/**
 * Send slots for WeCom members. WeCom accepts 30 messages a minute and 1,000 an hour to one
 * member and drops the excess without a word, so every message/send to a member first takes a
 * slot here, under a lock per member: two replicas delivering to the same person count each
 * other's sends. A message that finds no slot waits, in the outbox, until one frees up.
 */
import type { Store } from './tx';

export interface SendLimits {
  perMinute: number;
  perHour: number;
}

/** WeCom's own limits for messages from an app to one member (应用消息频率限制). */
export const WECOM_MEMBER_LIMITS: SendLimits = { perMinute: 30, perHour: 1000 };

/**
 * A group robot (webhook/send) takes 20 messages a minute and answers 45009 beyond; it has no
 * hourly limit, which 20 a minute for an hour stands for. Its slots are kept under
 * `robot:<digest of its key>` (wecom/group-destination.ts), beside the members' UserIDs, which
 * never contain ':'.
 */
export const WECOM_ROBOT_LIMITS: SendLimits = { perMinute: 20, perHour: 20 * 60 };

/**
 * appchat/send: each member of the group chat gets at most 200 of the app's messages a minute
 * (and 10,000 a day, which the hour's 10,000 does not stand for: past it WeCom answers 45009,
 * and the message waits the same way). Slots are kept under `chat:<chatid>`.
 */
export const WECOM_GROUP_CHAT_LIMITS: SendLimits = { perMinute: 200, perHour: 10_000 };

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * Takes a slot to send to `member` at `now`: `{ ok: true }`, or when the next slot frees up. The
 * lock is a transaction-scoped advisory lock on the member's name, so it ends with the
 * transaction whatever happens, and members do not wait on each other.
 */
export async function takeSendSlot(prisma: Store, member: string, now: Date, limits: SendLimits = WECOM_MEMBER_LIMITS): Promise<{ ok: true } | { ok: false; until: Date }> {
  return prisma.$transaction(async (tx) => {
    await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(hashtextextended('wecom.send:' || $1::text, 0))`, member);
    const minuteAgo = new Date(now.getTime() - MINUTE);
    const hourAgo = new Date(now.getTime() - HOUR);
    const [counts] = await tx.$queryRawUnsafe<{ minute: bigint; hour: bigint }[]>(
      `SELECT count(*) FILTER (WHERE at > $2) AS minute, count(*) AS hour FROM "WeComSend" WHERE member = $1 AND at > $3`,
      member,
      minuteAgo,
      hourAgo,
    );
    let until: Date | undefined;
    // A slot frees up when the send that filled the window leaves it.
    if (Number(counts?.minute ?? 0) >= limits.perMinute) until = later(until, await nthNewest(tx, member, minuteAgo, limits.perMinute, MINUTE));
    if (Number(counts?.hour ?? 0) >= limits.perHour) until = later(until, await nthNewest(tx, member, hourAgo, limits.perHour, HOUR));
    if (until) return { ok: false as const, until };
    await tx.$executeRawUnsafe(`INSERT INTO "WeComSend" (member, at) VALUES ($1, $2)`, member, now);
    await tx.$executeRawUnsafe(`DELETE FROM "WeComSend" WHERE member = $1 AND at <= $2`, member, hourAgo);
    return { ok: true as const };
  }, { maxWait: 60_000, timeout: 20_000 });
}

/**
 * Forgets sends before `before` (at least an hour ago: services/bookkeeping.ts). Taking a slot
 * drops its own member's old sends; this drops those of members nobody has sent to since.
 */
export async function forgetSendsBefore(store: Store, before: Date): Promise<number> {
  const { count } = await store.weComSend.deleteMany({ where: { at: { lt: before } } });
  return count;
}

/** When the `n`th newest send since `since` leaves its window of `windowMs`. */
async function nthNewest(tx: Pick<Store, '$queryRawUnsafe'>, member: string, since: Date, n: number, windowMs: number): Promise<Date> {
  const rows = await tx.$queryRawUnsafe<{ at: Date }[]>(
    `SELECT at FROM "WeComSend" WHERE member = $1 AND at > $2 ORDER BY at DESC OFFSET $3 LIMIT 1`,
    member,
    since,
    n - 1,
  );
  return new Date(rows[0]!.at.getTime() + windowMs);
}

function later(a: Date | undefined, b: Date): Date {
  return a && a > b ? a : b;
}

/**
 * A message sent in several parts (a long digest) records each part once it landed, so a retry
 * after a failure or a deferral part-way sends the rest and never repeats one. The record is a
 * RequestKey row: "this request was carried out".
 */
export async function partSent(prisma: Store, key: string): Promise<boolean> {
  const rows = await prisma.$queryRawUnsafe<unknown[]>(`SELECT 1 FROM "RequestKey" WHERE key = $1`, key);
  return rows.length > 0;
}

export async function recordPartSent(prisma: Store, key: string, at: Date): Promise<void> {
  await prisma.$executeRawUnsafe(`INSERT INTO "RequestKey" (key, at) VALUES ($1, $2) ON CONFLICT DO NOTHING`, key, at);
}
