/**
 * The sweep on a real database with the real business calendar (Asia/Shanghai, Mon-Fri
 * 09:00-18:00): warnings in working hours only, escalation at the last warning, the breach
 * recorded once, catch-up after downtime, hand-up, pauses, and concurrent sweeps.
 */
import { beforeEach, expect, it } from 'vitest';
import { describeEachDb } from '../support/db';
import { draft, testServices } from '../support/services';

const at = (local: string) => new Date(`${local}+08:00`);

describeEachDb('the sweep', (getDb) => {
  let t: Awaited<ReturnType<typeof testServices>>;
  let complaintId: string;
  beforeEach(async () => {
    t = await testServices(getDb(), { now: at('2026-11-30T10:00:00') }); // Monday
    const filed = await t.services.fileComplaint({ filerId: 'UFILER', submissionKey: `k-${Math.random()}`, draft: draft() });
    if (!filed.ok) throw new Error('filing failed');
    complaintId = filed.complaint.id;
  });

  const events = async (type: string) => (await getDb().prisma.event.findMany({ where: { type }, orderBy: { id: 'asc' } })).map((e) => e.payload as Record<string, unknown>);
  const outbox = async (kind: string) => getDb().prisma.notification.findMany({ where: { kind }, orderBy: { id: 'asc' } });
  const sweepAt = async (local: string) => {
    t.clock.set(at(local));
    return t.services.sweep();
  };

  it('waits for working hours, then warns and escalates once, then records the breach once', async () => {
    expect((await sweepAt('2026-11-30T21:59:00')).lines).toEqual([]);
    // Half the acknowledge limit passed at 22:00: night, so it waits for the morning.
    const night = await sweepAt('2026-11-30T22:30:00');
    expect(night.deferred).toBe(1);
    expect(await events('deadline.warned')).toEqual([]);

    const morning = await sweepAt('2026-12-01T09:00:00');
    expect(morning).toMatchObject({ escalated: 1, warned: 0, breached: 0 });
    expect(await events('deadline.warned')).toEqual([expect.objectContaining({ stage: 'acknowledge', fraction: 0.8 })]);
    const escalations = await getDb().prisma.escalation.findMany();
    expect(escalations).toEqual([expect.objectContaining({ level: 1, approverId: 'ULEAD1', stage: 'acknowledge', reason: 'at_risk' })]);
    expect((await outbox('escalation.ask')).map((n) => n.target)).toEqual(['ULEAD1']);
    expect((await outbox('channel.line')).map((n) => n.target)).toEqual(['billing']);
    const owner = (await getDb().prisma.complaint.findUniqueOrThrow({ where: { id: complaintId } })).ownerId;
    expect((await outbox('notice')).map((n) => [n.target, (n.payload as { key: string }).key])).toEqual([[owner, 'notice.warning']]);

    expect((await sweepAt('2026-12-01T09:30:00')).lines).toEqual([]); // nothing twice

    const breach = await sweepAt('2026-12-01T10:00:00');
    expect(breach.breached).toBe(1);
    const deadline = await getDb().prisma.deadline.findFirstOrThrow({ where: { complaintId, stage: 'acknowledge' } });
    expect(deadline.breachedAt?.toISOString()).toBe(at('2026-12-01T10:00:00').toISOString());
    expect(deadline.nextCheckAt).toBeNull();
    expect(await getDb().prisma.escalation.count()).toBe(1); // told again, not escalated twice
    expect((await outbox('notice')).map((n) => (n.payload as { key: string }).key)).toEqual(['notice.warning', 'notice.breached', 'notice.escalation_breached']);
    expect((await sweepAt('2026-12-01T10:30:00')).lines.filter((l) => l.stage === 'acknowledge')).toEqual([]);
  });

  it('after downtime catches up once: one breach, one escalation, no stale warnings', async () => {
    const report = await sweepAt('2026-12-01T11:00:00');
    expect(report).toMatchObject({ breached: 1, warned: 0, escalated: 0 });
    expect(await events('deadline.warned')).toEqual([]);
    expect(await events('deadline.breached')).toHaveLength(1);
    expect(await getDb().prisma.escalation.count()).toBe(1);
  });

  it('hands an unanswered escalation up the chain after the leader limit', async () => {
    await sweepAt('2026-12-01T09:00:00');
    const first = await getDb().prisma.escalation.findFirstOrThrow();
    expect(first.respondBy?.toISOString()).toBe(at('2026-12-01T13:00:00').toISOString()); // 4 working hours
    expect((await sweepAt('2026-12-01T12:59:00')).handedUp).toBe(0);
    expect((await sweepAt('2026-12-01T13:00:00')).handedUp).toBe(1);
    const levels = await getDb().prisma.escalation.findMany({ orderBy: { level: 'asc' } });
    expect(levels.map((e) => [e.level, e.approverId, Boolean(e.handedUpAt)])).toEqual([
      [1, 'ULEAD1', true],
      [2, 'USUP1', false],
    ]);
    expect((await sweepAt('2026-12-01T17:01:00')).handedUp).toBe(0); // top of the chain
  });

  it('two sweeps at once send each warning once', async () => {
    t.clock.set(at('2026-12-01T09:00:00'));
    const other = await testServices(getDb(), { now: at('2026-12-01T09:00:00') });
    const [a, b] = await Promise.all([t.services.sweep(), other.services.sweep()]);
    expect(a.escalated + b.escalated).toBe(1);
    expect(await events('deadline.warned')).toHaveLength(1);
    expect(await outbox('escalation.ask')).toHaveLength(1);
  });

  it('stops the clocks while waiting on the complainant, and gives back the time left', async () => {
    await t.services.acceptComplaint({ complaintId, actorId: 'ULEAD1' });
    t.clock.set(at('2026-11-30T11:00:00'));
    await t.services.startInvestigation({ complaintId, actorId: 'ULEAD1' });
    const before = await getDb().prisma.deadline.findFirstOrThrow({ where: { complaintId, stage: 'solution' } });
    expect(before.dueAt.toISOString()).toBe(at('2026-12-03T18:00:00').toISOString()); // end of the 3rd working day
    await t.services.requestInfo({ complaintId, actorId: 'ULEAD1', question: 'Which card?' });
    expect((await getDb().prisma.deadline.findFirstOrThrow({ where: { id: before.id } })).pausedAt).not.toBeNull();
    // Long past due, but paused: only the wait itself is looked at (past half of sla.maxPause, a reminder).
    expect((await sweepAt('2026-12-04T10:00:00')).lines).toEqual([{ reference: expect.any(String), stage: 'pause', act: 'remind' }]);
    await t.services.answerInfo({ complaintId, actorId: 'UFILER', answer: 'The Visa' });
    const after = await getDb().prisma.deadline.findFirstOrThrow({ where: { id: before.id } });
    expect(after.pausedAt).toBeNull();
    // Paused Mon 11:00 with 7 + 3 x 9 = 34 working hours left; resumed Fri 10:00: 8 + 9 + 9 + 8 -> Wed 17:00.
    expect(after.dueAt.toISOString()).toBe(at('2026-12-09T17:00:00').toISOString());
    expect((await events('clock.paused')).length).toBe(1);
    expect((await events('clock.resumed')).length).toBe(1);
  });

  it('a dry run reports and changes nothing', async () => {
    t.clock.set(at('2026-12-01T11:00:00'));
    const before = await getDb().prisma.deadline.findMany({ orderBy: { id: 'asc' } });
    const report = await t.services.sweep({ dryRun: true });
    expect(report.lines).toContainEqual(expect.objectContaining({ stage: 'acknowledge', act: 'breach' }));
    expect(await getDb().prisma.deadline.findMany({ orderBy: { id: 'asc' } })).toEqual(before);
    expect(await getDb().prisma.event.count({ where: { type: { startsWith: 'deadline.' } } })).toBe(0);
  });
});

