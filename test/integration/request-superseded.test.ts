/**
 * Requests always settle (issue 10, point 2): a request the complaint has moved past is closed as
 * superseded in the move's own transaction, audited; its asking DM loses its buttons and the
 * approver's Home its entry, and a late Approve changes nothing.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { APPROVE_ACTION, CONSENT_AGREE_ACTION } from '../../src/slack/ids';
import { describeEachDb } from '../support/db';
import { datetime, Driver, type Filed } from '../support/lifecycle-driver';
import { useHarness } from '../support/pledge-harness';
import { inputValue } from '../support/signed-requests';

const DAY = 24 * 3600_000;
const STALE = 'This complaint has moved on since that was shown, so nothing was changed. Its card in the channel shows where it stands now.';

describeEachDb('a request the complaint has moved past', (getDb) => {
  let c: Filed;
  const h = useHarness(getDb);
  const d = new Driver(h, h.settle);
  const other = () => (c.ownerId === 'UOWN1' ? 'UOWN2' : 'UOWN1');

  beforeEach(async () => {
    c = await d.investigating();
  });

  const homeOf = (userId: string) => h.standIn.callsTo('views.publish').filter((p) => p.args.user_id === userId).at(-1);

  async function closedAsSuperseded(approvalId: string, movedBy: string) {
    const row = await h.db.prisma.approval.findUniqueOrThrow({ where: { id: approvalId } });
    expect(row).toMatchObject({ status: 'superseded', decidedBy: null, decidedAt: h.clock.now() });
    const event = await h.db.prisma.event.findFirstOrThrow({ where: { complaintId: c.id, type: 'approval.superseded' } });
    expect(event).toMatchObject({ actorId: movedBy, payload: expect.objectContaining({ approvalId, kind: row.kind }) });
  }

  describe('is closed with the move', () => {
    it('a rejection waiting when the handler proposes a solution: closed, the DM loses its buttons, the Home its entry, Approve changes nothing', async () => {
      await d.act(c.ownerId, 'request_rejection', c.id, { text: 'Charged as agreed.' });
      const approval = await d.pendingApproval(c.id, 'rejection');
      const asked = await d.askedIn('ULEAD1', APPROVE_ACTION);
      expect(JSON.stringify(homeOf('ULEAD1')?.args.view)).toContain(`"value":"${approval.id}"`);

      await d.act(c.ownerId, 'propose_solution', c.id, { text: 'Refund the fee.' });
      // The same transaction as the move: nothing delivered yet, and already settled and audited.
      await closedAsSuperseded(approval.id, c.ownerId);
      expect((await d.eventTypes(c.id)).slice(-2)).toEqual(['complaint.solution_proposed', 'approval.superseded']);

      expect((await d.deliverThread(c)).slice(-2)).toEqual([
        `<@${c.ownerId}> proposed a solution:\n>Refund the fee.`,
        'The request to reject the complaint as unreasonable is closed: the complaint moved on before <@ULEAD1> answered.',
      ]);
      const closed = d.updatesOf(asked).at(-1);
      expect(closed, 'the asking DM is updated in place').toBeDefined();
      expect(JSON.stringify(closed!.args.blocks)).not.toContain('"type":"actions"');
      expect(JSON.stringify(closed!.args.blocks)).toContain('No answer is needed any more: the complaint moved on before this was answered');
      expect(JSON.stringify(homeOf('ULEAD1')?.args.view)).not.toContain(approval.id);

      await d.answerRequest('ULEAD1', APPROVE_ACTION, approval.id, asked.channel, asked.ts);
      expect(d.replies().map((r) => r.args.text)).toEqual([STALE]);
      expect(await d.status(c.id)).toBe('solution_proposed');
      expect((await h.db.prisma.approval.findUniqueOrThrow({ where: { id: approval.id } })).status).toBe('superseded');
      expect(await h.db.prisma.approval.count({ where: { status: 'pending' } })).toBe(0);
    });

    it('a handover waiting when the leader hands the complaint to someone else: closed with the leader’s handover', async () => {
      await d.act(c.ownerId, 'request_handover', c.id, { to: inputValue.user(other()), text: 'On leave.' });
      const approval = await d.pendingApproval(c.id, 'handover');
      const asked = await d.askedIn('ULEAD1', APPROVE_ACTION);

      await d.act('ULEAD1', 'request_handover', c.id, { to: inputValue.user('UOWN3'), text: 'UOWN3 knows this customer.' });
      await closedAsSuperseded(approval.id, 'ULEAD1');
      await h.deliver();
      expect(JSON.stringify(d.updatesOf(asked).at(-1)?.args.blocks)).not.toContain('"type":"actions"');

      await d.answerRequest('ULEAD1', APPROVE_ACTION, approval.id, asked.channel, asked.ts);
      expect(d.replies().map((r) => r.args.text)).toEqual([STALE]);
      expect((await h.db.prisma.complaint.findUniqueOrThrow({ where: { id: c.id } })).ownerId).toBe('UOWN3');
    });

    it('an extension waiting for the complainant when its limit is met: closed, the consent DM loses Agree', async () => {
      const clock = await h.db.prisma.deadline.findFirstOrThrow({ where: { complaintId: c.id, stage: 'solution' } });
      await d.act(c.ownerId, 'request_extension', c.id, { due: datetime(new Date(clock.dueAt.getTime() + DAY)), text: 'Waiting for the bank.' });
      const approval = await d.pendingApproval(c.id, 'extension');
      const asked = await d.askedIn('UFILER', CONSENT_AGREE_ACTION);

      await d.act(c.ownerId, 'propose_solution', c.id, { text: 'Refund the fee.' });
      await closedAsSuperseded(approval.id, c.ownerId);
      await h.deliver();
      expect(JSON.stringify(d.updatesOf(asked).at(-1)?.args.blocks)).not.toContain('"type":"actions"');

      await d.answerRequest('UFILER', CONSENT_AGREE_ACTION, approval.id, asked.channel, asked.ts);
      expect(d.replies().map((r) => r.args.text)).toEqual([STALE]);
      expect((await h.db.prisma.deadline.findUniqueOrThrow({ where: { id: clock.id } })).dueAt).toEqual(clock.dueAt);
    });

    it('one an older version left waiting after the complaint moved on is closed when it is answered', async () => {
      await d.act(c.ownerId, 'request_rejection', c.id, { text: 'Charged as agreed.' });
      const approval = await d.pendingApproval(c.id, 'rejection');
      const asked = await d.askedIn('ULEAD1', APPROVE_ACTION);
      // As steps left it before they closed what they passed: moved on, the request still waiting.
      await h.db.prisma.complaint.update({ where: { id: c.id }, data: { status: 'solution_proposed', solution: 'Refund the fee.' } });

      await d.answerRequest('ULEAD1', APPROVE_ACTION, approval.id, asked.channel, asked.ts);
      expect(d.replies().map((r) => r.args.text)).toEqual([STALE]);
      await closedAsSuperseded(approval.id, 'ULEAD1');
      expect(await d.status(c.id)).toBe('solution_proposed');
      await h.deliver();
      expect(JSON.stringify(d.updatesOf(asked).at(-1)?.args.blocks)).not.toContain('"type":"actions"');
      expect(JSON.stringify(homeOf('ULEAD1')?.args.view)).not.toContain(approval.id);
    });

    it('a request still in reach stays: a note or a question on the side changes nothing about a waiting handover', async () => {
      await d.act(c.ownerId, 'request_handover', c.id, { to: inputValue.user(other()), text: 'On leave.' });
      await d.act(c.ownerId, 'add_note', c.id, { text: 'Called the bank.' });
      await d.act(c.ownerId, 'request_info', c.id, { text: 'Which card?' });
      const approval = await d.pendingApproval(c.id, 'handover');
      await d.answerRequest('ULEAD1', APPROVE_ACTION, approval.id);
      expect((await h.db.prisma.complaint.findUniqueOrThrow({ where: { id: c.id } })).ownerId).toBe(other());
    });
  });

});
