/**
 * The channel card tells the truth (issue 10, point 5): every change to what it shows updates
 * it in place, through the outbox, whoever or whatever made the change.
 */
import { expect, it } from 'vitest';
import { ACCEPT_ACTION, DECLINE_ACTION } from '../../src/slack/ids';
import { describeEachDb } from '../support/db';
import { Driver } from '../support/lifecycle-driver';
import { useHarness } from '../support/pledge-harness';
import type { RecordedCall } from '../support/slack-stand-in';

/** The card's text as a person reads it: every text in its blocks, joined. */
function cardText(call: RecordedCall | undefined): string {
  expect(call, 'a card update').toBeDefined();
  const texts: string[] = [];
  JSON.stringify(call!.args.blocks, (key, value: unknown) => {
    if (key === 'text' && typeof value === 'string') texts.push(value);
    return value;
  });
  return texts.join('\n');
}

describeEachDb('the channel card tells the truth', (getDb) => {
  const h = useHarness(getDb);
  const d = new Driver(h, h.settle);
  const lastCard = (rootMessageId: string) => d.cardUpdates({ rootMessageId }).at(-1);

  it('a major complaint: once the report is with the leader, the card says what is due next, as show does', async () => {
    const c = await d.file({ priority: 'major' });
    const met = await h.db.prisma.deadline.findFirstOrThrow({ where: { complaintId: c.id, stage: 'report_to_leader' } });
    expect(met.metAt).toEqual(h.clock.now());
    await h.deliver();
    const card = cardText(lastCard(c.rootMessageId));
    expect(card).not.toContain('Report to the leader by');
    expect(card).toContain('Accept by');
    // `show` reads the same record.
    await h.command(`show ${c.reference}`, 'ULEAD1');
    await h.settle();
    const shown = JSON.stringify(h.standIn.callsTo('response_url').at(-1)!.args);
    expect(shown).toContain('Accept by');
    expect(shown).not.toContain('Report to the leader by');
  });

  it('a waiting request shows on the card until it is answered', async () => {
    const c = await d.file();
    await d.accept(c.ownerId, c);
    await d.press(c.ownerId, 'start_investigation', c.id);
    await d.act(c.ownerId, 'request_rejection', c.id, { text: 'Charged as agreed in the signed contract.' });
    await h.deliver();
    expect(cardText(lastCard(c.rootMessageId))).toContain('waiting for <@ULEAD1>: rejection');

    const approval = await d.pendingApproval(c.id, 'rejection');
    await d.answerRequest('ULEAD1', DECLINE_ACTION, approval.id, 'DULEAD1', '1700000000.001234');
    const opened = h.standIn.callsTo('views.open').at(-1)!.args.view as { private_metadata: string };
    expect(await d.submitDecline('ULEAD1', opened.private_metadata, 'Look into the contract first.')).toEqual({ status: 200, errors: undefined });
    await h.deliver();
    const card = cardText(lastCard(c.rootMessageId));
    expect(card).not.toContain('waiting for');
    expect(card).toContain('Investigating');
  });

  it('a reopened complaint no longer shows the old solution and result as current; the record keeps them', async () => {
    const c = await d.file();
    await d.accept(c.ownerId, c);
    await d.press(c.ownerId, 'start_investigation', c.id);
    await d.act(c.ownerId, 'propose_solution', c.id, { text: 'Refund the second charge.' });
    await d.act(c.ownerId, 'resolve', c.id, { text: 'Refunded on 30 Nov.', basis: 'Bank statement.' });
    await h.deliver();
    expect(cardText(lastCard(c.rootMessageId))).toContain('Refunded on 30 Nov.');

    await d.act('UFILER', 'reopen', c.id, { text: 'The refund never arrived.' });
    await h.deliver();
    const card = cardText(lastCard(c.rootMessageId));
    expect(card).toContain('Investigating');
    expect(card).not.toContain('Refund the second charge.');
    expect(card).not.toContain('Refunded on 30 Nov.');
    await h.command(`show ${c.reference}`, 'UFILER');
    await h.settle();
    const shown = JSON.stringify(h.standIn.callsTo('response_url').at(-1)!.args);
    expect(shown).not.toContain('Refunded on 30 Nov.');
    // What was proposed and reported before stays on record, with the reopening that set it aside.
    const reopened = await h.db.prisma.event.findFirstOrThrow({ where: { complaintId: c.id, type: 'complaint.reopened' } });
    expect(reopened.payload).toMatchObject({
      reason: 'The refund never arrived.',
      previous: { solution: 'Refund the second charge.', result: 'Refunded on 30 Nov.', resultBasis: 'Bank statement.' },
    });
  });

  it("the handler's DM loses its Accept button once someone accepted, and a late press there is answered", async () => {
    const c = await d.file();
    const dm = d.dmsTo(c.ownerId).find((p) => JSON.stringify(p.args.blocks).includes(ACCEPT_ACTION));
    expect(dm, "the handler's DM offers Accept").toBeDefined();
    const where = dm!.response.body as { channel: string; ts: string };

    await d.accept('ULEAD1', c);
    await h.deliver();
    const updated = d.updatesOf(where);
    expect(updated).toHaveLength(1);
    const blocks = JSON.stringify(updated[0]!.args.blocks);
    expect(blocks).not.toContain(ACCEPT_ACTION);
    expect(blocks).toContain(`"value":"start_investigation:${c.id}"`);
    expect(cardText(updated[0])).toContain('Accepted by <@ULEAD1> at');

    // A press on the DM as it was before the update reached the handler.
    await d.pressInDm(c.ownerId, ACCEPT_ACTION, c.id, where.channel, where.ts);
    expect(d.replies().map((r) => [r.args.response_type, r.args.replace_original, r.args.text])).toEqual([
      ['ephemeral', false, expect.stringMatching(/^PLG-2026-000001 was already accepted by <@ULEAD1> at <!date\^\d+\^[^|]+\|Mon 30 Nov, 10:00 \(GMT\+8\)>; you handle it\.$/)],
    ]);
    expect((await d.eventTypes(c.id)).filter((t) => t === 'complaint.accepted')).toHaveLength(1);
  });

  it('the leader reopens a resolved complaint from its card (issue 10, point 6)', async () => {
    const c = await d.file();
    await d.accept(c.ownerId, c);
    await d.press(c.ownerId, 'start_investigation', c.id);
    await d.act(c.ownerId, 'propose_solution', c.id, { text: 'Refund the second charge.' });
    await d.act(c.ownerId, 'resolve', c.id, { text: 'Refunded on 30 Nov.', basis: 'Bank statement.' });
    await h.deliver();
    expect(JSON.stringify(lastCard(c.rootMessageId)!.args.blocks)).toContain(`"value":"reopen:${c.id}"`);

    await d.act('ULEAD1', 'reopen', c.id, { text: 'The customer called again: no refund yet.' });
    expect(await d.status(c.id)).toBe('investigating');
    expect((await d.eventTypes(c.id)).at(-1)).toBe('complaint.reopened');
    await h.deliver();
    expect(JSON.stringify(lastCard(c.rootMessageId)!.args.blocks)).not.toContain(`"value":"reopen:${c.id}"`);
  });
});
