import { beforeEach, expect, it } from 'vitest';
import type { ButtonAction } from '../../src/slack/action-kinds';
import { ACTION_FIELD } from '../../src/slack/ids';
import { describeEachDb } from '../support/db';
import { Driver, type Filed } from '../support/lifecycle-driver';
import { useHarness } from '../support/pledge-harness';

const HANDLERS_ONLY = "Only the complaint's handler or the group leader can do that on PLG-2026-000001.";
const STALE = 'This complaint has moved on since that was shown, so nothing was changed. Its card in the channel shows where it stands now.';
const INVALID = 'Some of what you entered is not valid. Please check and try again.';
const NOT_FOUND = "That complaint doesn't exist, or you can't see it.";
const NOT_SEALED = 'This form was not opened by Pledge for you, or it was opened before Pledge was reinstalled. Close it and open it again from the button.';

describeEachDb('refusals through Slack', (getDb) => {
  let c: Filed;
  const otherMember = () => (c.ownerId === 'UOWN1' ? 'UOWN2' : 'UOWN1');

  const h = useHarness(getDb);
  const d = new Driver(h, h.settle);

  beforeEach(async () => {
    c = await d.investigating();
  });

  /** Presses, and expects exactly one ephemeral with `text`, no modal, and nothing changed. */
  async function expectRefused(userId: string, action: ButtonAction, text: string, opts: { value?: string; overflow?: boolean } = {}) {
    const before = await d.snapshot(c.id);
    const replies = d.replies().length;
    const modals = h.standIn.callsTo('views.open').length;
    await d.press(userId, action, c.id, opts);
    expect(d.replies().slice(replies).map((r) => r.args)).toEqual([expect.objectContaining({ response_type: 'ephemeral', replace_original: false, text })]);
    expect(h.standIn.callsTo('views.open')).toHaveLength(modals);
    expect(await d.snapshot(c.id)).toEqual(before);
  }

  const handlerSteps: ButtonAction[] = ['request_info', 'add_note', 'propose_solution', 'request_rejection', 'request_handover', 'request_extension'];

  it.each([
    ['a stranger', 'USTRANGER'],
    ['a supervisor (reads everything, acts on nothing)', 'USUP1'],
    ['the filer', 'UFILER'],
    ['another leader', 'ULEAD2'],
  ])('refuses %s every handler step, saying who may, before any modal opens', async (_who, userId) => {
    for (const action of handlerSteps) await expectRefused(userId, action, HANDLERS_ONLY);
  });

  it('refuses another member of the group who is not the owner, from the menu too', async () => {
    await expectRefused(otherMember(), 'add_note', HANDLERS_ONLY);
    await expectRefused(otherMember(), 'request_handover', HANDLERS_ONLY, { overflow: true });
  });

  it('a stale button (the complaint has moved on) gets a polite ephemeral and changes nothing', async () => {
    await expectRefused(c.ownerId, 'resolve', STALE); // no solution proposed yet
    await expectRefused(c.ownerId, 'answer_info', STALE); // nobody was asked anything
    await expectRefused('UFILER', 'withdraw', STALE); // accepted already
    await expectRefused('UFILER', 'reopen', STALE); // not resolved
    // A stale button is stale whoever presses it: the state is checked first.
    await expectRefused('USTRANGER', 'start_investigation', STALE);
    await d.act(c.ownerId, 'propose_solution', c.id, { text: 'Refund.' });
    await expectRefused(c.ownerId, 'propose_solution', STALE); // proposed already
    await expectRefused(c.ownerId, 'request_rejection', STALE, { overflow: true });
  });

  it('withdrawing is the filer’s, reopening the filer’s or the leader’s', async () => {
    const fresh = await d.file({ title: 'Second' });
    const before = await d.snapshot(fresh.id);
    const replies = d.replies().length;
    await d.press(fresh.ownerId, 'withdraw', fresh.id);
    await d.press('ULEAD1', 'withdraw', fresh.id);
    expect(d.replies().slice(replies).map((r) => r.args.text)).toEqual(Array(2).fill('Only the person who filed it can do that on PLG-2026-000002.'));
    expect(await d.snapshot(fresh.id)).toEqual(before);

    await d.act(c.ownerId, 'propose_solution', c.id, { text: 'Refund.' });
    await d.act(c.ownerId, 'resolve', c.id, { text: 'Refunded.', basis: 'Duplicate.' });
    await expectRefused(c.ownerId, 'reopen', 'Only the person who filed it or the group leader can do that on PLG-2026-000001.');
  });

  it('a modal submitted after the complaint moved on is refused in the modal, and changes nothing', async () => {
    const view = await d.openModal(c.ownerId, 'propose_solution', c.id);
    // Meanwhile the leader proposes a solution from the card.
    await d.act('ULEAD1', 'propose_solution', c.id, { text: 'Refund by the leader.' });
    const before = await d.snapshot(c.id);
    expect(await d.submit(c.ownerId, view, { text: 'Refund by the owner.' })).toEqual({ status: 200, errors: { [ACTION_FIELD.text.block]: STALE } });
    expect(await d.snapshot(c.id)).toEqual(before);
    expect((await h.db.prisma.complaint.findUniqueOrThrow({ where: { id: c.id } })).solution).toBe('Refund by the leader.');
  });

  it('a modal submitted by someone else (forged or shared) is refused: its metadata was sealed for the one it was opened for', async () => {
    const view = await d.openModal(c.ownerId, 'propose_solution', c.id);
    const before = await d.snapshot(c.id);
    expect(await d.submit('USTRANGER', view, { text: 'Mine now.' })).toEqual({ status: 200, errors: { [ACTION_FIELD.text.block]: NOT_SEALED } });
    expect(await d.submit('USUP1', view, { text: 'Mine now.' })).toEqual({ status: 200, errors: { [ACTION_FIELD.text.block]: NOT_SEALED } });
    expect(await d.snapshot(c.id)).toEqual(before);
  });

  it.each([
    // Anything not sealed by Pledge stops before the parser (src/slack/sealed-metadata.ts).
    ['not JSON', 'drop table complaints;--', NOT_SEALED],
    ['an action without a modal', JSON.stringify({ a: 'start_investigation', id: '7f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b' }), NOT_SEALED],
    ['an approval-only action', JSON.stringify({ a: 'reject', id: '7f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b' }), NOT_SEALED],
    ['an id that is not an id', JSON.stringify({ a: 'add_note', id: "' OR 1=1" }), NOT_SEALED],
    ['a complaint that does not exist', JSON.stringify({ a: 'add_note', id: '7f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b' }), NOT_SEALED],
    ['nothing', '', INVALID],
  ])('forged modal metadata (%s) is harmless', async (_what, metadata, message) => {
    const before = await d.snapshot(c.id);
    expect(await d.submit(c.ownerId, { metadata }, { text: 'hello' })).toEqual({ status: 200, errors: { [ACTION_FIELD.text.block]: message } });
    expect(await d.snapshot(c.id)).toEqual(before);
  });

  it.each([
    ['garbage', 'drop table complaints;--', INVALID],
    ['an unknown step', 'archive:ID', INVALID],
    ['an approval-only step', 'hand_over:ID', INVALID],
    ['no id', 'add_note:', INVALID],
    ['a complaint that does not exist', 'add_note:7f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b', NOT_FOUND],
  ])('forged button values (%s) are answered with a clean ephemeral', async (_what, value, message) => {
    await expectRefused(c.ownerId, 'add_note', message, { value: value.replace('ID', c.id) });
  });

  it('a press with no value at all is answered too', async () => {
    await expectRefused(c.ownerId, 'add_note', INVALID, { overflow: true, value: '' });
  });
});
