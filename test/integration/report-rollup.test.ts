/**
 * A month's or a quarter's report is read from totals kept per day (db/report-rollup.ts), added
 * up again after any change the report reads. Checked against the domain's rules applied to
 * every complaint (buildReport over periodFacts), on both databases, as the kept totals are
 * made, changed and read at later instants.
 */
import { beforeEach, expect, it } from 'vitest';
import { parsePeriod } from '../../src/domain/period';
import { buildReport } from '../../src/domain/report';
import { weeklySeries } from '../../src/domain/report-series';
import { pruneReportMarks } from '../../src/db/report-rollup';
import { periodFacts, periodReportAndSeries, periodReportCounted } from '../../src/services/report';
import { describeEachDb } from '../support/db';
import { at, buildReportFixture, REPORT_AT } from '../support/report-fixture';
import { testServices } from '../support/services';

const quarter = parsePeriod('2026-Q4', 'Asia/Shanghai')!;
const month = parsePeriod('2026-12', 'Asia/Shanghai')!;

describeEachDb('kept report totals', (getDb) => {
  let t: Awaited<ReturnType<typeof testServices>>;
  let fx: Awaited<ReturnType<typeof buildReportFixture>>;

  beforeEach(async () => {
    t = await testServices(getDb());
    fx = await buildReportFixture(t);
  });

  const prisma = () => t.deps.prisma;
  const kept = async () => (await prisma().reportMonth.findMany({ orderBy: { month: 'asc' } })).map((m) => `${m.zone} ${m.month.toISOString().slice(0, 10)}`);
  const staleMarks = () => prisma().reportStale.count();
  /** The report and series as the service gives them, and as the domain counts every complaint. */
  const both = async (period = quarter) => {
    const now = t.clock.now();
    const facts = await periodFacts(t.deps, period);
    const kept = await periodReportAndSeries(t.deps, period);
    // The same statement's way before the totals were kept: the period's complaints added up in SQL.
    expect(await periodReportCounted(t.deps, period)).toEqual(kept.report);
    return { kept, counted: { report: buildReport(facts, period, now), series: weeklySeries(facts, period, 'Asia/Shanghai', now) } };
  };

  it('adds up the months of a quarter once, in the team zone, and reads them as every complaint counted', async () => {
    expect(await kept()).toEqual([]);
    const first = await both();
    expect(first.kept).toEqual(first.counted);
    expect(first.kept.report.total.volume).toBe(7);
    expect(await kept()).toEqual(['Asia/Shanghai 2026-10-01', 'Asia/Shanghai 2026-11-01', 'Asia/Shanghai 2026-12-01']);
    // All seven were filed on Monday 30 November in Shanghai: one day, kept as such.
    const days = await prisma().reportDay.findMany();
    expect(new Set(days.map((d) => d.day.toISOString().slice(0, 10)))).toEqual(new Set(['2026-11-30']));
    expect(days.reduce((n, d) => n + d.volume, 0)).toBe(7);
    expect(await staleMarks()).toBe(0);

    const computedAt = (await prisma().reportMonth.findMany()).map((m) => m.computedAt.getTime());
    expect((await both()).kept).toEqual(first.kept);
    expect((await prisma().reportMonth.findMany()).map((m) => m.computedAt.getTime())).toEqual(computedAt); // nothing changed: read as kept
  });

  it('adds a month up again after a change it holds, and not the months it does not', async () => {
    await both();
    const before = await prisma().reportMonth.findMany({ orderBy: { month: 'asc' } });
    // C, rejected, is rated 1: a survey and a review (回访不满意) for a complaint of November.
    await t.services.recordSurvey({ complaintId: fx.c.id, actorId: 'UFILER', rating: 1, channel: 'dm' });
    expect(await staleMarks()).toBeGreaterThan(0);
    const after = await both();
    expect(after.kept).toEqual(after.counted);
    expect(after.kept.report.total).toMatchObject({ lowRated: 1, reviewed: 0 });
    expect(await staleMarks()).toBe(0);
    const now = await prisma().reportMonth.findMany({ orderBy: { month: 'asc' } });
    expect(now.map((m) => m.computedAt.getTime() !== before.find((b) => +b.month === +m.month)!.computedAt.getTime())).toEqual([false, true, false]);

    // Reopened: its solution stage runs again, counted at each instant it is asked.
    t.clock.set(new Date('2026-12-07T02:00:00Z'));
    await t.services.reopenComplaint({ complaintId: fx.c.id, actorId: 'UFILER', reason: 'Still not refunded' });
    for (const local of ['2026-12-07T11:00:00', '2026-12-20T09:00:00', '2027-01-10T09:00:00']) {
      t.clock.set(at(local));
      const r = await both();
      expect(r.kept).toEqual(r.counted);
    }
  });

  it('counts a wait on the complainant still running up to the report instant, and one that ended by its length', async () => {
    t.clock.set(at('2026-12-04T13:00:00'));
    await t.services.requestInfo({ complaintId: fx.d.id, actorId: fx.d.ownerId, question: 'Which card?' });
    for (const local of ['2026-12-04T15:00:00', '2026-12-05T10:00:00']) {
      t.clock.set(at(local));
      const r = await both();
      expect(r.kept).toEqual(r.counted);
      expect(r.kept.report.total.pausedHours).toBeGreaterThan(0);
    }
    t.clock.set(at('2026-12-05T11:00:00'));
    await t.services.answerInfo({ complaintId: fx.d.id, actorId: 'UFILER', answer: 'The Visa ending 4242.' });
    t.clock.set(at('2026-12-09T11:00:00'));
    const r = await both();
    expect(r.kept).toEqual(r.counted);
    expect(r.kept.report.total.pausedHours).toBe(22);
  });

  it('marks a change to a wait on the complainant, and not the sweep moving any other clock on', async () => {
    t.clock.set(at('2026-12-04T13:00:00'));
    await t.services.requestInfo({ complaintId: fx.d.id, actorId: fx.d.ownerId, question: 'Which card?' });
    await both();
    expect(await staleMarks()).toBe(0);
    // What a sweep's claim writes: the thresholds done and the next check, of clocks other than waits.
    const others = await prisma().deadline.updateMany({ where: { stage: { not: 'pause' } }, data: { thresholdsDone: { increment: 1 }, nextCheckAt: at('2026-12-08T09:00:00') } });
    expect(others.count).toBeGreaterThan(0);
    expect(await staleMarks()).toBe(0);
    // The same on the wait (its reminder at half): its complaint's month is added up again.
    expect((await prisma().deadline.updateMany({ where: { stage: 'pause', complaintId: fx.d.id }, data: { thresholdsDone: 1 } })).count).toBe(1);
    expect(await staleMarks()).toBe(1);
    const r = await both();
    expect(r.kept).toEqual(r.counted);
    expect(await staleMarks()).toBe(0);
  });

  it('gives a report taken before a clock it keeps had ended the same as counting every complaint', async () => {
    await both(); // kept at the fixture's instant, after every clock ended
    // G was withdrawn on Tuesday after its acceptance fell due: before that, it was not yet late.
    for (const local of ['2026-11-30T10:20:00', '2026-12-01T11:30:00']) {
      t.clock.set(at(local));
      const r = await both();
      expect(r.kept).toEqual(r.counted);
    }
    t.clock.set(REPORT_AT);
  });

  it('keeps a month alone too, and adds up again in a new zone when the team changes it', async () => {
    const r = await both(month);
    expect(r.kept).toEqual(r.counted);
    expect(await kept()).toEqual(['Asia/Shanghai 2026-12-01']);
    const tokyo = { ...t.deps, config: { ...t.deps.config, timezone: 'Asia/Tokyo' } };
    const inTokyo = parsePeriod('2026-Q4', 'Asia/Tokyo')!;
    const facts = await periodFacts(tokyo, inTokyo);
    expect((await periodReportAndSeries(tokyo, inTokyo)).report).toEqual(buildReport(facts, inTokyo, t.clock.now()));
    expect(await kept()).toEqual(['Asia/Tokyo 2026-10-01', 'Asia/Tokyo 2026-11-01', 'Asia/Tokyo 2026-12-01']);
  });

  it('forgets at night the marks of months no report keeps, and keeps those of months kept', async () => {
    expect(await staleMarks()).toBeGreaterThan(0); // the fixture's filings and steps, November's
    await pruneReportMarks(prisma(), 'Asia/Shanghai');
    expect(await staleMarks()).toBe(0); // no month kept yet: nothing to add up again
    await both();
    await t.services.recordSurvey({ complaintId: fx.c.id, actorId: 'UFILER', rating: 1, channel: 'dm' });
    const marks = await staleMarks();
    expect(marks).toBeGreaterThan(0);
    await pruneReportMarks(prisma(), 'Asia/Shanghai');
    expect(await staleMarks()).toBe(marks); // November is kept: its next report adds it up again
    const r = await both();
    expect(r.kept).toEqual(r.counted);
    expect(r.kept.report.total.lowRated).toBe(1);
  });
});
