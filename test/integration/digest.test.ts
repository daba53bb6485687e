/** The daily digest's numbers and order on a fixture, and once-per-channel-per-day sending. */
import { beforeEach, expect, it } from 'vitest';
import { describeEachDb } from '../support/db';
import { draft, testServices } from '../support/services';

const at = (local: string) => new Date(`${local}+08:00`);

describeEachDb('the daily digest', (getDb) => {
  let t: Awaited<ReturnType<typeof testServices>>;
  const file = async (title: string, over: Record<string, string> = {}) => {
    const r = await t.services.fileComplaint({ filerId: 'UFILER', submissionKey: `k-${title}`, draft: draft({ title, ...over }) });
    if (!r.ok) throw new Error('filing failed');
    return r.complaint;
  };

  beforeEach(async () => {
    t = await testServices(getDb(), { now: at('2026-11-30T10:00:00') });
  });

  it('counts and orders a fixture: breached, at risk, due today, open', async () => {
    const late = await file('late'); // acknowledge due Tue 10:00; filed before the 24 h a first digest looks back
    t.clock.set(at('2026-11-30T16:00:00'));
    const risky = await file('risky'); // acknowledge due Tue 16:00, 80% at Tue 11:12
    t.clock.set(at('2026-12-01T08:00:00'));
    const fresh = await file('fresh', { priority: 'urgent' }); // acknowledge due 08:30 today
    const calm = await file('calm', { category: 'service' }); // other group
    t.clock.set(at('2026-12-01T11:30:00'));
    await t.services.acceptComplaint({ complaintId: fresh.id, actorId: fresh.ownerId }); // met late: breach recorded
    await t.services.sweep();

    const d = await t.services.digestFor('billing');
    expect(d.localDate).toBe('2026-12-01');
    expect(d.items.map((i) => [i.reference, i.state])).toEqual([
      [late.reference, 'breached'],
      [risky.reference, 'at_risk'],
      [fresh.reference, 'open'], // accepted (late: a past breach, recorded), its solution is due tomorrow
    ]);
    expect(d.counts).toMatchObject({ open: 3, breached: 1, atRisk: 1, newSince: 2, resolvedSince: 0, awaitingFollowUp: 0 });
    expect(d.items[0]!.workingLeftMs).toBe(-1.5 * 3_600_000); // 10:00 -> 11:30, all working time
    expect(d.quiet).toBe(false);
    expect((await t.services.digestFor('service')).items.map((i) => i.reference)).toEqual([calm.reference]);
  });

  it('says so when there is nothing to report', async () => {
    const d = await t.services.digestFor('service');
    expect(d).toMatchObject({ quiet: true, items: [], counts: { open: 0, newSince: 0 } });
  });

  it('sends once per channel per day, skips weekends, and counts new complaints since the previous digest', async () => {
    await file('one');
    t.clock.set(at('2026-12-01T09:00:00'));
    expect(await t.services.sendDigests()).toEqual([
      { groupId: 'billing', outcome: 'queued' },
      { groupId: 'service', outcome: 'queued' },
    ]);
    const other = await testServices(getDb(), { now: at('2026-12-01T09:00:05') }); // a second replica
    expect((await other.services.sendDigests()).map((r) => r.outcome)).toEqual(['already_sent', 'already_sent']);
    const rows = await getDb().prisma.notification.findMany({ where: { kind: 'digest.post' }, orderBy: { id: 'asc' } });
    expect(rows.map((r) => r.target)).toEqual(['CBILLING', 'CSERVICE']);

    t.clock.set(at('2026-12-01T12:00:00'));
    await file('two');
    t.clock.set(at('2026-12-02T09:00:00'));
    expect((await t.services.digestFor('billing')).counts.newSince).toBe(1);
    t.clock.set(at('2026-12-05T09:00:00')); // Saturday
    expect((await t.services.sendDigests(['billing']))[0]!.outcome).toBe('not_a_working_day');
  });
});
