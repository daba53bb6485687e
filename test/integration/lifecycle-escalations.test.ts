/**
 * Escalations over signed HTTP into the real Bolt app, on both databases: the sweep puts an
 * escalation before the group leader (a DM with the limit, the working time left and four
 * choices, and a ping in the group's channel); each choice goes through its modal to the one
 * service; refusals are answered privately; the asking DM shows the decision.
 */
import type { ModalView } from '@slack/types';
import { expect, it } from 'vitest';
import {
  ACTION_FIELD,
  CONSENT_AGREE_ACTION,
  ESCALATION_APPROVE_ACTION,
  ESCALATION_DECLINE_ACTION,
  ESCALATION_EXTEND_ACTION,
  ESCALATION_MODAL_VIEW,
  ESCALATION_REASSIGN_ACTION,
} from '../../src/slack/ids';
import { describeEachDb } from '../support/db';
import { datetime, Driver, type Filed } from '../support/lifecycle-driver';
import { complaintSubmission, useHarness } from '../support/pledge-harness';
import { inputValue, openedMetadata } from '../support/signed-requests';
import { withoutDates } from '../support/message-text';

const at = (local: string) => new Date(`${local}+08:00`);
const ONLY_ASKED = 'Only the person this request was sent to can answer it.';
const STALE = 'This complaint has moved on since that was shown, so nothing was changed. Its card in the channel shows where it stands now.';
const ASK_TS = '1700000000.004200';

