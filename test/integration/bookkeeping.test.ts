/**
 * The nightly bookkeeping job on both databases, at injected instants: a request key is kept
 * while a repeat of its request could still arrive (a repeat within that window still changes
 * nothing) and forgotten after 7 days; a WeCom send slot is kept while WeCom's hourly limit
 * counts it and forgotten after, also for members nobody has sent to since.
 */
import { expect, it } from 'vitest';
import { claimRequestKey } from '../../src/db/lifecycle';
import { partSent, recordPartSent, takeSendSlot } from '../../src/db/wecom-sends';
import { scheduledJobs } from '../../src/pledge';
import { describeEachDb } from '../support/db';
import { testServices } from '../support/services';

const T0 = new Date('2026-11-30T02:00:00Z');
const after = (ms: number) => new Date(T0.getTime() + ms);
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describeEachDb('forgetting request keys and WeCom send slots', (getDb) => {
  async function nightly() {
    const t = await testServices(getDb(), { now: T0 });
    const job = scheduledJobs(t.config, getDb(), t.services, () => t.config.timezone, () => {}).find((j) => j.name === 'bookkeeping')!;
    expect(job.expression).toBe(t.config.schedule.maintenance);
    /** Runs the job as the scheduler would at `at`. */
    return async (at: Date) => {
      t.clock.set(at);
      await job.run();
    };
  }
  const prisma = () => getDb().prisma;
  const claim = (key: string, at: Date) => prisma().$transaction((tx) => claimRequestKey(tx, key, at));

  it('keeps a request key for 7 days, so a repeat within them changes nothing, then forgets it', async () => {
    const runAt = await nightly();
    expect(await claim('slack:view:V1', T0)).toBe(true);
    await recordPartSent(prisma(), 'digest:part:1', T0);
    expect(await claim('slack:view:V2', after(3 * DAY))).toBe(true);

    // 72 hours on (a WeCom response_code's whole life) and just before 7 days: still known.
    await runAt(after(3 * DAY));
    await runAt(after(7 * DAY - 1));
    expect(await claim('slack:view:V1', after(7 * DAY - 1))).toBe(false);
    expect(await partSent(prisma(), 'digest:part:1')).toBe(true);

    await runAt(after(7 * DAY + 1));
    expect((await prisma().requestKey.findMany({ orderBy: { key: 'asc' } })).map((r) => r.key)).toEqual(['slack:view:V2']);
    expect(await partSent(prisma(), 'digest:part:1')).toBe(false);
  });

  it('keeps a send slot while the hourly limit counts it, then forgets it, also for a member nobody sent to since', async () => {
    const runAt = await nightly();
    const limits = { perMinute: 5, perHour: 2 };
    for (const at of [T0, after(MINUTE)]) expect(await takeSendSlot(prisma(), 'UQUIET', at, limits)).toEqual({ ok: true });
    expect(await takeSendSlot(prisma(), 'UBUSY', after(59 * MINUTE), limits)).toEqual({ ok: true });

    await runAt(after(59 * MINUTE));
    // Both of UQUIET's sends still count: the next slot frees up an hour after the first.
    expect(await takeSendSlot(prisma(), 'UQUIET', after(59 * MINUTE), limits)).toEqual({ ok: false, until: after(HOUR) });

    await runAt(after(HOUR + MINUTE + 1));
    const left = await prisma().weComSend.findMany({ orderBy: { at: 'asc' } });
    expect(left.map((r) => [r.member, r.at])).toEqual([['UBUSY', after(59 * MINUTE)]]);
  });
});
