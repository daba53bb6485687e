/**
 * The sweep takes many clocks' steps in one transaction, set-based. These tests hold it to the
 * per-clock promises: across chunk boundaries every clock is handled once and the audit chain
 * links in order; two events about one person refresh their App Home once; and a clock whose
 * step fails does not hold up the others in its chunk, is reported, and is retried next sweep.
 */
import { beforeEach, expect, it } from 'vitest';
import { verifyAuditChain } from '../../src/db/verify-audit';
import { SweepIncomplete } from '../../src/services/sweep';
import { describeEachDb } from '../support/db';
import { draft, testServices } from '../support/services';

const at = (local: string) => new Date(`${local}+08:00`);
const COMPLAINTS = 12;

describeEachDb('the sweep in chunks', (getDb) => {
  let t: Awaited<ReturnType<typeof testServices>>;
  let ids: string[];
  beforeEach(async () => {
    t = await testServices(getDb(), { now: at('2026-11-30T10:00:00') }); // Monday
    ids = [];
    for (let i = 0; i < COMPLAINTS; i++) {
      const filed = await t.services.fileComplaint({ filerId: `UF${i}`, submissionKey: `chunk-${i}-${Math.random()}`, draft: draft({ title: `chunk ${i}`, category: i % 2 ? 'service' : 'billing' }) });
      if (!filed.ok) throw new Error('filing failed');
      ids.push(filed.complaint.id);
    }
  });
  const prisma = () => getDb().prisma;

  it('handles every clock once across chunks, and the audit chain links in order', async () => {
    // Wednesday 10:00: every acknowledge clock is breached, every solution clock past half.
    t.clock.set(at('2026-12-02T10:00:00'));
    const report = await t.services.sweep({ perTransaction: 5 });
    expect(report).toMatchObject({ breached: COMPLAINTS, warned: COMPLAINTS, escalated: 0, failed: 0 });
    expect(report.lines).toHaveLength(2 * COMPLAINTS);

    const breached = await prisma().event.findMany({ where: { type: 'deadline.breached' } });
    expect(new Set(breached.map((e) => e.complaintId))).toEqual(new Set(ids));
    expect(await prisma().event.count({ where: { type: 'deadline.warned' } })).toBe(COMPLAINTS);
    const escalations = await prisma().escalation.findMany();
    expect(escalations).toHaveLength(COMPLAINTS);
    expect(new Set(escalations.map((e) => e.approverId))).toEqual(new Set(['ULEAD1', 'ULEAD2']));
    // Each ask names its own escalation.
    const asks = await prisma().notification.findMany({ where: { kind: 'escalation.ask' } });
    expect(new Set(asks.map((a) => (a.payload as { escalationId: string }).escalationId))).toEqual(new Set(escalations.map((e) => e.id)));
    expect(await prisma().notification.count({ where: { kind: 'notice' } })).toBe(2 * COMPLAINTS);
    expect(await prisma().notification.count({ where: { kind: 'thread.line' } })).toBe(2 * COMPLAINTS);
    expect(await prisma().notification.count({ where: { kind: 'channel.line' } })).toBe(COMPLAINTS);
    expect(await verifyAuditChain(prisma())).toMatchObject({ ok: true });

    expect((await t.services.sweep({ perTransaction: 5 })).lines).toEqual([]);
  });

  it('refreshes each concerned person’s App Home once for the events of one chunk', async () => {
    const [first] = ids;
    const owner = (await prisma().complaint.findUniqueOrThrow({ where: { id: first! } })).ownerId!;
    // Tuesday 11:00: the first complaint's acknowledge limit passed: a breach and an escalation, two events.
    t.clock.set(at('2026-12-01T11:00:00'));
    await t.services.sweep({ perTransaction: 1 });
    const bySweep = await prisma().notification.findMany({ where: { kind: 'home.refresh', complaintId: first!, createdAt: at('2026-12-01T11:00:00') } });
    expect(await prisma().event.count({ where: { complaintId: first!, at: at('2026-12-01T11:00:00') } })).toBe(2);
    expect(bySweep.map((r) => r.target).sort()).toEqual(['UF0', owner, 'ULEAD1'].sort());
  });

  it('a clock that fails is reported and retried by the next sweep; the rest of its chunk commits', async () => {
    const poisoned = ids[3]!;
    // A real failure inside the database: the audit log refuses this one complaint's events.
    await prisma().$executeRawUnsafe(`CREATE OR REPLACE FUNCTION test_refuse_event() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW."complaintId" = '${poisoned}' THEN RAISE EXCEPTION 'refused for the test'; END IF; RETURN NEW; END $$`);
    await prisma().$executeRawUnsafe(`CREATE TRIGGER test_refuse_event BEFORE INSERT ON "Event" FOR EACH ROW EXECUTE FUNCTION test_refuse_event()`);
    try {
      t.clock.set(at('2026-12-02T10:00:00'));
      const failed = await t.services.sweep({ perTransaction: 100 }).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(failed).toBeInstanceOf(SweepIncomplete);
      const report = (failed as SweepIncomplete).report;
      expect(report).toMatchObject({ failed: 2, breached: COMPLAINTS - 1, warned: COMPLAINTS - 1 });
      expect((failed as SweepIncomplete).message).toContain('refused for the test');
      expect(report.lines.filter((l) => l.act === 'failed')).toHaveLength(2);
      // Nothing of the failed clocks was half done.
      expect(await prisma().event.count({ where: { complaintId: poisoned, type: { startsWith: 'deadline.' } } })).toBe(0);
      expect(await prisma().deadline.count({ where: { complaintId: poisoned, thresholdsDone: { gt: 0 } } })).toBe(0);
      expect(await prisma().escalation.count()).toBe(COMPLAINTS - 1);
      // Supervisors see on their App Home what the sweep left behind.
      const stuck = (await t.services.homeFor('USUP1')).supervisor!.stuckClocks;
      const reference = (await prisma().complaint.findUniqueOrThrow({ where: { id: poisoned } })).reference;
      expect(stuck.map((c) => [c.reference, c.stage]).sort()).toEqual([
        [reference, 'acknowledge'],
        [reference, 'solution'],
      ]);
      expect((await t.services.homeFor('ULEAD1')).supervisor).toBeNull(); // not a supervisor
    } finally {
      await prisma().$executeRawUnsafe(`DROP TRIGGER IF EXISTS test_refuse_event ON "Event"`);
      await prisma().$executeRawUnsafe(`DROP FUNCTION IF EXISTS test_refuse_event()`);
    }
    const retried = await t.services.sweep();
    expect(retried).toMatchObject({ failed: 0, breached: 1, warned: 1 });
    expect(await prisma().escalation.count()).toBe(COMPLAINTS);
    expect(await verifyAuditChain(prisma())).toMatchObject({ ok: true });
    expect((await t.services.homeFor('USUP1')).supervisor!.stuckClocks).toEqual([]);
  });
});
