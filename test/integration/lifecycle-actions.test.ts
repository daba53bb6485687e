import { describe, expect, it } from 'vitest';
import { teamCalendars } from '../../src/calendar-data/build';
import { complaintActionId, ACTION_FIELD, NOTIFY_OPTION } from '../../src/slack/ids';
import { describeEachDb } from '../support/db';
import { Driver, type Filed } from '../support/lifecycle-driver';
import { useHarness } from '../support/pledge-harness';
import { inputValue, openedMetadata } from '../support/signed-requests';

const CUSTOMER = { customerName: 'Li Lei', customerContact: '13812345678' };

describeEachDb('lifecycle steps through Slack', (getDb) => {
  const h = useHarness(getDb);
  const d = new Driver(h, h.settle);

  /** A filed complaint its owner has accepted, with nothing sent yet. */
  async function accepted(values = {}): Promise<Filed> {
    const c = await d.file(values);
    await d.accept(c.ownerId, c);
    await h.deliver();
    h.standIn.reset();
    return c;
  }

  async function investigating(values = {}): Promise<Filed> {
    const c = await accepted(values);
    await d.press(c.ownerId, 'start_investigation', c.id);
    await h.deliver();
    h.standIn.reset();
    return c;
  }

  it('from accepted to resolved: each step moves the status, posts its thread line, updates the card in place and is audited', async () => {
    const c = await accepted();

    await d.press(c.ownerId, 'start_investigation', c.id);
    expect(await d.status(c.id)).toBe('investigating');
    expect(await d.deliverThread(c)).toEqual([`<@${c.ownerId}> started the investigation.`]);
    expect(d.cardUpdates(c).at(-1)!.args.text).toContain('PLG-2026-000001');
    expect(JSON.stringify(d.cardUpdates(c).at(-1)!.args.blocks)).toContain('Investigating');

    await d.act(c.ownerId, 'add_note', c.id, { text: 'Called the bank; waiting for the statement.' });
    expect(await d.deliverThread(c)).toEqual([`<@${c.ownerId}> added a progress note:\n>Called the bank; waiting for the statement.`]);
    expect(d.dmsTo('UFILER')).toHaveLength(0); // not sent to the complainant unless asked

    await d.act(c.ownerId, 'propose_solution', c.id, { text: 'Refund the second charge of ¥268.' });
    const proposed = await h.db.prisma.complaint.findUniqueOrThrow({ where: { id: c.id } });
    expect(proposed).toMatchObject({ status: 'solution_proposed', solution: 'Refund the second charge of ¥268.' });
    const solution = await h.db.prisma.deadline.findFirstOrThrow({ where: { complaintId: c.id, stage: 'solution' } });
    expect(solution.metAt).toEqual(h.clock.now());
    expect(await d.deliverThread(c)).toEqual([`<@${c.ownerId}> proposed a solution:\n>Refund the second charge of ¥268.`]);
    expect(JSON.stringify(d.cardUpdates(c).at(-1)!.args.blocks)).toContain('Refund the second charge of ¥268.');

    await d.act(c.ownerId, 'resolve', c.id, { text: 'Refunded ¥268 on 30 Nov.', basis: 'Bank statement shows a duplicate capture.' });
    const resolved = await h.db.prisma.complaint.findUniqueOrThrow({ where: { id: c.id } });
    expect(resolved).toMatchObject({ status: 'resolved', result: 'Refunded ¥268 on 30 Nov.', resultBasis: 'Bank statement shows a duplicate capture.', resultDelivery: 'dm' });
    expect(await d.deliverThread(c)).toEqual([`<@${c.ownerId}> resolved the complaint. Result:\n>Refunded ¥268 on 30 Nov.`]);
    // The result goes back to the filer, with its basis, the satisfaction question and a way to reopen it: one DM.
    const result = d.dmsTo('UFILER').find((p) => String(p.args.text).includes('resolved'));
    expect(d.dmsTo('UFILER').filter((p) => String(p.args.text).includes('resolved'))).toHaveLength(1);
    expect(JSON.stringify(result?.args.blocks)).toContain('Refunded ¥268 on 30 Nov.');
    expect(JSON.stringify(result?.args.blocks)).toContain('Bank statement shows a duplicate capture.');
    expect(JSON.stringify(result?.args.blocks)).toContain('survey_rate:5');
    expect(JSON.stringify(result?.args.blocks)).toContain(`"value":"reopen:${c.id}"`);
    expect(JSON.stringify(d.cardUpdates(c).at(-1)!.args.blocks)).toContain('Resolved');

    expect(await d.eventTypes(c.id)).toEqual([
      'complaint.filed',
      'complaint.accepted',
      'complaint.investigation_started',
      'complaint.note_added',
      'complaint.solution_proposed',
      'complaint.resolved',
    ]);
    const events = await h.db.prisma.event.findMany({ orderBy: { id: 'asc' } });
    for (let i = 1; i < events.length; i++) expect(events[i]!.prevHash).toBe(events[i - 1]!.hash);
    expect(events.slice(2).map((e) => e.actorId)).toEqual(Array(4).fill(c.ownerId));
    expect(d.replies()).toHaveLength(0); // nobody was told off
  });

  it('a double click, or the same press delivered twice, starts the investigation once and tells nobody off', async () => {
    const c = await accepted();
    await Promise.all([d.press(c.ownerId, 'start_investigation', c.id), d.press(c.ownerId, 'start_investigation', c.id)]);
    await d.press(c.ownerId, 'start_investigation', c.id);
    expect((await d.eventTypes(c.id)).filter((t) => t === 'complaint.investigation_started')).toHaveLength(1);
    expect(await d.deliverThread(c)).toEqual([`<@${c.ownerId}> started the investigation.`]);
    expect(d.replies()).toHaveLength(0);
  });

  it('the same steps work from the overflow menu', async () => {
    const c = await investigating();
    const view = await d.openModal(c.ownerId, 'request_info', c.id, { overflow: true });
    expect(view.callback_id).toBe('complaint_action_modal');
    expect(await d.submit(c.ownerId, view, { text: 'Which card?' })).toEqual({ status: 200, errors: undefined });
    expect(await d.status(c.id)).toBe('waiting_on_complainant');
  });

  it('asking the filer pauses every clock; the filer answers from their DM and the clocks run again with the time they had', async () => {
    const c = await investigating();
    const before = await h.db.prisma.deadline.findMany({ where: { complaintId: c.id, metAt: null } });
    expect(before.length).toBeGreaterThan(0);

    await d.act(c.ownerId, 'request_info', c.id, { text: 'Which card was charged? The last 4 digits are enough.' });
    expect(await d.status(c.id)).toBe('waiting_on_complainant');
    const paused = await h.db.prisma.deadline.findMany({ where: { complaintId: c.id, metAt: null, stage: { not: 'pause' } } });
    expect(paused.every((x) => x.pausedAt?.getTime() === h.clock.now().getTime())).toBe(true);
    expect((await d.eventTypes(c.id)).slice(-2)).toEqual(['complaint.info_requested', 'clock.paused']);

    expect(await d.deliverThread(c)).toEqual([
      `<@${c.ownerId}> asked the complainant for more information; the time limits are paused.\n>Which card was charged? The last 4 digits are enough.`,
    ]);
    expect(JSON.stringify(d.cardUpdates(c).at(-1)!.args.blocks)).toContain('Paused: waiting on the complainant');
    const ask = d.dmsTo('UFILER');
    expect(ask).toHaveLength(1);
    expect(ask[0]!.args.text).toBe('A question about your complaint PLG-2026-000001');
    const askBlocks = JSON.stringify(ask[0]!.args.blocks);
    expect(askBlocks).toContain('Which card was charged?');
    expect(askBlocks).toContain(`"action_id":"${complaintActionId('answer_info')}"`);

    // Two hours later the filer answers from the DM's button.
    h.clock.advance(2 * 3600_000);
    const modal = await d.openModal('UFILER', 'answer_info', c.id);
    expect(openedMetadata(modal.private_metadata!)).toEqual({ a: 'answer_info', id: c.id });
    expect(await d.submit('UFILER', modal, { text: 'The Visa ending 4242.' })).toEqual({ status: 200, errors: undefined });

    expect(await d.status(c.id)).toBe('investigating');
    const resumed = await h.db.prisma.deadline.findMany({ where: { complaintId: c.id, metAt: null } });
    const calendar = teamCalendars(h.config, h.clock.now()).calendarFor('billing');
    const pausedAt = paused[0]!.pausedAt!;
    expect(resumed.map((x) => x.id).sort()).toEqual(before.map((x) => x.id).sort());
    for (const clock of resumed) {
      expect(clock.pausedAt).toBeNull();
      const was = before.find((b) => b.id === clock.id)!;
      // Each clock keeps the time it had left: working time for working clocks, elapsed for the others.
      if (clock.clock === 'working') {
        expect(calendar.workingTimeBetween(h.clock.now(), clock.dueAt)).toBe(calendar.workingTimeBetween(pausedAt, was.dueAt));
      } else {
        expect(clock.dueAt.getTime() - was.dueAt.getTime()).toBe(2 * 3600_000);
      }
    }
    expect((await d.eventTypes(c.id)).slice(-2)).toEqual(['complaint.info_answered', 'clock.resumed']);
    expect(await d.deliverThread(c)).toEqual(['<@UFILER> answered; the time limits run again.\n>The Visa ending 4242.']);
    expect(d.dmsTo(c.ownerId).map((p) => String(p.args.text))).toEqual([expect.stringContaining('<@UFILER> answered your question')]);
  });

  it('for an outside customer nobody is DMed; the owner records the customer’s answer from the card', async () => {
    const c = await investigating(CUSTOMER);
    await d.act(c.ownerId, 'request_info', c.id, { text: 'Ask Mr Li for the receipt.' });
    await h.deliver();
    // UFILER registered it for Mr Li: as first contact they hear of the step, but nothing asks them to answer.
    expect(d.dmsTo('UFILER').map((p) => String(p.args.text))).toEqual([expect.stringContaining('asked the complainant')]);
    expect(JSON.stringify(d.dmsTo('UFILER').map((p) => p.args.blocks))).not.toContain('"type":"actions"');
    h.standIn.reset();
    await d.act(c.ownerId, 'answer_info', c.id, { text: 'He e-mailed the receipt.' });
    expect(await d.status(c.id)).toBe('investigating');
    expect((await h.db.prisma.deadline.findMany({ where: { complaintId: c.id, metAt: null } })).every((x) => x.pausedAt === null)).toBe(true);
    expect(await d.deliverThread(c)).toEqual([`<@${c.ownerId}> answered; the time limits run again.\n>He e-mailed the receipt.`]);
  });

  it('a note can also go to the complainant; a repeated submission of the same modal adds it once', async () => {
    const c = await investigating();
    const view = await d.openModal(c.ownerId, 'add_note', c.id);
    const values = { text: 'The bank confirmed the duplicate.', notify: inputValue.checkboxes([NOTIFY_OPTION]) };
    const results = await Promise.all([d.submit(c.ownerId, view, values, 'VSAMENOTE'), d.submit(c.ownerId, view, values, 'VSAMENOTE')]);
    expect(results.map((r) => r.status)).toEqual([200, 200]);
    expect(await d.submit(c.ownerId, view, values, 'VSAMENOTE')).toEqual({ status: 200, errors: undefined });

    const notes = await h.db.prisma.event.findMany({ where: { type: 'complaint.note_added' } });
    expect(notes).toHaveLength(1);
    expect(notes[0]!.payload).toEqual({ note: 'The bank confirmed the duplicate.', toComplainant: true });
    expect(await d.deliverThread(c)).toEqual([`<@${c.ownerId}> added a progress note:\n>The bank confirmed the duplicate.`]);
    const toFiler = d.dmsTo('UFILER');
    expect(toFiler).toHaveLength(1);
    expect(toFiler[0]!.args.text).toBe('PLG-2026-000001 · Progress on your complaint:\n>The bank confirmed the duplicate.');

    // A different submission is a different note.
    expect(await d.submit(c.ownerId, view, { text: 'Refund booked.' })).toEqual({ status: 200, errors: undefined });
    expect(await h.db.prisma.event.count({ where: { type: 'complaint.note_added' } })).toBe(2);
  });

  it('a note with a phone number in it is masked in the channel thread but not in the complainant’s DM', async () => {
    const c = await investigating();
    await d.act(c.ownerId, 'add_note', c.id, { text: 'Customer asks to be called on 13912345678.', notify: inputValue.checkboxes([NOTIFY_OPTION]) });
    const lines = await d.deliverThread(c);
    expect(lines[0]).toContain('139****5678');
    expect(JSON.stringify(d.threadPosts(c))).not.toContain('13912345678');
    expect(String(d.dmsTo('UFILER')[0]!.args.text)).toContain('13912345678');
  });

  describe('resolving for an outside customer', () => {
    it('asks how the result reached the customer, and records it', async () => {
      const c = await investigating(CUSTOMER);
      await d.act(c.ownerId, 'propose_solution', c.id, { text: 'Refund.' });
      const view = await d.openModal(c.ownerId, 'resolve', c.id);
      const blocks = JSON.stringify(view.blocks);
      expect(blocks).toContain(ACTION_FIELD.delivery.block);
      expect(blocks).toContain('"value":"phone"');

      // Nothing chosen: the modal stays open with the reason on the field.
      const missing = await d.submit(c.ownerId, view, { text: 'Refunded.', basis: 'Duplicate capture.', delivery: inputValue.select(null), deliveryNote: '' });
      expect(missing).toEqual({ status: 200, errors: { [ACTION_FIELD.delivery.block]: 'Choose how the result reached the customer.' } });
      // A forged submission without the field at all: the service insists, and says where.
      const forged = await d.submit(c.ownerId, view, { text: 'Refunded.', basis: 'Duplicate capture.' });
      expect(forged.errors).toEqual({ [ACTION_FIELD.text.block]: expect.any(String) });
      expect(await d.status(c.id)).toBe('solution_proposed');

      const ok = await d.submit(c.ownerId, view, { text: 'Refunded.', basis: 'Duplicate capture.', delivery: inputValue.select('phone'), deliveryNote: 'Called Mr Li at 15:10.' });
      expect(ok).toEqual({ status: 200, errors: undefined });
      const row = await h.db.prisma.complaint.findUniqueOrThrow({ where: { id: c.id } });
      expect(row).toMatchObject({ status: 'resolved', resultDelivery: 'phone', resultNote: 'Called Mr Li at 15:10.' });
    });
  });

  it('validates typed text in the parser: empty and over-long answers stay in the modal', async () => {
    const c = await investigating();
    const view = await d.openModal(c.ownerId, 'propose_solution', c.id);
    expect(await d.submit(c.ownerId, view, { text: '   ' })).toEqual({ status: 200, errors: { [ACTION_FIELD.text.block]: 'Please fill this in.' } });
    expect(await d.submit(c.ownerId, view, { text: 'x'.repeat(3001) })).toEqual({ status: 200, errors: { [ACTION_FIELD.text.block]: 'Keep this to 3000 characters or fewer.' } });
    expect(await d.submit(c.ownerId, view, { text: 'x'.repeat(3000) })).toEqual({ status: 200, errors: undefined });
    expect(await d.status(c.id)).toBe('solution_proposed');
  });

  it('the filer withdraws from the confirmation DM before anyone accepts', async () => {
    const c = await d.file();
    const confirmation = d.dmsTo('UFILER')[0]!;
    expect(JSON.stringify(confirmation.args.blocks)).toContain(`"value":"withdraw:${c.id}"`);
    h.standIn.reset();
    await d.press('UFILER', 'withdraw', c.id);
    expect(await d.status(c.id)).toBe('withdrawn');
    expect((await d.eventTypes(c.id)).at(-1)).toBe('complaint.withdrawn');
    expect(await d.deliverThread(c)).toEqual(['<@UFILER> withdrew the complaint.']);
    expect(d.dmsTo(c.ownerId).map((p) => String(p.args.text))).toEqual(['PLG-2026-000001 · <@UFILER> withdrew the complaint; nothing more to do.']);
    expect(JSON.stringify(d.cardUpdates(c).at(-1)!.args.blocks)).not.toContain('complaint_accept');
    // Pressed again (the DM still shows the button): nothing more happens, nobody is told off.
    await d.press('UFILER', 'withdraw', c.id);
    expect((await d.eventTypes(c.id)).filter((t) => t === 'complaint.withdrawn')).toHaveLength(1);
    expect(d.replies()).toHaveLength(0);
  });

  it('the filer reopens a resolved complaint from the result DM, with a reason', async () => {
    const c = await investigating();
    await d.act(c.ownerId, 'propose_solution', c.id, { text: 'Refund.' });
    await d.act(c.ownerId, 'resolve', c.id, { text: 'Refunded.', basis: 'Duplicate.' });
    await h.deliver();
    h.standIn.reset();

    await d.act('UFILER', 'reopen', c.id, { text: 'The refund never arrived.' });
    const row = await h.db.prisma.complaint.findUniqueOrThrow({ where: { id: c.id } });
    expect(row).toMatchObject({ status: 'investigating', resolvedAt: null, firstContactId: c.ownerId, ownerId: c.ownerId });
    expect((await d.eventTypes(c.id)).at(-1)).toBe('complaint.reopened');
    const solution = await h.db.prisma.deadline.findFirst({ where: { complaintId: c.id, stage: 'solution', metAt: null } });
    expect(solution).not.toBeNull();
    expect(await d.deliverThread(c)).toEqual(['<@UFILER> reopened the complaint:\n>The refund never arrived.']);
    expect(String(d.dmsTo(c.ownerId)[0]!.args.text)).toContain('reopened the complaint');
  });
});
