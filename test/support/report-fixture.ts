/**
 * Seven complaints filed on Mon 30 Nov 2026 in Shanghai, taken through the services to known
 * ends, for the report tests (hand count in test/integration/report.test.ts).
 */
import type { testServices } from './services';
import { draft } from './services';

export const at = (local: string) => new Date(`${local}+08:00`);
/** When the fixture's report is taken: Friday noon of the same week. */
export const REPORT_AT = at('2026-12-04T12:00:00');

type T = Awaited<ReturnType<typeof testServices>>;

export async function buildReportFixture(t: T) {
  const file = async (title: string, over: Record<string, string> = {}) => {
    t.clock.set(at('2026-11-30T10:00:00'));
    const r = await t.services.fileComplaint({ filerId: 'UFILER', submissionKey: `k-${title}`, draft: draft({ title, ...over }) });
    if (!r.ok) throw new Error(`filing ${title} failed`);
    return r.complaint;
  };
  const act = async (local: string, step: () => Promise<unknown>) => {
    t.clock.set(at(local));
    await step();
  };
  const a = await file('A on time, rated 5');
  const b = await file('B accepted late, rated 3');
  const c = await file('C rejected', { category: 'refunds' });
  const d = await file('D major, still open', { category: 'service', priority: 'major' });
  const e = await file('E urgent, never accepted', { priority: 'urgent' });
  const f = await file('F withdrawn');
  const g = await file('G withdrawn after its acceptance was due');
  const s = t.services;
  const solve = async (x: typeof a, proposeAt: string, rating: number) => {
    await s.startInvestigation({ complaintId: x.id, actorId: x.ownerId });
    await act(proposeAt, () => s.proposeSolution({ complaintId: x.id, actorId: x.ownerId, solution: 'Refund' }));
    await s.resolveComplaint({ complaintId: x.id, actorId: x.ownerId, result: 'Refunded', basis: 'Statement' });
    await s.recordSurvey({ complaintId: x.id, actorId: 'UFILER', rating, channel: 'dm' });
  };

  await act('2026-11-30T10:05:00', () => s.withdrawComplaint({ complaintId: f.id, actorId: 'UFILER' }));
  await act('2026-11-30T10:15:00', () => s.acceptComplaint({ complaintId: d.id, actorId: d.ownerId }));
  await s.startInvestigation({ complaintId: d.id, actorId: d.ownerId });
  await act('2026-11-30T10:30:00', () => s.acceptComplaint({ complaintId: c.id, actorId: c.ownerId }));
  await s.startInvestigation({ complaintId: c.id, actorId: c.ownerId });
  await act('2026-11-30T11:00:00', () => s.requestRejection({ complaintId: c.id, actorId: c.ownerId, reason: 'Not our product' }));
  const approval = await t.deps.prisma.approval.findFirstOrThrow({ where: { complaintId: c.id } });
  await act('2026-11-30T12:00:00', () => s.decideApproval({ approvalId: approval.id, actorId: 'ULEAD1', approve: true, expects: 'approval' }));
  await act('2026-11-30T11:00:00', () => s.acceptComplaint({ complaintId: a.id, actorId: a.ownerId }));
  await solve(a, '2026-12-01T10:00:00', 5); // 8 working hours on Monday + 1 on Tuesday
  await act('2026-12-01T12:00:00', () => s.acceptComplaint({ complaintId: b.id, actorId: b.ownerId })); // due Tue 10:00
  await solve(b, '2026-12-03T10:00:00', 3); // 8 + 9 + 9 + 1 working hours
  await act('2026-12-01T11:00:00', () => s.withdrawComplaint({ complaintId: g.id, actorId: 'UFILER' }));
  t.clock.set(REPORT_AT);
  return { a, b, c, d, e, f, g };
}
