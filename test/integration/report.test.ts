/** Period reports and quality samples on a fixture built through the services, on both databases. */
import { beforeEach, expect, it } from 'vitest';
import { factRows } from '../../src/db/report';
import { parsePeriod } from '../../src/domain/period';
import { buildReport } from '../../src/domain/report';
import { weeklySeries } from '../../src/domain/report-series';
import { formatReport } from '../../src/reports/format';
import { periodFacts } from '../../src/services/report';
import { describeEachDb } from '../support/db';
import { buildReportFixture } from '../support/report-fixture';
import { testServices } from '../support/services';

const week = parsePeriod('2026-W49', 'Asia/Shanghai')!;
const quarter = parsePeriod('2026-Q4', 'Asia/Shanghai')!;

describeEachDb('period reports', (getDb) => {
  let t: Awaited<ReturnType<typeof testServices>>;
  let fx: Awaited<ReturnType<typeof buildReportFixture>>;

  beforeEach(async () => {
    t = await testServices(getDb());
    fx = await buildReportFixture(t);
  });

  it('matches the hand count', async () => {
    const report = await t.services.periodReport(week);
    expect(report.total).toEqual({
      volume: 7,
      acknowledgedOnTimePct: 50, // A, C, D of A B C D E G; F was withdrawn before it was due, G after
      solutionOnTimePct: 66.7, // A, B of A B E; none was due for C (rejected), F and G (withdrawn); D's is not due yet
      resolutionRatePct: 28.6, // A, B (archived on their ratings)
      rejectionRatePct: 14.3, // C
      meanSolutionWorkingHours: 18, // (9 + 27) / 2
      p90SolutionWorkingHours: 27,
      escalations: 1, // D, major: reported to the leader at filing
      averageSatisfaction: 4, // (5 + 3) / 2
      responseRatePct: 100,
      ratingsFromComplainant: 2, // A and B, rated by the filer in the DM
      ratingsRecordedByStaff: 0,
      pausedHours: 0,
      lowRated: 0,
      reviewed: 0,
    });
    const by = (d: 'group' | 'category' | 'priority') => report.by[d].map((r) => [r.key, r.metrics.volume, r.metrics.acknowledgedOnTimePct, r.metrics.solutionOnTimePct, r.metrics.rejectionRatePct]);
    expect(by('group')).toEqual([
      ['billing', 6, 40, 66.7, 16.7],
      ['service', 1, 100, null, 0],
    ]);
    expect(by('category')).toEqual([
      ['billing', 5, 25, 66.7, 0],
      ['refunds', 1, 100, null, 100],
      ['service', 1, 100, null, 0],
    ]);
    expect(by('priority')).toEqual([
      ['major', 1, 100, null, 0],
      ['normal', 5, 50, 100, 20],
      ['urgent', 1, 0, 0, 0],
    ]);
    const owners = Object.values(fx).reduce<Record<string, number>>((n, c) => ({ ...n, [c.ownerId]: (n[c.ownerId] ?? 0) + 1 }), {});
    expect(Object.fromEntries(report.by.owner.map((o) => [o.key, o.metrics.volume]))).toEqual(owners);
    expect(await t.services.periodReport(quarter)).toMatchObject({ total: report.total });

    const md = formatReport(report, 'md', 'en', (d, k) => (d === 'group' && k === 'billing' ? 'Billing' : k));
    expect(md).toContain('| 7 | 50 | 66.7 | 28.6 | 14.3 | 18 | 27 | 1 | 4 | 100 |');
    expect(md).toContain('| Billing | 6 | 40 | 66.7 | 33.3 | 16.7 | 18 | 27 | 0 | 4 | 100 |');
    expect(formatReport(report, 'csv', 'en')).toContain('\r\nPriority,urgent,Urgent,1,0,0,0,0,,,0,,,0,0,0,0,0\r\n');
  });

  it('flags an unsatisfied follow-up (回访不满意) and its review by the leader, the same before and after the archive', async () => {
    // C was rejected as unreasonable; its filer is followed up too, and rates it 1.
    await t.services.recordSurvey({ complaintId: fx.c.id, actorId: 'UFILER', rating: 1, channel: 'dm' });
    const before = (await t.services.periodReport(week)).total;
    expect(before).toMatchObject({ lowRated: 1, reviewed: 0, rejectionRatePct: 14.3 });
    const review = await getDb().prisma.review.findFirstOrThrow({ where: { complaintId: fx.c.id } });
    await t.services.confirmReview({ reviewId: review.id, actorId: 'ULEAD1', note: 'The contract excludes it; told the complainant again.' });
    expect((await getDb().prisma.complaint.findUniqueOrThrow({ where: { id: fx.c.id } })).archivedAt).not.toBeNull();
    const after = (await t.services.periodReport(week)).total;
    expect(after).toEqual({ ...before, reviewed: 1 });
    expect(buildReport(await periodFacts(t.deps, week), week, t.clock.now()).total).toEqual(after);
    const md = formatReport((await t.services.periodReport(week)), 'md', 'en');
    expect(md).toContain('Unsatisfied follow-ups (rated at or below the review mark) | of which reviewed by the leader |');
  });

  it('reads a reopened complaint by its first clocks, the pledge\'s, not the later ones', async () => {
    t.clock.set(new Date('2026-12-07T02:00:00Z'));
    await t.services.reopenComplaint({ complaintId: fx.c.id, actorId: 'UFILER', reason: 'Still not refunded' });
    const clocks = await getDb().prisma.deadline.findMany({ where: { complaintId: fx.c.id, stage: 'solution' }, orderBy: { startedAt: 'asc' } });
    expect(clocks).toHaveLength(2);
    const rows = await factRows(getDb().prisma, quarter.start, quarter.end);
    expect(rows).toHaveLength(7);
    const c = rows.find((r) => r.reference === fx.c.reference)!;
    expect(c.solution).toEqual({ dueAt: clocks[0]!.dueAt, metAt: clocks[0]!.metAt, breachedAt: clocks[0]!.breachedAt });
    expect(c).toMatchObject({ status: 'investigating', category: 'refunds', escalations: 0, surveyed: false, rating: null });
    const a = rows.find((r) => r.reference === fx.a.reference)!;
    expect(a).toMatchObject({ surveyed: true, rating: 5, status: 'resolved' }); // archived beside it
    expect(a.acknowledge?.metAt).toBeInstanceOf(Date);
  });

  it('adds up in the database what the domain\'s rules count on each fact, at any instant of a period still open', async () => {
    // Before, during and after the week's events: running clocks become late as they fall due.
    for (const local of ['2026-11-30T10:20:00', '2026-12-01T11:30:00', '2026-12-04T12:00:00', '2027-01-10T09:00:00']) {
      t.clock.set(new Date(`${local}+08:00`));
      const now = t.clock.now();
      const facts = await periodFacts(t.deps, quarter);
      expect(await t.services.periodReport(quarter)).toEqual(buildReport(facts, quarter, now));
      expect(await t.services.periodSeries(quarter)).toEqual(weeklySeries(facts, quarter, 'Asia/Shanghai', now));
    }
  });

  it('measures once the working time of solutions stored without it (ended before it was stored)', async () => {
    const report = await t.services.periodReport(week);
    const { prisma } = getDb();
    const stored = await prisma.deadline.findMany({ where: { stage: 'solution', metAt: { not: null } }, select: { id: true, workingMs: true }, orderBy: { id: 'asc' } });
    expect(stored.filter((d) => d.workingMs !== null).map((d) => Number(d.workingMs)).sort((x, y) => x - y)).toEqual(expect.arrayContaining([9 * 3600_000, 27 * 3600_000]));
    await prisma.deadline.updateMany({ where: { stage: 'solution' }, data: { workingMs: null } });
    expect(await t.services.periodReport(week)).toEqual(report);
    expect(await prisma.deadline.findMany({ where: { stage: 'solution', metAt: { not: null } }, select: { id: true, workingMs: true }, orderBy: { id: 'asc' } })).toEqual(stored);
  });

  it('gives the weekly series that adds up to the report', async () => {
    const series = await t.services.periodSeries(quarter);
    expect(series).toHaveLength(14);
    expect(series.filter((w) => w.volume > 0)).toEqual([
      { week: '2026-W49', start: '2026-11-30', volume: 7, acknowledgedOnTimePct: 50, solutionOnTimePct: 66.7 },
    ]);
  });

  it('samples handled complaints (resolved or rejected) reproducibly; withdrawn ones had no handling to review', async () => {
    const handled = [fx.a, fx.b, fx.c].map((c) => c.reference).sort();
    const all = await t.services.qualitySample(week, 10, 1);
    expect(all.map((i) => i.reference)).toEqual(handled);
    expect(all.map((i) => i.status).sort()).toEqual(['rejected', 'resolved', 'resolved']);
    expect(all.filter((i) => i.archivedAt).map((i) => i.status)).toEqual(['resolved', 'resolved']); // rated, so archived

    // sampleKey is random at filing; fix the three keys a third of the circle apart, so which
    // seeds land where is the same on every run (random keys made the check below flaky).
    const [x, y, z] = [fx.a, fx.b, fx.c].map((c) => c.id);
    await getDb().prisma.$executeRawUnsafe(
      `UPDATE "Complaint" SET "sampleKey" = CASE id WHEN $1 THEN -1431655765 WHEN $2 THEN 0 ELSE 1431655765 END WHERE id IN ($1, $2, $3)`,
      x, y, z,
    );
    const pick = async (seed: number) => (await t.services.qualitySample(week, 2, seed)).map((i) => i.reference);
    expect(await pick(7)).toEqual(await pick(7));
    expect((await pick(7)).every((r) => handled.includes(r))).toBe(true);
    const picks = new Set<string>();
    for (let seed = 1; seed <= 6; seed++) picks.add((await pick(seed)).join());
    expect(picks.size).toBeGreaterThan(1); // 3 subsets of 2 to pick from; seeds and keys are fixed, so this never flakes

    // Withdrawn complaints are archived by their archive limit too: still nothing to review.
    t.clock.set(new Date('2026-12-14T10:00:00+08:00'));
    await t.services.sweep();
    expect(await getDb().prisma.complaint.count({ where: { id: { in: [fx.f.id, fx.g.id] }, archivedAt: { not: null } } })).toBe(2);
    expect((await t.services.qualitySample(week, 10, 1)).map((i) => i.reference)).toEqual(handled);
  });
});
