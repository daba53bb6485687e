/**
 * Less noise (issue 11, point 9), over signed HTTP into the real Bolt app with the sweep at
 * injected instants, on both databases: a warning reaches the handler once, an escalation's
 * decision reaches the old handler as one DM in plain words, and a reassignment posts one
 * thread line in words.
 */
import type { ModalView } from '@slack/types';
import { expect, it } from 'vitest';
import { ESCALATION_APPROVE_ACTION, ESCALATION_DECLINE_ACTION, ESCALATION_REASSIGN_ACTION } from '../../src/slack/ids';
import { describeEachDb } from '../support/db';
import { Driver, type Filed } from '../support/lifecycle-driver';
import { useHarness } from '../support/pledge-harness';
import { inputValue } from '../support/signed-requests';
import { withoutDates } from '../support/message-text';

const at = (local: string) => new Date(`${local}+08:00`);
const ASK_TS = '1700000000.004200';

describeEachDb('less noise', (getDb) => {
  const h = useHarness(getDb); // Monday 30 Nov, 10:00 in Shanghai
  const d = new Driver(h, h.settle);

  const sweepAt = (local: string) => d.sweepAt(at(local));
  /** Every message that reaches `userId`: their DMs, and mentions of them in the complaint's thread. */
  const reaching = (c: Filed, userId: string) => [
    ...d.dmsTo(userId).map((p) => `DM: ${withoutDates(String(p.args.text))}`),
    ...d.threadPosts(c).filter((p) => String(p.args.text).includes(`<@${userId}>`)).map((p) => `thread: ${withoutDates(String(p.args.text))}`),
  ];
  const since = <T>(list: T[], before: number) => list.slice(before);

  it('each warning and the breach reach the handler once, in a DM (an urgent complaint at night)', async () => {
    h.clock.set(at('2026-12-01T23:00:00'));
    const urgent = await d.file({ priority: 'urgent' });
    await d.deliverThread(urgent);
    let before = reaching(urgent, urgent.ownerId).length;
    await sweepAt('2026-12-01T23:15:00'); // half of the 30 minutes, at night: urgent acts at once
    expect(since(reaching(urgent, urgent.ownerId), before)).toEqual(['DM: PLG-2026-000001 · Reminder: Accept is due Tue 1 Dec, 23:30 (GMT+8), 15 min left.']);
    // The thread still records the reminder, without calling the handler a second time.
    expect((await d.deliverThread(urgent)).map(withoutDates)).toEqual(['Reminder sent to the handler: Accept is due Tue 1 Dec, 23:30 (GMT+8), 15 min left.']);

    before = reaching(urgent, urgent.ownerId).length;
    await sweepAt('2026-12-01T23:31:00');
    expect(since(reaching(urgent, urgent.ownerId), before)).toEqual(['DM: PLG-2026-000001 · The Accept time limit passed at Tue 1 Dec, 23:30 (GMT+8). Please act now; <@ULEAD1> has been told.']);
  });

  let c: Filed;
  let escalationId: string;
  const escalated = async () => {
    c = await d.file();
    await sweepAt('2026-12-01T09:00:00');
    escalationId = (await h.db.prisma.escalation.findFirstOrThrow({ where: { complaintId: c.id, decision: null } })).id;
    await d.deliverThread(c);
  };
  const choose = async (actionId: string): Promise<ModalView> => {
    await d.pressInDm('ULEAD1', actionId, escalationId, 'DULEAD1', ASK_TS);
    return d.lastModal();
  };
  const other = () => (c.ownerId === 'UOWN1' ? 'UOWN2' : 'UOWN1');

  it('the leader takes it over: the old handler gets one DM in plain words, the thread one line', async () => {
    await escalated();
    const before = d.dmsTo(c.ownerId).length;
    expect(await d.submitOpened('ULEAD1', await choose(ESCALATION_APPROVE_ACTION), { take: inputValue.radio('self'), note: 'I will call the customer today.' })).toEqual({ status: 200, errors: undefined });
    const thread = await d.deliverThread(c);
    expect(since(d.dmsTo(c.ownerId), before).map((p) => String(p.args.text))).toEqual([
      'PLG-2026-000001 · <@ULEAD1> took this complaint over from you; nothing more is needed from you.\n>I will call the customer today.',
    ]);
    expect(thread).toEqual([`<@ULEAD1> took the complaint over from <@${c.ownerId}> on escalation; the first contact stays on record.\n>I will call the customer today.`]);
  });

  it('a reassignment: one thread line in words, never the internal "escalation level 1"; one DM to the old handler', async () => {
    await escalated();
    const before = d.dmsTo(c.ownerId).length;
    expect(await d.submitOpened('ULEAD1', await choose(ESCALATION_REASSIGN_ACTION), { to: inputValue.user(other()), note: 'Balancing the load.' })).toEqual({ status: 200, errors: undefined });
    const thread = await d.deliverThread(c);
    expect(thread).toEqual([`<@ULEAD1> handed the complaint over from <@${c.ownerId}> to <@${other()}> on escalation; the first contact stays on record.\n>Balancing the load.`]);
    expect(since(d.dmsTo(c.ownerId), before).map((p) => String(p.args.text))).toEqual([
      `PLG-2026-000001 · <@ULEAD1> handed this complaint over from you to <@${other()}>; nothing more is needed from you.\n>Balancing the load.`,
    ]);
  });

  it('declined, it stays with the handler: one DM that says so without the jargon', async () => {
    await escalated();
    const before = d.dmsTo(c.ownerId).length;
    expect(await d.submitOpened('ULEAD1', await choose(ESCALATION_DECLINE_ACTION), { text: 'The handler accepts it within the hour.' })).toEqual({ status: 200, errors: undefined });
    await h.deliver();
    const dms = since(d.dmsTo(c.ownerId), before).map((p) => String(p.args.text));
    expect(dms).toEqual(['PLG-2026-000001 · <@ULEAD1> looked into this complaint’s time limit and leaves it with you; carry on as before.\n>The handler accepts it within the hour.']);
  });
});
