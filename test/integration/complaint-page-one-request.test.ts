/**
 * One request waits at a time (services/request-approval.ts): while a rejection, a handover or an
 * extension waits for its answer, a second request is refused. The rule is shown when the step is
 * drawn (the Slack modal, the WeCom step page: both ask prepareAction), not only when it is
 * submitted: the step a second request needs is refused in words before anything is typed, naming
 * whom the first waits for (the complainant on their page, in words). The one exception stays
 * open: consent an outside customer gave elsewhere may still be recorded while their own answer is
 * asked on their page, so that step is drawn with the evidence required. The submit-time check
 * stays the guard.
 */
import { expect, it } from 'vitest';
import { refusalText } from '../../src/chat/render/refusal';
import { actionModal } from '../../src/slack/blocks/action-modal';
import { escalationModal } from '../../src/slack/blocks/escalation-modal';
import { ACTION_FIELD } from '../../src/slack/ids';
import { fieldsOf } from '../../src/wecom/pages/steps';
import { describeEachDb } from '../support/db';
import { Driver } from '../support/lifecycle-driver';
import { outsideComplaint, PUBLIC_URL } from '../support/complaint-page';
import { useHarness } from '../support/pledge-harness';

const DAY = 86_400_000;
const words = (error: unknown) => refusalText('en', error, { escape: (s) => s, person: (id) => `@${id}` });
const refusal = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (error: unknown) => error,
  );

describeEachDb('one request at a time, shown when the step is drawn', (getDb) => {
  const h = useHarness(getDb, { publicUrl: PUBLIC_URL });

  it('while the complainant is asked for an extension on their page, a rejection or handover is refused as the step opens, in words', async () => {
    const c = await outsideComplaint(h, h.baseUrl);
    await c.accept();
    await c.investigate();
    const solution = await h.db.prisma.deadline.findFirstOrThrow({ where: { complaintId: c.id, stage: 'solution' } });
    expect(await c.askExtension(new Date(solution.dueAt.getTime() + DAY), 'The bank needs a day')).toBe('asked');
    for (const action of ['request_rejection', 'request_handover'] as const) {
      const refused = await refusal(h.pledge.services.prepareAction({ complaintId: c.id, actorId: c.owner, action }));
      expect(refused).toMatchObject({ code: 'request_waiting' });
      expect(words(refused)).toBe(`A request on ${c.reference} is already waiting for the complainant's answer on their complaint page; it must be answered first.`);
    }
    // The leader hands over without asking anyone: still open to them.
    await expect(h.pledge.services.prepareAction({ complaintId: c.id, actorId: 'ULEAD1', action: 'request_handover' })).resolves.toBeDefined();

    // Recording consent given by phone stays open: the step is drawn with the evidence required.
    const card = await h.pledge.services.prepareAction({ complaintId: c.id, actorId: c.owner, action: 'request_extension' });
    const evidence = fieldsOf('request_extension', card).fields.find((f) => f.name === 'evidence');
    expect(evidence).toMatchObject({ required: true, hint: 'act.request_extension.evidence.waiting' });
    const modal = actionModal({ locale: 'en', timeZone: 'Asia/Shanghai', action: 'request_extension', card });
    const block = modal.blocks.find((b) => b.block_id === ACTION_FIELD.evidence.block) as { optional?: boolean; hint?: { text: string } };
    expect(block.optional ?? false).toBe(false);
    expect(block.hint?.text).toContain('only consent the complainant gave elsewhere can extend now');
    // The leader's extension from an escalation asks the same, the same way.
    const escalation = { id: '00000000-0000-4000-8000-000000000001', level: 1, stage: 'solution', reason: 'at_risk', left: { clock: 'working', minutes: 60, overdue: false }, dueAt: solution.dueAt, decision: null } as const;
    const leaders = escalationModal({ locale: 'en', timeZone: 'Asia/Shanghai', card, escalation, metadata: { d: 'extend', id: escalation.id } });
    const leaderBlock = leaders.blocks.find((b) => b.block_id === ACTION_FIELD.evidence.block) as { optional?: boolean; hint?: { text: string } };
    expect(leaderBlock.optional ?? false).toBe(false);
    expect(leaderBlock.hint?.text).toContain('only consent the complainant gave elsewhere can extend now');
    // Sent without evidence anyway: the submit-time check refuses it, changing nothing.
    await expect(c.askExtension(new Date(solution.dueAt.getTime() + 2 * DAY), 'Another day')).rejects.toMatchObject({ code: 'request_waiting' });
  });

  it('while the leader is asked to approve a rejection, an extension for a team member\u2019s complaint is refused as the step opens', async () => {
    const filed = await new Driver(h, h.settle).investigating();
    const act = { complaintId: filed.id, actorId: filed.ownerId };
    await h.pledge.services.requestRejection({ ...act, reason: 'Not ours' });
    const refused = await refusal(h.pledge.services.prepareAction({ ...act, action: 'request_extension' }));
    expect(refused).toMatchObject({ code: 'request_waiting', params: { who: 'ULEAD1' } });
    expect(words(refused)).toBe(`A request on ${filed.reference} is already waiting for @ULEAD1; it must be answered first.`);
    // Answered, the step opens again.
    const approval = await h.db.prisma.approval.findFirstOrThrow({ where: { complaintId: act.complaintId, status: 'pending' } });
    await h.pledge.services.decideApproval({ approvalId: approval.id, actorId: 'ULEAD1', approve: false, note: 'Look again', expects: 'approval' });
    await expect(h.pledge.services.prepareAction({ ...act, action: 'request_extension' })).resolves.toBeDefined();
  });
});
