/** Result, satisfaction follow-up (回访) and archiving (归档), through the services on both databases. */
import { beforeEach, expect, it } from 'vitest';
import { describeEachDb } from '../support/db';
import { draft, testServices } from '../support/services';

const at = (local: string) => new Date(`${local}+08:00`);

describeEachDb('follow-up and archiving', (getDb) => {
  let t: Awaited<ReturnType<typeof testServices>>;

  async function resolved(over: Record<string, string> = {}) {
    const filed = await t.services.fileComplaint({ filerId: 'UFILER', submissionKey: `k-${Math.random()}`, draft: draft(over) });
    if (!filed.ok) throw new Error('filing failed');
    const id = filed.complaint.id;
    const owner = filed.complaint.ownerId;
    await t.services.acceptComplaint({ complaintId: id, actorId: owner });
    await t.services.startInvestigation({ complaintId: id, actorId: owner });
    await t.services.proposeSolution({ complaintId: id, actorId: owner, solution: 'Refund the second charge' });
    const delivery = over.customerContact ? { channel: 'phone' as const, note: 'Called at 15:00' } : undefined;
    await t.services.resolveComplaint({ complaintId: id, actorId: owner, result: 'Refunded', basis: 'Bank statement', ...(delivery ? { delivery } : {}) });
    return { id, owner };
  }

  beforeEach(async () => {
    t = await testServices(getDb(), { now: at('2026-11-30T10:00:00') });
  });

  it('asks the filer for a rating, records it once, and archives on it, after which it stays as it is', async () => {
    const { id } = await resolved();
    expect((await getDb().prisma.notification.findMany({ where: { kind: 'survey.ask' } })).map((n) => n.target)).toEqual(['UFILER']);
    const clocks = await getDb().prisma.deadline.findMany({ where: { complaintId: id, metAt: null } });
    expect(clocks.map((c) => c.stage).sort()).toEqual(['archive', 'follow_up']);

    await expect(t.services.recordSurvey({ complaintId: id, actorId: 'USTRANGER', rating: 4, channel: 'dm' })).rejects.toMatchObject({ code: 'not_allowed' });
    await expect(t.services.recordSurvey({ complaintId: id, actorId: 'UFILER', rating: 7, channel: 'dm' })).rejects.toMatchObject({ code: 'invalid_input' });
    expect(await t.services.recordSurvey({ complaintId: id, actorId: 'UFILER', rating: 4, comment: 'Quick', channel: 'dm' })).toBe('recorded');
    const complaint = await getDb().prisma.complaint.findUniqueOrThrow({ where: { id } });
    expect(complaint).toMatchObject({ status: 'resolved', archiveReason: 'follow_up_done' }); // the outcome stays
    expect(complaint.archivedAt).toEqual(t.clock.now());
    expect(await getDb().prisma.deadline.count({ where: { complaintId: id, metAt: null } })).toBe(0);

    // Archived, the follow-up is settled: a later rating could no longer be reviewed.
    await expect(t.services.recordSurvey({ complaintId: id, actorId: 'UFILER', rating: 2, channel: 'dm' })).rejects.toMatchObject({ code: 'stale' });
    expect(await getDb().prisma.survey.findUniqueOrThrow({ where: { complaintId: id } })).toMatchObject({ rating: 4, comment: 'Quick' });
    // Archived, but still findable by reference.
    expect(await t.services.showComplaint('UFILER', complaint.reference)).toMatchObject({ status: 'resolved', archivedAt: complaint.archivedAt });
  });

  it('for an outside customer: the result needs its delivery recorded, and the owner records the rating from a call', async () => {
    const filed = await t.services.fileComplaint({ filerId: 'UFILER', submissionKey: 'k-outside', draft: draft({ customerName: 'Li Lei', customerContact: '13812345678' }) });
    if (!filed.ok) throw new Error('filing failed');
    const { id, ownerId } = filed.complaint;
    await t.services.acceptComplaint({ complaintId: id, actorId: ownerId });
    await t.services.startInvestigation({ complaintId: id, actorId: ownerId });
    await t.services.proposeSolution({ complaintId: id, actorId: ownerId, solution: 'Refund' });
    await expect(t.services.resolveComplaint({ complaintId: id, actorId: ownerId, result: 'Refunded', basis: 'Statement' })).rejects.toMatchObject({
      code: 'invalid_input',
      params: { field: 'delivery' },
    });
    await t.services.resolveComplaint({ complaintId: id, actorId: ownerId, result: 'Refunded', basis: 'Statement', delivery: { channel: 'phone', note: 'Called' } });
    expect(await getDb().prisma.notification.count({ where: { kind: 'survey.ask' } })).toBe(0);
    await expect(t.services.recordSurvey({ complaintId: id, actorId: 'UFILER', rating: 5, channel: 'dm' })).rejects.toMatchObject({ code: 'not_allowed' });
    expect(await t.services.recordSurvey({ complaintId: id, actorId: ownerId, rating: 5, channel: 'phone', note: 'Happy' })).toBe('recorded');
    expect((await getDb().prisma.complaint.findUniqueOrThrow({ where: { id } })).resultDelivery).toBe('phone');
  });

  it('archives automatically when the archive limit arrives without a rating', async () => {
    const { id } = await resolved();
    const archive = await getDb().prisma.deadline.findFirstOrThrow({ where: { complaintId: id, stage: 'archive' } });
    expect(archive.dueAt.toISOString()).toBe(at('2026-12-09T18:00:00').toISOString()); // 7 working days after Monday
    t.clock.set(at('2026-12-09T17:59:00'));
    await t.services.sweep();
    expect((await getDb().prisma.complaint.findUniqueOrThrow({ where: { id } })).status).toBe('resolved');
    t.clock.set(at('2026-12-10T09:00:00'));
    const report = await t.services.sweep();
    expect(report.archived).toBe(1);
    expect(await getDb().prisma.complaint.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: 'resolved', archivedAt: at('2026-12-10T09:00:00'), archiveReason: 'limit' });
    expect(await getDb().prisma.escalation.count({ where: { stage: 'archive' } })).toBe(0);
  });
  it('archiving closes the complaint’s open escalations, so they stop climbing the chain', async () => {
    const filed = await t.services.fileComplaint({ filerId: 'UFILER', submissionKey: 'k-climb', draft: draft() });
    if (!filed.ok) throw new Error('filing failed');
    const { id, ownerId } = filed.complaint;
    t.clock.set(at('2026-12-01T09:00:00'));
    await t.services.sweep(); // the acknowledge limit at risk: before the leader until 13:00
    const open = await getDb().prisma.escalation.findFirstOrThrow({ where: { complaintId: id } });
    expect(open).toMatchObject({ level: 1, approverId: 'ULEAD1', decision: null });
    await t.services.acceptComplaint({ complaintId: id, actorId: ownerId });
    await t.services.startInvestigation({ complaintId: id, actorId: ownerId });
    await t.services.proposeSolution({ complaintId: id, actorId: ownerId, solution: 'Refund' });
    await t.services.resolveComplaint({ complaintId: id, actorId: ownerId, result: 'Refunded', basis: 'Statement' });
    await t.services.recordSurvey({ complaintId: id, actorId: 'UFILER', rating: 5, channel: 'dm' });
    expect((await getDb().prisma.complaint.findUniqueOrThrow({ where: { id } })).archivedAt).not.toBeNull();

    t.clock.set(at('2026-12-01T13:00:00'));
    expect((await t.services.sweep()).handedUp).toBe(0);
    const escalations = await getDb().prisma.escalation.findMany({ where: { complaintId: id } });
    expect(escalations).toEqual([expect.objectContaining({ id: open.id, decision: 'closed', decidedBy: 'system', respondBy: null, handedUpAt: null })]);
    const archived = await getDb().prisma.event.findFirstOrThrow({ where: { complaintId: id, type: 'complaint.archived' } });
    expect(archived.payload).toEqual({ reason: 'follow_up_done', closedEscalations: [open.id] });
  });
});
