/**
 * Issue 11, point 4: the holiday data stops at 2026. A bot that started in autumn builds a calendar
 * whose start-up check (60 days ahead) saw nothing wrong, then computes deadlines into 2027, where
 * 2027-01-01 counts as a plain working day. Such a deadline is shown to supervisors on their Home.
 */
import { expect, it } from 'vitest';
import { findCard } from '../../src/db/complaints';
import { groupNameOf } from '../../src/services/deps';
import { complaintCard } from '../../src/slack/blocks/complaint-card';
import { homeView } from '../../src/slack/blocks/home';
import { describeEachDb } from '../support/db';
import { TEST_CONFIG_YAML, testConfig, useHarness } from '../support/pledge-harness';
import { appHomeOpenedEnvelope } from '../support/signed-requests';
import { draft, testServices } from '../support/services';

const at = (local: string) => new Date(`${local}+08:00`);

describeEachDb('a deadline computed into a year without holiday data', (getDb) => {
  it('lists the complaint on a supervisor’s Home; one due within known years is not listed', async () => {
    // Started in October: 2027 lies beyond the start-up horizon, so no warning then.
    const config = await testConfig(TEST_CONFIG_YAML.replace('timezone: Asia/Shanghai', 'timezone: Asia/Shanghai\ncalendar:\n  country: CN'));
    const t = await testServices(getDb(), { now: at('2026-10-15T10:00:00'), config });
    expect((await t.services.homeFor('USUP1')).supervisor!.unknownYearDeadlines).toEqual([]);

    const file = async (title: string) => {
      const filed = await t.services.fileComplaint({ filerId: 'UF1', submissionKey: `uy-${title}-${Math.random()}`, draft: draft({ title }) });
      if (!filed.ok) throw new Error('filing failed');
      return filed.complaint;
    };
    const known = await file('within 2026');
    t.clock.set(at('2026-12-30T10:00:00')); // Wednesday; a limit of days runs into 2027
    const late = await file('runs into 2027');

    const clocks = await getDb().prisma.deadline.findMany({ where: { complaintId: late.id } });
    expect(clocks.some((d) => d.dueAt >= new Date('2026-12-31T16:00:00Z'))).toBe(true);

    // Flagged where it is computed, and the card says so; the one within 2026 is not flagged.
    expect(clocks.filter((d) => d.unknownYear).map((d) => d.stage).sort()).toEqual(
      clocks.filter((d) => d.dueAt >= new Date('2026-12-31T16:00:00Z')).map((d) => d.stage).sort(),
    );
    expect(await getDb().prisma.deadline.count({ where: { complaintId: known.id, unknownYear: true } })).toBe(0);
    const cardText = async (id: string, locale: 'en' | 'zh-CN') =>
      JSON.stringify(complaintCard({ locale, timeZone: 'Asia/Shanghai', card: (await findCard(getDb().prisma, { id }, groupNameOf(t.config)))! }).blocks);
    expect(await cardText(late.id, 'en')).toContain('Counted without holiday data for that year');
    expect(await cardText(late.id, 'zh-CN')).toContain('缺少节假日数据');
    expect(await cardText(known.id, 'en')).not.toContain('holiday data');

    const home = await t.services.homeFor('USUP1');
    const listed = home.supervisor!.unknownYearDeadlines;
    expect(listed.length).toBeGreaterThan(0);
    expect(new Set(listed.map((d) => d.reference))).toEqual(new Set([late.reference]));
    expect(listed.every((d) => d.years.includes(2027))).toBe(true);
    expect(listed.map((d) => d.reference)).not.toContain(known.reference);

    for (const locale of ['en', 'zh-CN'] as const) {
      const text = JSON.stringify(homeView({ locale, timeZone: 'Asia/Shanghai', home }).blocks);
      expect(text).toContain(late.reference);
      expect(text).toContain('2027');
    }
    expect((await t.services.homeFor('ULEAD1')).supervisor).toBeNull();
  });

  it('flags a consented extension that moves a limit into a year without data', async () => {
    const config = await testConfig(TEST_CONFIG_YAML.replace('timezone: Asia/Shanghai', 'timezone: Asia/Shanghai\ncalendar:\n  country: CN'));
    const t = await testServices(getDb(), { now: at('2026-12-01T10:00:00'), config });
    const filed = await t.services.fileComplaint({
      filerId: 'UFILER',
      submissionKey: 'uy-extended',
      draft: draft({ source: 'phone', customerName: 'Wang Fang', customerContact: '13812345678' }),
    });
    if (!filed.ok) throw new Error('filing failed');
    const c = filed.complaint;
    await t.services.acceptComplaint({ complaintId: c.id, actorId: c.ownerId });
    const solution = await getDb().prisma.deadline.findFirstOrThrow({ where: { complaintId: c.id, stage: 'solution' } });
    expect(solution.unknownYear).toBe(false); // due within 2026
    const newDueAt = at('2027-01-05T18:00:00');
    expect(await t.services.requestExtension({ complaintId: c.id, actorId: c.ownerId, newDueAt, reason: 'Bank', consentEvidence: 'Phone call' })).toBe('extended');
    expect(await getDb().prisma.deadline.findUniqueOrThrow({ where: { id: solution.id } })).toMatchObject({ dueAt: newDueAt, unknownYear: true });
    expect((await t.services.homeFor('USUP1')).supervisor!.unknownYearDeadlines.map((d) => d.reference)).toEqual([c.reference]);
  });
});

describeEachDb('the nightly check of the calendars’ horizon', (getDb) => {
  const lines: string[] = [];
  const h = useHarness(getDb, async () => ({
    config: await testConfig(TEST_CONFIG_YAML.replace('timezone: Asia/Shanghai', 'timezone: Asia/Shanghai\ncalendar:\n  country: CN')),
    now: at('2026-10-15T10:00:00'), // 2027 is more than 60 days off: nothing to say at start-up
    log: (level, message) => void (level === 'warn' && lines.push(message)),
  }));

  it('warns in the log and on supervisors’ Home once a year without data comes within the horizon', async () => {
    const homeText = async () => {
      const before = h.standIn.callsTo('views.publish').length;
      expect((await h.event(appHomeOpenedEnvelope({ user: 'USUP1' }))).status).toBe(200);
      await h.settle();
      const calls = h.standIn.callsTo('views.publish');
      expect(calls).toHaveLength(before + 1);
      return JSON.stringify(calls.at(-1)!.args.view);
    };
    const job = h.pledge.jobs().find((j) => j.name === 'calendar-horizon')!;
    expect(job).toMatchObject({ expression: h.config.schedule.maintenance });
    expect(lines).toEqual([]);
    expect(await homeText()).not.toContain('2027');

    h.clock.set(at('2026-11-15T03:30:00'));
    await job.run();
    expect(lines.some((l) => l.includes('2027'))).toBe(true);
    expect(await homeText()).toContain('2027');
  });
});
