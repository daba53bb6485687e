import { beforeEach, describe, expect, it } from 'vitest';
import { ACTION_FIELD, APPROVE_ACTION, CONSENT_AGREE_ACTION, CONSENT_DECLINE_ACTION, DECLINE_ACTION, DECLINE_MODAL_VIEW } from '../../src/slack/ids';
import { describeEachDb } from '../support/db';
import { datetime, Driver, type Filed } from '../support/lifecycle-driver';
import { useHarness } from '../support/pledge-harness';
import { inputValue, openedMetadata } from '../support/signed-requests';

const DAY = 24 * 3600_000;
const ONLY_ASKED = 'Only the person this request was sent to can answer it.';
const INVALID = 'Some of what you entered is not valid. Please check and try again.';
const STALE = 'This complaint has moved on since that was shown, so nothing was changed. Its card in the channel shows where it stands now.';

describeEachDb('approvals and consent through Slack', (getDb) => {
  let c: Filed;

  const h = useHarness(getDb);
  const d = new Driver(h, h.settle);

  /** The DM that asked `userId`, and the id it carries. */
  function askedDm(userId: string, actionId: string) {
    const dm = d.dmsTo(userId).find((p) => JSON.stringify(p.args.blocks).includes(`"action_id":"${actionId}"`));
    expect(dm, `a DM to ${userId} with ${actionId}`).toBeDefined();
    return dm!;
  }

  const markedAnswered = (userId: string, text: string) =>
    h.standIn.callsTo('chat.update').filter((u) => u.args.channel === `D${userId}` && JSON.stringify(u.args.blocks).includes(text));

  describe('rejecting as unreasonable', () => {
    beforeEach(async () => {
      c = await d.investigating();
      await d.act(c.ownerId, 'request_rejection', c.id, { text: 'Charged as agreed in the signed contract.' });
    });

    it('waits for the leader: nothing changes but the request, which the thread and the leader hear about', async () => {
      expect(await d.status(c.id)).toBe('investigating');
      const approval = await d.pendingApproval(c.id, 'rejection');
      expect(approval).toMatchObject({ requestedBy: c.ownerId, approverId: 'ULEAD1', payload: { reason: 'Charged as agreed in the signed contract.' } });
      expect((await d.eventTypes(c.id)).at(-1)).toBe('complaint.rejection_requested');
      expect(await d.deliverThread(c)).toEqual([
        `<@${c.ownerId}> asks <@ULEAD1> to approve rejecting the complaint as unreasonable:\n>Charged as agreed in the signed contract.`,
      ]);
      const ask = askedDm('ULEAD1', APPROVE_ACTION);
      expect(JSON.stringify(ask.args.blocks)).toContain(`"value":"${approval.id}"`);
      expect(JSON.stringify(ask.args.blocks)).toContain(`"action_id":"${DECLINE_ACTION}"`);
    });

    it('the leader approves: rejected with the reason, the filer told with a way to reopen and asked to rate it, approving twice changes nothing', async () => {
      const approval = await d.pendingApproval(c.id, 'rejection');
      await h.deliver();
      await d.answerRequest('ULEAD1', APPROVE_ACTION, approval.id);
      await d.answerRequest('ULEAD1', APPROVE_ACTION, approval.id); // a double click

      const row = await h.db.prisma.complaint.findUniqueOrThrow({ where: { id: c.id } });
      expect(row).toMatchObject({ status: 'rejected', result: 'Charged as agreed in the signed contract.' });
      expect(await h.db.prisma.approval.findUniqueOrThrow({ where: { id: approval.id } })).toMatchObject({ status: 'approved', decidedBy: 'ULEAD1' });
      expect((await d.eventTypes(c.id)).filter((t) => t === 'complaint.rejected')).toHaveLength(1);
      expect(d.replies()).toHaveLength(0);
      expect(markedAnswered('ULEAD1', 'Approved by <@ULEAD1>')).toHaveLength(2);

      expect((await d.deliverThread(c)).slice(-1)).toEqual(['<@ULEAD1> approved: the complaint is rejected as unreasonable.\n>Charged as agreed in the signed contract.']);
      const toFiler = d.dmsTo('UFILER');
      // The explanation comes with the satisfaction follow-up (回访), as a result does.
      expect(toFiler.map((p) => String(p.args.text))).toEqual([`Your complaint ${c.reference} was rejected: how satisfied are you with how it was handled?`]);
      expect(JSON.stringify(toFiler[0]!.args.blocks)).toContain("rejected as unreasonable, with the group leader's approval");
      expect(JSON.stringify(toFiler[0]!.args.blocks)).toContain(`"value":"reopen:${c.id}"`);
      expect(JSON.stringify(toFiler[0]!.args.blocks)).toContain('"action_id":"survey_rate:1"');
      expect(d.dmsTo(c.ownerId).map((p) => String(p.args.text))).toEqual([expect.stringContaining('<@ULEAD1> approved rejecting the complaint.')]);
    });

    it('the leader declines with a reason: the complaint carries on, the owner is told why', async () => {
      const approval = await d.pendingApproval(c.id, 'rejection');
      await d.answerRequest('ULEAD1', DECLINE_ACTION, approval.id, 'DULEAD1', '1700000000.001234');
      const opened = h.standIn.callsTo('views.open').at(-1)!.args.view as { callback_id: string; private_metadata: string };
      expect(opened.callback_id).toBe(DECLINE_MODAL_VIEW);
      expect(openedMetadata(opened.private_metadata)).toEqual({ id: approval.id, c: 'DULEAD1', t: '1700000000.001234' });
      expect(await h.db.prisma.approval.findUniqueOrThrow({ where: { id: approval.id } })).toMatchObject({ status: 'pending' });

      expect(await d.submitDecline('ULEAD1', opened.private_metadata, '')).toEqual({ status: 200, errors: { [ACTION_FIELD.text.block]: 'Please fill this in.' } });
      expect(await d.submitDecline('ULEAD1', opened.private_metadata, 'The contract does not cover this fee.')).toEqual({ status: 200, errors: undefined });

      expect(await d.status(c.id)).toBe('investigating');
      expect(await h.db.prisma.approval.findUniqueOrThrow({ where: { id: approval.id } })).toMatchObject({
        status: 'declined',
        decidedBy: 'ULEAD1',
        decisionNote: 'The contract does not cover this fee.',
      });
      expect((await d.eventTypes(c.id)).at(-1)).toBe('approval.declined');
      const marked = d.updatesOf({ channel: 'DULEAD1', ts: '1700000000.001234' });
      expect(JSON.stringify(marked.at(-1)?.args.blocks)).toContain('Declined by <@ULEAD1>');
      expect((await d.deliverThread(c)).slice(-1)).toEqual(['<@ULEAD1> declined to reject the complaint.\n>The contract does not cover this fee.']);
      expect(String(d.dmsTo(c.ownerId).at(-1)!.args.text)).toContain('declined to reject the complaint; please carry on with it.');

      // The old Approve button is stale now.
      await d.answerRequest('ULEAD1', APPROVE_ACTION, approval.id);
      expect(d.replies().map((r) => r.args.text)).toEqual([STALE]);
      expect(await d.status(c.id)).toBe('investigating');
    });

    it('nobody but the group leader answers: the owner, another leader and a supervisor are refused', async () => {
      const approval = await d.pendingApproval(c.id, 'rejection');
      const before = await d.snapshot(c.id);
      const modals = h.standIn.callsTo('views.open').length;
      for (const who of [c.ownerId, 'ULEAD2', 'USUP1', 'UFILER']) {
        await d.answerRequest(who, APPROVE_ACTION, approval.id);
        await d.answerRequest(who, DECLINE_ACTION, approval.id);
      }
      expect(d.replies().map((r) => r.args.text)).toEqual(Array(8).fill(ONLY_ASKED));
      expect(h.standIn.callsTo('views.open')).toHaveLength(modals);
      expect(await d.snapshot(c.id)).toEqual(before);
    });

    it('a second request while one waits is refused, naming whom it waits for, before its modal opens', async () => {
      const modals = h.standIn.callsTo('views.open').length;
      await d.press(c.ownerId, 'request_rejection', c.id);
      expect(h.standIn.callsTo('views.open')).toHaveLength(modals);
      expect(d.replies().at(-1)?.args.text).toBe('A request on PLG-2026-000001 is already waiting for <@ULEAD1>; it must be answered first.');
      expect(await h.db.prisma.approval.count()).toBe(1);
    });
  });

  describe('handing over', () => {
    beforeEach(async () => {
      c = await d.investigating();
    });
    const other = () => (c.ownerId === 'UOWN1' ? 'UOWN2' : 'UOWN1');

    it('the leader approves: the new owner takes over, the first contact stays on record', async () => {
      await d.act(c.ownerId, 'request_handover', c.id, { to: inputValue.user(other()), text: 'On leave from Monday.' });
      const approval = await d.pendingApproval(c.id, 'handover');
      expect(approval.payload).toEqual({ fromOwnerId: c.ownerId, toOwnerId: other(), reason: 'On leave from Monday.' });
      expect(await d.deliverThread(c)).toEqual([`<@${c.ownerId}> asks <@ULEAD1> to approve handing the complaint over to <@${other()}>:\n>On leave from Monday.`]);
      askedDm('ULEAD1', APPROVE_ACTION);

      await d.answerRequest('ULEAD1', APPROVE_ACTION, approval.id);
      const row = await h.db.prisma.complaint.findUniqueOrThrow({ where: { id: c.id } });
      expect(row).toMatchObject({ ownerId: other(), firstContactId: c.ownerId, status: 'investigating' });
      const open = await h.db.prisma.deadline.findMany({ where: { complaintId: c.id, metAt: null } });
      expect(open.length).toBeGreaterThan(0);
      expect(open.every((x) => x.accountableId === other())).toBe(true);
      expect((await d.eventTypes(c.id)).at(-1)).toBe('complaint.handed_over');

      expect(await d.deliverThread(c)).toEqual([
        `<@ULEAD1> handed the complaint over from <@${c.ownerId}> to <@${other()}>; the first contact stays on record.\n>On leave from Monday.`,
      ]);
      expect(d.dmsTo(other()).some((p) => String(p.args.text).startsWith('Complaint PLG-2026-000001 is yours now.'))).toBe(true);
      expect(d.dmsTo(c.ownerId).map((p) => String(p.args.text))).toContain(`PLG-2026-000001 · <@${other()}> now owns this complaint.`);
      const card = d.cardUpdates(c).at(-1)!;
      expect(JSON.stringify(card.args.blocks)).toContain(`*Handler*\\n<@${other()}>`);
      expect(JSON.stringify(card.args.blocks)).toContain(`*First contact*\\n<@${c.ownerId}>`);
    });

    it('the leader declines: the owner stays', async () => {
      await d.act(c.ownerId, 'request_handover', c.id, { to: inputValue.user(other()), text: 'Busy.' });
      const approval = await d.pendingApproval(c.id, 'handover');
      await d.answerRequest('ULEAD1', DECLINE_ACTION, approval.id);
      const metadata = (h.standIn.callsTo('views.open').at(-1)!.args.view as { private_metadata: string }).private_metadata;
      expect(await d.submitDecline('ULEAD1', metadata, 'Everyone is busy.')).toEqual({ status: 200, errors: undefined });
      expect((await h.db.prisma.complaint.findUniqueOrThrow({ where: { id: c.id } })).ownerId).toBe(c.ownerId);
      expect((await d.eventTypes(c.id)).at(-1)).toBe('approval.declined');
      await h.deliver();
      expect(String(d.dmsTo(c.ownerId).at(-1)!.args.text)).toContain('declined the handover; the complaint stays with you.');
    });

    it('refuses someone outside the group, or the owner themself, on the field', async () => {
      const view = await d.openModal(c.ownerId, 'request_handover', c.id);
      const refused = "Choose a member of the complaint's group other than its current handler.";
      expect(await d.submit(c.ownerId, view, { to: inputValue.user('USRV1'), text: 'x' })).toEqual({ status: 200, errors: { [ACTION_FIELD.to.block]: refused } });
      expect(await d.submit(c.ownerId, view, { to: inputValue.user(c.ownerId), text: 'x' })).toEqual({ status: 200, errors: { [ACTION_FIELD.to.block]: refused } });
      expect(await d.submit(c.ownerId, view, { to: inputValue.user(null), text: 'x' })).toEqual({ status: 200, errors: { [ACTION_FIELD.to.block]: 'Choose who takes over.' } });
      expect(await h.db.prisma.approval.count()).toBe(0);
    });

    it('the leader hands over from the card at once, needing nobody’s approval but their own', async () => {
      await d.act('ULEAD1', 'request_handover', c.id, { to: inputValue.user(other()), text: 'Rebalancing.' });
      expect((await h.db.prisma.complaint.findUniqueOrThrow({ where: { id: c.id } })).ownerId).toBe(other());
      expect(await h.db.prisma.approval.count()).toBe(0);
      expect(await d.deliverThread(c)).toEqual([expect.stringContaining(`<@ULEAD1> handed the complaint over from <@${c.ownerId}> to <@${other()}>`)]);
    });
  });

  describe('extending a time limit', () => {
    async function solutionClock() {
      return h.db.prisma.deadline.findFirstOrThrow({ where: { complaintId: c.id, stage: 'solution' } });
    }

    it('the complainant agrees: only then does the due time move', async () => {
      c = await d.investigating();
      const was = (await solutionClock()).dueAt;
      const wanted = new Date(was.getTime() + 2 * DAY);
      const view = await d.openModal(c.ownerId, 'request_extension', c.id);
      expect(JSON.stringify(view.blocks)).not.toContain(ACTION_FIELD.evidence.block);
      expect(await d.submit(c.ownerId, view, { due: datetime(wanted), text: 'Waiting for the bank.' })).toEqual({ status: 200, errors: undefined });

      const approval = await d.pendingApproval(c.id, 'extension');
      expect(approval).toMatchObject({ approverId: 'UFILER', payload: { stage: 'solution', dueAt: wanted.toISOString(), reason: 'Waiting for the bank.' } });
      expect((await solutionClock()).dueAt).toEqual(was);
      expect((await d.deliverThread(c))[0]).toMatch(/^<@UOWN\d> asks for the complainant's consent to a new due time, .+:\n>Waiting for the bank\.$/);
      askedDm('UFILER', CONSENT_AGREE_ACTION);

      // Neither the owner nor the leader can consent for the filer.
      await d.answerRequest(c.ownerId, CONSENT_AGREE_ACTION, approval.id);
      await d.answerRequest('ULEAD1', CONSENT_AGREE_ACTION, approval.id);
      expect(d.replies().map((r) => r.args.text)).toEqual([ONLY_ASKED, ONLY_ASKED]);
      expect((await solutionClock()).dueAt).toEqual(was);

      await d.answerRequest('UFILER', CONSENT_AGREE_ACTION, approval.id);
      expect((await solutionClock()).dueAt).toEqual(wanted);
      const extended = await h.db.prisma.event.findFirstOrThrow({ where: { type: 'complaint.extended' } });
      expect(extended).toMatchObject({ actorId: 'UFILER', payload: expect.objectContaining({ consent: 'complainant', dueAt: wanted.toISOString() }) });
      expect(markedAnswered('UFILER', 'Agreed by <@UFILER>')).toHaveLength(1);
      expect(await d.deliverThread(c)).toEqual([expect.stringMatching(/^The time limit now ends .+ \(<@UFILER>, with the complainant's consent\)\.\n>Waiting for the bank\.$/)]);
      expect(String(d.dmsTo(c.ownerId).at(-1)!.args.text)).toContain('The time limit is extended');
    });

    it('the complainant declines: the due time stands', async () => {
      c = await d.investigating();
      const was = (await solutionClock()).dueAt;
      await d.act(c.ownerId, 'request_extension', c.id, { due: datetime(new Date(was.getTime() + DAY)), text: 'More time.' });
      const approval = await d.pendingApproval(c.id, 'extension');
      await d.answerRequest('UFILER', CONSENT_DECLINE_ACTION, approval.id);
      expect((await solutionClock()).dueAt).toEqual(was);
      expect(await h.db.prisma.approval.findUniqueOrThrow({ where: { id: approval.id } })).toMatchObject({ status: 'declined', decidedBy: 'UFILER' });
      expect((await d.eventTypes(c.id)).at(-1)).toBe('approval.declined');
      expect(markedAnswered('UFILER', 'Declined by <@UFILER>')).toHaveLength(1);
      expect((await d.deliverThread(c)).slice(-1)).toEqual(['<@UFILER> did not agree to the extension; the time limit stands.']);
      // Agreeing after declining is too late.
      await d.answerRequest('UFILER', CONSENT_AGREE_ACTION, approval.id);
      expect(d.replies().map((r) => r.args.text)).toEqual([STALE]);
      expect((await solutionClock()).dueAt).toEqual(was);
    });

    it('refuses a due time that is not later than the current one, on the field', async () => {
      c = await d.investigating();
      const was = (await solutionClock()).dueAt;
      const view = await d.openModal(c.ownerId, 'request_extension', c.id);
      expect(await d.submit(c.ownerId, view, { due: datetime(was), text: 'x' })).toEqual({ status: 200, errors: { [ACTION_FIELD.due.block]: 'Choose a time later than the one now due.' } });
      expect(await d.submit(c.ownerId, view, { text: 'x' })).toEqual({ status: 200, errors: { [ACTION_FIELD.due.block]: 'Choose the new due time.' } });
      expect(await h.db.prisma.approval.count()).toBe(0);
    });

    it('for an outside customer the owner records the consent and its evidence, and the extension applies at once', async () => {
      c = await d.investigating({ customerName: 'Li Lei', customerContact: '13812345678' });
      const was = (await solutionClock()).dueAt;
      const wanted = new Date(was.getTime() + DAY);
      const view = await d.openModal(c.ownerId, 'request_extension', c.id);
      expect(JSON.stringify(view.blocks)).toContain(ACTION_FIELD.evidence.block);
      expect(await d.submit(c.ownerId, view, { due: datetime(wanted), text: 'Bank is slow.', evidence: 'Phone call 30 Nov 10:05, agreed.' })).toEqual({ status: 200, errors: undefined });
      expect((await solutionClock()).dueAt).toEqual(wanted);
      expect(await h.db.prisma.approval.count()).toBe(0);
      const extended = await h.db.prisma.event.findFirstOrThrow({ where: { type: 'complaint.extended' } });
      expect(extended.payload).toMatchObject({ consent: 'recorded', evidence: 'Phone call 30 Nov 10:05, agreed.', reason: 'Bank is slow.' });
      await h.deliver();
      // UFILER registered it for the customer: as first contact they hear of it; nobody is asked to consent.
      expect(JSON.stringify(d.dmsTo('UFILER').map((p) => p.args.blocks))).not.toContain('"type":"actions"');
      expect(d.dmsTo('UFILER').map((p) => String(p.args.text))).toEqual([expect.stringContaining('consent recorded by staff')]);
    });

    it('for an outside customer with no evidence given, the complainant is asked on their own page, not staff in a DM (issue 13, point 6)', async () => {
      c = await d.investigating({ customerName: 'Li Lei', customerContact: '13812345678' });
      const was = (await solutionClock()).dueAt;
      const wanted = new Date(was.getTime() + DAY);
      const view = await d.openModal(c.ownerId, 'request_extension', c.id);
      expect(await d.submit(c.ownerId, view, { due: datetime(wanted), text: 'Bank is slow.', evidence: '' })).toEqual({ status: 200, errors: undefined });
      expect((await solutionClock()).dueAt).toEqual(was);
      expect(await h.db.prisma.approval.findMany()).toEqual([expect.objectContaining({ kind: 'extension', approverId: 'complainant', status: 'pending' })]);
      await h.deliver();
      // Nobody on Slack consents for the customer: no DM carries Agree buttons.
      expect(JSON.stringify(d.dmsTo('UFILER').map((p) => p.args.blocks))).not.toContain('"type":"actions"');
    });
  });

  describe('a button naming the other sort of request (the leader filed the complaint as a team member)', () => {
    // The leader is asked twice over: as the group's leader (a rejection, a handover) and as the
    // filer (an extension). A consent's Decline owes no reason and a leader's does, so a button of
    // one sort carrying the id of a request of the other is refused in words, changing nothing.
    it("the filer's consent buttons naming the leader's pending approval are refused", async () => {
      c = await d.investigating({}, 'ULEAD1');
      await d.act(c.ownerId, 'request_rejection', c.id, { text: 'Charged as agreed in the signed contract.' });
      const approval = await d.pendingApproval(c.id, 'rejection');
      await h.deliver();
      const before = await d.snapshot(c.id);
      const replies = d.replies().length;
      const updates = h.standIn.callsTo('chat.update').length;

      await d.answerRequest('ULEAD1', CONSENT_DECLINE_ACTION, approval.id);
      await d.answerRequest('ULEAD1', CONSENT_AGREE_ACTION, approval.id);

      expect(d.replies().slice(replies).map((r) => r.args.text)).toEqual([INVALID, INVALID]);
      expect(await d.snapshot(c.id)).toEqual(before);
      expect(h.standIn.callsTo('chat.update')).toHaveLength(updates);
    });

    it("the leader's buttons naming the filer's pending consent are refused, and no modal opens for a reason", async () => {
      c = await d.investigating({}, 'ULEAD1');
      const due = (await h.db.prisma.deadline.findFirstOrThrow({ where: { complaintId: c.id, stage: 'solution' } })).dueAt;
      await d.act(c.ownerId, 'request_extension', c.id, { due: datetime(new Date(due.getTime() + DAY)), text: 'More time.' });
      const approval = await d.pendingApproval(c.id, 'extension');
      expect(approval.approverId).toBe('ULEAD1');
      await h.deliver();
      const before = await d.snapshot(c.id);
      const replies = d.replies().length;
      const modals = h.standIn.callsTo('views.open').length;

      await d.answerRequest('ULEAD1', APPROVE_ACTION, approval.id);
      await d.answerRequest('ULEAD1', DECLINE_ACTION, approval.id);

      expect(d.replies().slice(replies).map((r) => r.args.text)).toEqual([INVALID, INVALID]);
      expect(h.standIn.callsTo('views.open')).toHaveLength(modals);
      expect(await d.snapshot(c.id)).toEqual(before);
    });
  });
});
