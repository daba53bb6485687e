/**
 * Requests always settle (issue 10, points 3 and 4): a second request waits its turn, naming whom
 * the first waits for; the answered handover DM keeps who the complaint was handed from.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { ACTION_FIELD, APPROVE_ACTION, DECLINE_ACTION } from '../../src/slack/ids';
import { describeEachDb } from '../support/db';
import { Driver, type Filed } from '../support/lifecycle-driver';
import { useHarness, zhConfig } from '../support/pledge-harness';
import { inputValue } from '../support/signed-requests';

describeEachDb('requests always settle', (getDb) => {
  let c: Filed;
  const h = useHarness(getDb);
  const d = new Driver(h, h.settle);
  const other = () => (c.ownerId === 'UOWN1' ? 'UOWN2' : 'UOWN1');

  beforeEach(async () => {
    c = await d.investigating();
  });


  describe('one request at a time', () => {
    it('a second request while one waits is refused by naming whom it waits for, and nothing changes', async () => {
      // Modals opened before the first request was sent: refused when submitted (the guard).
      const again = await d.openModal(c.ownerId, 'request_rejection', c.id);
      const handover = await d.openModal(c.ownerId, 'request_handover', c.id);
      await d.act(c.ownerId, 'request_rejection', c.id, { text: 'Charged as agreed.' });
      const before = await d.snapshot(c.id);
      const waiting = 'A request on PLG-2026-000001 is already waiting for ulead1; it must be answered first.';

      expect(await d.submit(c.ownerId, again, { text: 'Again.' })).toEqual({ status: 200, errors: { [ACTION_FIELD.text.block]: waiting } });
      expect(await d.submit(c.ownerId, handover, { to: inputValue.user(other()), text: 'On leave.' })).toEqual({
        status: 200,
        errors: { [ACTION_FIELD.to.block]: waiting },
      });
      // Pressed now, the steps say so before a modal opens: nothing to type that would be refused.
      const modals = h.standIn.callsTo('views.open').length;
      await d.press(c.ownerId, 'request_rejection', c.id);
      await d.press(c.ownerId, 'request_handover', c.id);
      expect(h.standIn.callsTo('views.open')).toHaveLength(modals);
      expect(d.replies().slice(-2).map((r) => r.args.text)).toEqual(Array(2).fill('A request on PLG-2026-000001 is already waiting for <@ULEAD1>; it must be answered first.'));
      expect(await d.snapshot(c.id)).toEqual(before);
    });
  });

  describe('the answered handover DM', () => {
    it('keeps who the complaint was handed from', async () => {
      await d.act(c.ownerId, 'request_handover', c.id, { to: inputValue.user(other()), text: 'On leave.' });
      const approval = await d.pendingApproval(c.id, 'handover');
      expect(approval.payload).toEqual({ fromOwnerId: c.ownerId, toOwnerId: other(), reason: 'On leave.' });
      const asked = await d.askedIn('ULEAD1', APPROVE_ACTION);
      expect(JSON.stringify(d.dmsTo('ULEAD1').at(-1)!.args.blocks)).toContain(`over from <@${c.ownerId}> to <@${other()}>`);

      await d.answerRequest('ULEAD1', APPROVE_ACTION, approval.id, asked.channel, asked.ts);
      const answered = JSON.stringify(d.updatesOf(asked).at(-1)?.args.blocks);
      expect(answered).toContain(`over from <@${c.ownerId}> to <@${other()}>`);
      expect(answered).toContain('Approved by <@ULEAD1>');
    });

    it('a decline keeps it too', async () => {
      await d.act(c.ownerId, 'request_handover', c.id, { to: inputValue.user(other()), text: 'On leave.' });
      const approval = await d.pendingApproval(c.id, 'handover');
      const asked = await d.askedIn('ULEAD1', DECLINE_ACTION);
      await d.answerRequest('ULEAD1', DECLINE_ACTION, approval.id, asked.channel, asked.ts);
      const metadata = (h.standIn.callsTo('views.open').at(-1)!.args.view as { private_metadata: string }).private_metadata;
      expect(await d.submitDecline('ULEAD1', metadata, 'Everyone is busy.')).toEqual({ status: 200, errors: undefined });
      expect(JSON.stringify(d.updatesOf(asked).at(-1)?.args.blocks)).toContain(`over from <@${c.ownerId}> to <@${other()}>`);
    });
  });
});

describeEachDb('requests always settle, in zh-CN', (getDb) => {
  const h = useHarness(getDb, async () => ({ config: await zhConfig() }));
  const d = new Driver(h, h.settle);

  it('a second request names whom the first waits for', async () => {
    const c = await d.file();
    await d.accept(c.ownerId, c);
    await d.press(c.ownerId, 'start_investigation', c.id);
    // A modal opened before the first request was sent is refused when submitted.
    const view = await d.openModal(c.ownerId, 'request_rejection', c.id);
    await d.act(c.ownerId, 'request_rejection', c.id, { text: '按合同收费。' });
    expect(await d.submit(c.ownerId, view, { text: '再次申请。' })).toEqual({
      status: 200,
      errors: { [ACTION_FIELD.text.block]: 'PLG-2026-000001 已有一项申请在等待 ulead1 答复，须先答复该申请。' },
    });
    // Pressed now, the step says so before a modal opens.
    await d.press(c.ownerId, 'request_rejection', c.id);
    expect(d.replies().at(-1)?.args.text).toBe('PLG-2026-000001 已有一项申请在等待 <@ULEAD1> 答复，须先答复该申请。');
  });
});