describeEachDb('the sweep over China\'s National Day', (getDb) => {
  it('counts no working time over the holiday and the adjusted Saturday as a working day', async () => {
    const { testConfig, TEST_CONFIG_YAML } = await import('../support/pledge-harness');
    const config = await testConfig(`${TEST_CONFIG_YAML}\ncalendar:\n  country: CN\n`);
    const t = await testServices(getDb(), { now: at('2026-09-30T10:00:00'), config });
    const filed = await t.services.fileComplaint({ filerId: 'UFILER', submissionKey: 'k-national-day', draft: draft() });
    if (!filed.ok) throw new Error('filing failed');
    const solution = await getDb().prisma.deadline.findFirstOrThrow({ where: { complaintId: filed.complaint.id, stage: 'solution' } });
    // 3 working days after Wed 30 Sep: Thu 8, Fri 9 and the working Saturday 10 October.
    expect(solution.dueAt.toISOString()).toBe(at('2026-10-10T18:00:00').toISOString());
    await t.services.acceptComplaint({ complaintId: filed.complaint.id, actorId: filed.complaint.ownerId });
    t.clock.set(at('2026-10-05T10:00:00')); // a holiday: the sweep says nothing
    expect((await t.services.sweep()).lines.filter((l) => l.stage === 'solution')).toEqual([]);
    // Half of 35 working hours: 8 on 30 Sep, 9 on 8 Oct, then 30 minutes into 9 Oct.
    t.clock.set(at('2026-10-09T09:29:00'));
    expect((await t.services.sweep()).lines.filter((l) => l.stage === 'solution')).toEqual([]);
    t.clock.set(at('2026-10-09T09:30:00'));
    expect((await t.services.sweep()).lines.filter((l) => l.stage === 'solution')).toEqual([expect.objectContaining({ act: 'warn' })]);
  });
});