describeEachDb('escalations through Slack', (getDb) => {
  const h = useHarness(getDb); // Monday 30 Nov, 10:00 in Shanghai
  const d = new Driver(h, h.settle);
  let c: Filed;
  let escalationId: string;

  /** Files a complaint nobody accepts, and sweeps at `local` time: at 09:00 next day it is at risk. */
  async function escalated(local = '2026-12-01T09:00:00', values: Parameters<Driver['file']>[0] = {}) {
    c = await d.file(values);
    h.clock.set(at(local));
    await h.pledge.services.sweep();
    await h.deliver();
    escalationId = (await h.db.prisma.escalation.findFirstOrThrow({ where: { complaintId: c.id, decision: null, handedUpAt: null } })).id;
  }

  const askDm = (userId: string) => d.dmsTo(userId).filter((p) => JSON.stringify(p.args.blocks).includes(`"action_id":"${ESCALATION_APPROVE_ACTION}"`));

  /** Presses a choice in the asking DM and returns the modal it opened. */
  async function choose(userId: string, actionId: string): Promise<ModalView> {
    const before = h.standIn.callsTo('views.open').length;
    await d.pressInDm(userId, actionId, escalationId, `D${userId}`, ASK_TS);
    expect(h.standIn.callsTo('views.open'), `ephemerals: ${JSON.stringify(d.replies().map((r) => r.args.text))}`).toHaveLength(before + 1);
    return d.lastModal();
  }

  const dmUpdates = (userId: string) => d.updatesOf({ channel: `D${userId}`, ts: ASK_TS });
  const escalation = () => h.db.prisma.escalation.findUniqueOrThrow({ where: { id: escalationId } });
  const complaint = () => h.db.prisma.complaint.findUniqueOrThrow({ where: { id: c.id } });

  it('the sweep asks the leader in a DM with the limit, the time left and four choices, and pings the group channel', async () => {
    await escalated();
    const [ask, ...more] = askDm('ULEAD1');
    expect(more).toEqual([]);
    const text = withoutDates(JSON.stringify(ask!.args.blocks));
    expect(ask!.args.text).toBe('Escalated to you: PLG-2026-000001');
    expect(text).toContain('Complaint *PLG-2026-000001* is escalated to you (level 1): *Accept* is at risk of missing its time limit.');
    expect(text).toContain('Due Tue 1 Dec, 10:00 (GMT+8): 1 h left.');
    for (const id of [ESCALATION_APPROVE_ACTION, ESCALATION_REASSIGN_ACTION, ESCALATION_EXTEND_ACTION, ESCALATION_DECLINE_ACTION]) expect(text).toContain(`"action_id":"${id}"`);
    expect(text.match(new RegExp(`"value":"${escalationId}"`, 'g'))).toHaveLength(4);

    const pings = d.posts((p) => p.args.channel === 'CBILLING' && !p.args.thread_ts && String(p.args.text).includes('Escalated'));
    expect(pings.map((p) => p.args.text)).toEqual(['PLG-2026-000001 · :rotating_light: Escalated to <@ULEAD1>: Accept (at risk), 1 h left.']);
  });

  it('a limit already passed says by how much', async () => {
    await escalated('2026-12-01T11:00:00');
    const text = withoutDates(JSON.stringify(askDm('ULEAD1')[0]!.args.blocks));
    expect(text).toContain('the *Accept* time limit has passed.');
    expect(text).toContain('Due Tue 1 Dec, 10:00 (GMT+8): overdue by 1 h.');
    expect(d.posts((p) => p.args.channel === 'CBILLING' && !p.args.thread_ts).map((p) => p.args.text)).toContain(
      'PLG-2026-000001 · :rotating_light: Escalated to <@ULEAD1>: Accept (limit passed), overdue by 1 h.',
    );
  });

  it('approve: the leader takes it over and raises its priority; the level is recorded and the DM shows the decision', async () => {
    await escalated();
    const modal = await choose('ULEAD1', ESCALATION_APPROVE_ACTION);
    expect(modal.callback_id).toBe(ESCALATION_MODAL_VIEW);
    expect(openedMetadata(modal.private_metadata!)).toEqual({ d: 'approve', id: escalationId, c: 'DULEAD1', t: ASK_TS });
    expect(await escalation()).toMatchObject({ decision: null }); // opening changes nothing

    const result = await d.submitOpened('ULEAD1', modal, { take: inputValue.radio('self'), priority: inputValue.select('urgent'), note: 'I will call the customer today.' });
    expect(result).toEqual({ status: 200, errors: undefined });
    expect(await complaint()).toMatchObject({ ownerId: 'ULEAD1', priority: 'urgent', firstContactId: null });
    expect(await escalation()).toMatchObject({ decision: 'approve', decidedBy: 'ULEAD1', decisionNote: 'I will call the customer today.', level: 1 });
    const decided = await h.db.prisma.event.findFirstOrThrow({ where: { complaintId: c.id, type: 'escalation.decided' } });
    expect(decided.payload).toMatchObject({ escalationId, level: 1, decision: 'approve', stage: 'acknowledge' });

    expect(withoutDates(JSON.stringify(dmUpdates('ULEAD1').at(-1)?.args.blocks))).toContain('Escalation taken on by <@ULEAD1> at Tue 1 Dec, 09:00 (GMT+8).');
    expect(JSON.stringify(dmUpdates('ULEAD1').at(-1)?.args.blocks)).not.toContain(ESCALATION_APPROVE_ACTION);
    const thread = await d.deliverThread(c);
    expect(thread).toContain(`<@ULEAD1> took the complaint over from <@${c.ownerId}> on escalation; the first contact stays on record.\n>I will call the customer today.`);
    expect(d.dmsTo(c.ownerId).map((p) => String(p.args.text))).toContain('PLG-2026-000001 · <@ULEAD1> took this complaint over from you; nothing more is needed from you.\n>I will call the customer today.');
    const card = d.cardUpdates(c).at(-1)!;
    expect(JSON.stringify(card.args.blocks)).toContain('*Handler*\\n<@ULEAD1>');
    expect(JSON.stringify(card.args.blocks)).toContain('Urgent');
  });

  it('approve: the leader assigns it to a member and keeps the priority', async () => {
    await escalated();
    const other = c.ownerId === 'UOWN1' ? 'UOWN2' : 'UOWN1';
    const modal = await choose('ULEAD1', ESCALATION_APPROVE_ACTION);
    // Assigning needs the person.
    expect(await d.submitOpened('ULEAD1', modal, { take: inputValue.radio('assign'), to: inputValue.user(null) })).toEqual({
      status: 200,
      errors: { [ACTION_FIELD.to.block]: 'Choose who takes over.' },
    });
    expect(await d.submitOpened('ULEAD1', modal, { take: inputValue.radio('assign'), to: inputValue.user(other) })).toEqual({ status: 200, errors: undefined });
    expect(await complaint()).toMatchObject({ ownerId: other, priority: 'normal' });
    expect(await escalation()).toMatchObject({ decision: 'approve' });
    await h.deliver();
    expect(d.dmsTo(other).some((p) => /^(Please accept complaint|Complaint) PLG-2026-000001\b/.test(String(p.args.text)))).toBe(true);
  });

  it('reassign: to a member of the group; someone outside it, or the owner again, is refused on the field', async () => {
    await escalated();
    const modal = await choose('ULEAD1', ESCALATION_REASSIGN_ACTION);
    const refused = "Choose a member of the complaint's group other than its current handler.";
    expect(await d.submitOpened('ULEAD1', modal, { to: inputValue.user('USRV1') })).toEqual({ status: 200, errors: { [ACTION_FIELD.to.block]: refused } });
    expect(await d.submitOpened('ULEAD1', modal, { to: inputValue.user(c.ownerId) })).toEqual({ status: 200, errors: { [ACTION_FIELD.to.block]: refused } });
    expect(await escalation()).toMatchObject({ decision: null });

    const other = c.ownerId === 'UOWN1' ? 'UOWN2' : 'UOWN1';
    expect(await d.submitOpened('ULEAD1', modal, { to: inputValue.user(other), note: 'Balancing the load.' })).toEqual({ status: 200, errors: undefined });
    expect(await complaint()).toMatchObject({ ownerId: other });
    expect(await escalation()).toMatchObject({ decision: 'reassign', decisionNote: 'Balancing the load.' });
    expect(JSON.stringify(dmUpdates('ULEAD1').at(-1)?.args.blocks)).toContain('Reassigned by <@ULEAD1>');
    expect(await d.deliverThread(c)).toContain(`<@ULEAD1> handed the complaint over from <@${c.ownerId}> to <@${other}> on escalation; the first contact stays on record.\n>Balancing the load.`);
  });

  it('extend: only with the complainant’s consent; their Agree moves the limit', async () => {
    await escalated();
    const clock = await h.db.prisma.deadline.findFirstOrThrow({ where: { complaintId: c.id, stage: 'acknowledge' } });
    const later = new Date(clock.dueAt.getTime() + 24 * 3600_000);
    const modal = await choose('ULEAD1', ESCALATION_EXTEND_ACTION);
    expect(await d.submitOpened('ULEAD1', modal, { due: datetime(clock.dueAt), text: 'Too soon.' })).toEqual({
      status: 200,
      errors: { [ACTION_FIELD.due.block]: 'Choose a time later than the one now due.' },
    });
    expect(await d.submitOpened('ULEAD1', modal, { due: datetime(later), text: 'The owner is off sick today.' })).toEqual({ status: 200, errors: undefined });
    expect(await escalation()).toMatchObject({ decision: 'extend', decisionNote: 'The owner is off sick today.' });
    // Nothing moves yet: the complainant is asked.
    expect((await h.db.prisma.deadline.findUniqueOrThrow({ where: { id: clock.id } })).dueAt).toEqual(clock.dueAt);
    const approval = await d.pendingApproval(c.id, 'extension');
    expect(approval).toMatchObject({ approverId: 'UFILER', requestedBy: 'ULEAD1' });
    await h.deliver();
    const consent = d.dmsTo('UFILER').filter((p) => JSON.stringify(p.args.blocks).includes(CONSENT_AGREE_ACTION));
    expect(consent).toHaveLength(1);
    expect(withoutDates(JSON.stringify(consent[0]!.args.blocks))).toContain('<@ULEAD1> asks for more time on your complaint *PLG-2026-000001*: Accept by Wed 2 Dec, 10:00 (GMT+8).');

    await d.answerRequest('UFILER', CONSENT_AGREE_ACTION, approval.id);
    expect((await h.db.prisma.deadline.findUniqueOrThrow({ where: { id: clock.id } })).dueAt).toEqual(later);
    expect((await d.deliverThread(c)).map(withoutDates)).toContain("The time limit now ends Wed 2 Dec, 10:00 (GMT+8) (<@UFILER>, with the complainant's consent).\n>The owner is off sick today.");
  });

  it("extend for an outside customer: the consent evidence may be left empty, and the customer is then asked on their page, in their own words (issue 13, point 6)", async () => {
    await escalated(undefined, { source: 'phone', customerName: 'Li Lei', customerContact: '13812345678' });
    const clock = await h.db.prisma.deadline.findFirstOrThrow({ where: { complaintId: c.id, stage: 'acknowledge' } });
    const modal = await choose('ULEAD1', ESCALATION_EXTEND_ACTION);
    const evidence = (modal.blocks as { block_id?: string; optional?: boolean }[]).find((b) => b.block_id === ACTION_FIELD.evidence.block);
    expect(evidence).toMatchObject({ optional: true });
    expect(await d.submitOpened('ULEAD1', modal, { due: datetime(new Date(clock.dueAt.getTime() + 24 * 3600_000)), text: 'The owner is off sick today.' })).toEqual({ status: 200, errors: undefined });
    expect(await d.pendingApproval(c.id, 'extension')).toMatchObject({ approverId: 'complainant', requestedBy: 'ULEAD1' });
    expect((await h.db.prisma.deadline.findUniqueOrThrow({ where: { id: clock.id } })).dueAt).toEqual(clock.dueAt);
  });

  it('decline: a reason is required, the owner is told, the complaint carries on', async () => {
    await escalated();
    const modal = await choose('ULEAD1', ESCALATION_DECLINE_ACTION);
    expect(await d.submitOpened('ULEAD1', modal, { text: ' ' })).toEqual({ status: 200, errors: { [ACTION_FIELD.text.block]: 'Please fill this in.' } });
    expect(await d.submitOpened('ULEAD1', modal, { text: 'The owner accepts it within the hour.' })).toEqual({ status: 200, errors: undefined });
    expect(await escalation()).toMatchObject({ decision: 'decline', decisionNote: 'The owner accepts it within the hour.' });
    expect(await complaint()).toMatchObject({ ownerId: c.ownerId, status: 'new' });
    expect(JSON.stringify(dmUpdates('ULEAD1').at(-1)?.args.blocks)).toContain(':x: Escalation declined by <@ULEAD1>');
    await h.deliver();
    expect(d.dmsTo(c.ownerId).map((p) => String(p.args.text))).toContain('PLG-2026-000001 · <@ULEAD1> looked into this complaint’s time limit and leaves it with you; carry on as before.\n>The owner accepts it within the hour.');
    expect(await d.deliverThread(c)).toContain('<@ULEAD1> declined the escalation.\n>The owner accepts it within the hour.');
  });

  it('refusals: nobody else may answer; a decided escalation’s buttons and open modals are stale', async () => {
    await escalated();
    const before = await d.snapshot(c.id);
    const modals = h.standIn.callsTo('views.open').length;
    for (const who of [c.ownerId, 'ULEAD2', 'USUP1', 'UFILER']) await d.pressInDm(who, ESCALATION_APPROVE_ACTION, escalationId);
    expect(d.replies().map((r) => r.args.text)).toEqual(Array(4).fill(ONLY_ASKED));
    expect(h.standIn.callsTo('views.open')).toHaveLength(modals);
    expect(await d.snapshot(c.id)).toEqual(before);

    // Someone else submitting the leader's modal is refused in the modal: it was sealed for the leader.
    const forged = { ...(await choose('ULEAD1', ESCALATION_DECLINE_ACTION)) };
    expect(await d.submitOpened('USUP1', forged, { text: 'Not mine.' })).toEqual({
      status: 200,
      errors: { [ACTION_FIELD.text.block]: 'This form was not opened by Pledge for you, or it was opened before Pledge was reinstalled. Close it and open it again from the button.' },
    });

    // Two modals open at once: the second submitted is stale.
    const decline = forged;
    const approve = await choose('ULEAD1', ESCALATION_APPROVE_ACTION);
    expect(await d.submitOpened('ULEAD1', decline, { text: 'No.' })).toEqual({ status: 200, errors: undefined });
    expect(await d.submitOpened('ULEAD1', approve, { take: inputValue.radio('self') })).toEqual({ status: 200, errors: { [ACTION_FIELD.take.block]: STALE } });
    expect(await escalation()).toMatchObject({ decision: 'decline' });
    expect((await complaint()).ownerId).toBe(c.ownerId);

    // And the DM's buttons are answered at once, without a modal.
    const opened = h.standIn.callsTo('views.open').length;
    await d.pressInDm('ULEAD1', ESCALATION_REASSIGN_ACTION, escalationId);
    expect(d.replies().at(-1)?.args.text).toBe(STALE);
    expect(h.standIn.callsTo('views.open')).toHaveLength(opened);
  });

  it('unanswered, it goes up the chain: the next level is asked why now, the old DM and buttons say who has it', async () => {
    await escalated();
    h.clock.set(at('2026-12-01T13:00:00')); // the leader's 4 working hours are up
    const report = await h.pledge.services.sweep();
    expect(report.handedUp).toBe(1);
    await h.deliver();
    const up = askDm('USUP1');
    expect(up).toHaveLength(1);
    const text = withoutDates(JSON.stringify(up[0]!.args.blocks));
    // Why now: the limit has passed since the leader was asked about it being at risk.
    expect(text).toContain('is escalated to you (level 2): the *Accept* time limit has passed.');
    expect(text).not.toContain('at risk');
    expect(text).toContain('Due Tue 1 Dec, 10:00 (GMT+8): overdue by 3 h.');
    const leaderAsk = askDm('ULEAD1')[0]!;
    const shown = d.updatesOf({ channel: 'DULEAD1', ts: (leaderAsk.response.body as { ts: string }).ts });
    expect(shown).toHaveLength(1);
    expect(JSON.stringify(shown[0]!.args.blocks)).toContain('Not answered in time: it is now before <@USUP1>.');
    expect(JSON.stringify(shown[0]!.args.blocks)).not.toContain(ESCALATION_APPROVE_ACTION);
    expect(await d.deliverThread(c)).toContain('<@ULEAD1> did not answer the escalation in time; it is now before <@USUP1>.');

    await d.pressInDm('ULEAD1', ESCALATION_APPROVE_ACTION, escalationId);
    expect(d.replies().map((r) => r.args.text)).toEqual(['This escalation was not answered in time and is now before <@USUP1>, so nothing was changed.']);

    // The supervisor answers the level-2 escalation.
    escalationId = (await h.db.prisma.escalation.findFirstOrThrow({ where: { level: 2 } })).id;
    const modal = await choose('USUP1', ESCALATION_APPROVE_ACTION);
    expect(await d.submitOpened('USUP1', modal, { take: inputValue.radio('keep') })).toEqual({ status: 200, errors: undefined });
    expect(await escalation()).toMatchObject({ decision: 'approve', level: 2, decidedBy: 'USUP1' });
    expect((await complaint()).ownerId).toBe(c.ownerId);
  });

  it('a major complaint’s report to the leader offers the same choices, and shows the decision in place', async () => {
    c = await d.file({ priority: 'major', title: 'Refund refused for 3 weeks' });
    const report = d.dmsTo('ULEAD1');
    expect(report).toHaveLength(1);
    expect(report[0]!.args.text).toBe('Major complaint PLG-2026-000001: Refund refused for 3 weeks');
    const blocks = JSON.stringify(report[0]!.args.blocks);
    escalationId = (await h.db.prisma.escalation.findFirstOrThrow({ where: { complaintId: c.id, reason: 'major' } })).id;
    for (const id of [ESCALATION_APPROVE_ACTION, ESCALATION_REASSIGN_ACTION, ESCALATION_EXTEND_ACTION, ESCALATION_DECLINE_ACTION]) expect(blocks).toContain(`"action_id":"${id}"`);
    expect(blocks).toContain(`"value":"${escalationId}"`);

    const other = c.ownerId === 'UOWN1' ? 'UOWN2' : 'UOWN1';
    const modal = await choose('ULEAD1', ESCALATION_REASSIGN_ACTION);
    expect(JSON.stringify(modal.blocks)).toContain('level 1 · Report to the leader · major complaint');
    expect(await d.submitOpened('ULEAD1', modal, { to: inputValue.user(other) })).toEqual({ status: 200, errors: undefined });
    expect(await complaint()).toMatchObject({ ownerId: other });
    const shown = dmUpdates('ULEAD1').at(-1)!;
    expect(shown.args.text).toBe('Major complaint PLG-2026-000001: Refund refused for 3 weeks');
    expect(JSON.stringify(shown.args.blocks)).toContain('Reassigned by <@ULEAD1>');
    expect(JSON.stringify(shown.args.blocks)).not.toContain(ESCALATION_APPROVE_ACTION);
  });

  it('a major report delivered after the leader already answered carries no choices', async () => {
    await h.pledge.outbox.stop(); // hold deliveries: the report is still queued
    const res = await h.interact(complaintSubmission('UFILER', { priority: 'major' }));
    expect(res.status).toBe(200);
    await h.settle(); // stored after its ack
    const row = await h.db.prisma.complaint.findFirstOrThrow();
    const e = await h.db.prisma.escalation.findFirstOrThrow({ where: { complaintId: row.id } });
    await h.pledge.services.decideEscalation({ escalationId: e.id, actorId: 'ULEAD1', answer: { decision: 'approve' } });
    await h.pledge.dispatcher.drain();
    const report = d.dmsTo('ULEAD1').find((p) => String(p.args.text).startsWith('Major complaint'));
    expect(report).toBeDefined();
    expect(JSON.stringify(report!.args.blocks)).not.toContain('escalation_');
  });
});
