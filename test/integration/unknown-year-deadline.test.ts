/**
 * Issue 11, point 4: the holiday data stops at 2026. A bot that started in autumn builds a calendar
 * whose start-up check (60 days ahead) saw nothing wrong, then computes deadlines into 2027, where
 * 2027-01-01 counts as a plain working day. Such a deadline is shown to supervisors on their Home.
 */
import { expect, it } from 'vitest';
import { homeView } from '../../src/slack/blocks/home';
import { describeEachDb } from '../support/db';
import { TEST_CONFIG_YAML, testConfig } from '../support/pledge-harness';
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
});
