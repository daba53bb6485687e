/**
 * `/complaint stats`, `/complaint history` and "Reveal contact" over signed HTTP into the real
 * Bolt app: each answer private, scoped to the caller, refusals that name who may or that read
 * as "not found", the chart uploaded to the caller's DM, and every reveal audited.
 */
import { expect, it } from 'vitest';
import type { SlackMessage } from '../../src/slack/blocks/common';
import { CONTACT_ACTIONS_BLOCK, REVEAL_CONTACT_ACTION } from '../../src/slack/ids';
import { privateReply } from '../support/command-reply';
import { describeEachDb } from '../support/db';
import { complaintSubmission, type DraftValues, useHarness } from '../support/pledge-harness';
import { PNG_SIGNATURE, pngSize } from '../support/png';
import { blockActionPayload } from '../support/signed-requests';
import type { RecordedCall } from '../support/slack-stand-in';
import { assertMessageLimits, mrkdwnTexts } from '../unit/slack-limits';
import { withoutDates } from '../support/message-text';

const NOT_FOUND = "That complaint doesn't exist, or you can't see it.";
const CUSTOMER = { customerName: 'Li Lei', customerContact: '13812345678' };
const asMessage = (call: RecordedCall) => call.args as unknown as SlackMessage;

describeEachDb('stats, history and contact reveal in Slack', (getDb) => {
  const h = useHarness(getDb);
  const settle = h.settle;

  async function file(values: DraftValues = {}, filerId = 'UFILER') {
    expect((await h.interact(complaintSubmission(filerId, values))).status).toBe(200);
    await h.deliver();
    return h.db.prisma.complaint.findFirstOrThrow({ orderBy: { seq: 'desc' } });
  }

  const reply = (text: string, userId: string) => privateReply(h, text, userId);

  it('stats: supervisors see every group, leaders theirs, others what they filed or own', async () => {
    const a = await file({ title: 'A' });
    await file({ title: 'B', category: 'refunds' });
    await file({ title: 'C', category: 'service' }, 'UOWN1');
    await h.pledge.services.acceptComplaint({ complaintId: a.id, actorId: a.ownerId });

    const all = await reply('stats', 'USUP1');
    expect(all.args.text).toBe('Complaint statistics for 2026-11');
    assertMessageLimits(asMessage(all));
    const allText = mrkdwnTexts(asMessage(all));
    expect(allText).toContain('All groups.');
    expect(allText).toContain('*Complaints*\n3');
    expect(allText).toContain('*Billing*: 2 complaints');
    expect(allText).toContain('*Service*: 1 complaints');
    expect(allText).toContain('Add `chart`');

    const leader = mrkdwnTexts(asMessage(await reply('stats', 'ULEAD2')));
    expect(leader).toContain('Groups you lead (Service) and complaints you filed or own.');
    expect(leader).toContain('*Complaints*\n1');
    expect(leader).not.toContain('Billing');

    // UOWN1 filed C and may own A or B: exactly those, whatever their groups.
    const mine = await h.db.prisma.complaint.count({ where: { OR: [{ filerId: 'UOWN1' }, { ownerId: 'UOWN1' }] } });
    const member = await reply('stats week', 'UOWN1');
    expect(member.args.text).toBe('Complaint statistics for 2026-W49');
    expect(mrkdwnTexts(asMessage(member))).toContain(`Complaints you filed or own.`);
    expect(mrkdwnTexts(asMessage(member))).toContain(`*Complaints*\n${mine}`);

    expect(mrkdwnTexts(asMessage(await reply('stats quarter', 'USTRANGER')))).toContain('No complaints were filed in this period.');
    expect(h.standIn.callsTo('files.getUploadURLExternal')).toHaveLength(0);
  });

  it('stats chart: the weekly PNG goes to the caller\'s DM through files.uploadV2', async () => {
    await file({ title: 'A' });
    const answer = await reply('stats quarter chart', 'USUP1');
    expect(answer.args.text).toBe('Complaint statistics for 2026-Q4');
    expect(mrkdwnTexts(asMessage(answer))).toContain('The weekly chart is on its way to your direct messages with Pledge.');

    expect(h.standIn.callsTo('conversations.open').map((c) => c.args.users)).toEqual(['USUP1']);
    const [asked] = h.standIn.callsTo('files.getUploadURLExternal');
    expect(asked!.args).toMatchObject({ filename: 'pledge-2026-Q4.png' });
    const [upload] = h.standIn.callsTo('upload_url');
    const png = Buffer.from(String(upload!.args.base64), 'base64');
    expect(png.subarray(0, 8)).toEqual(PNG_SIGNATURE);
    expect(pngSize(png)).toEqual({ width: 900, height: 500 });
    const [complete] = h.standIn.callsTo('files.completeUploadExternal');
    expect(complete!.args.channel_id).toBe('DUSUP1');
    expect(complete!.args.files).toEqual([{ id: upload!.args.file_id, title: 'On time by week, 2026-Q4' }]);
  });

  it('history: every step in words, no free text, for those who may see the complaint', async () => {
    const c = await file(CUSTOMER);
    await h.pledge.services.acceptComplaint({ complaintId: c.id, actorId: c.ownerId });
    await h.pledge.services.addNote({ complaintId: c.id, actorId: c.ownerId, note: 'Called Li Lei on 13812345678', toComplainant: false, requestKey: 'note-1' });

    const filer = await reply(`history ${c.reference.toLowerCase()}`, 'UFILER');
    expect(filer.args.text).toBe(`History of ${c.reference}`);
    assertMessageLimits(asMessage(filer));
    const text = mrkdwnTexts(asMessage(filer));
    expect(withoutDates(text)).toContain(`Mon 30 Nov, 10:00 (GMT+8) · <@UFILER> filed the complaint (Normal, billing); <@${c.ownerId}> handles it.`);
    expect(withoutDates(text)).toContain(`Mon 30 Nov, 10:00 (GMT+8) · <@${c.ownerId}> accepted it.`);
    expect(text).toContain(`<@${c.ownerId}> added a progress note.`);
    expect(JSON.stringify(filer.args)).not.toMatch(/13812345678|Li Lei/);
    expect((await reply(`history ${c.reference}`, 'ULEAD1')).args.text).toBe(`History of ${c.reference}`);

    for (const stranger of ['USTRANGER', 'ULEAD2']) {
      const hidden = await reply(`history ${c.reference}`, stranger);
      const missing = await reply('history PLG-2026-999999', stranger);
      expect(hidden.args.text).toBe(NOT_FOUND);
      const { _path: _a, ...hiddenBody } = hidden.args;
      const { _path: _b, ...missingBody } = missing.args;
      expect(hiddenBody).toEqual(missingBody);
    }
  });

  async function press(userId: string, complaintId: string, rootMessageId: string): Promise<RecordedCall> {
    const before = h.standIn.callsTo('response_url').length;
    const payload = blockActionPayload({
      actionId: REVEAL_CONTACT_ACTION,
      blockId: CONTACT_ACTIONS_BLOCK,
      value: complaintId,
      userId,
      channelId: 'CBILLING',
      messageTs: rootMessageId,
      responseUrl: h.standIn.responseUrl(`reveal-${userId}`),
    });
    expect((await h.interact(payload)).status).toBe(200);
    await settle();
    const replies = h.standIn.callsTo('response_url').slice(before);
    expect(replies).toHaveLength(1);
    return replies[0]!;
  }

  const reveals = (complaintId: string) => h.db.prisma.event.findMany({ where: { complaintId, type: 'contact.revealed' }, orderBy: { id: 'asc' } });

  it('reveal: owner, leader and supervisors see the contact privately, each reveal audited; others are refused', async () => {
    const c = await file(CUSTOMER);
    const card = h.standIn.callsTo('chat.postMessage').find((p) => p.args.channel === 'CBILLING' && !p.args.thread_ts)!;
    expect(JSON.stringify(card.args.blocks)).toContain(`{"type":"button","action_id":"${REVEAL_CONTACT_ACTION}","text":{"type":"plain_text","text":"Reveal contact","emoji":true},"value":"${c.id}"}`);
    expect(JSON.stringify(card.args)).not.toContain('13812345678');

    for (const who of [c.ownerId, 'ULEAD1', 'USUP1']) {
      const answer = await press(who, c.id, c.rootMessageId!);
      expect(answer.args).toMatchObject({ response_type: 'ephemeral', replace_original: false, text: `Customer contact for ${c.reference}` });
      expect(mrkdwnTexts(asMessage(answer))).toContain(`*${c.reference}*: Li Lei, 13812345678.`);
    }
    expect((await reveals(c.id)).map((e) => e.actorId)).toEqual([c.ownerId, 'ULEAD1', 'USUP1']);

    const otherMember = c.ownerId === 'UOWN1' ? 'UOWN2' : 'UOWN1';
    for (const who of [otherMember, 'UFILER']) {
      const refused = await press(who, c.id, c.rootMessageId!);
      expect(refused.args).toMatchObject({
        response_type: 'ephemeral',
        replace_original: false,
        text: `Only the complaint's handler, the group leader or a supervisor can reveal the customer's contact on ${c.reference}.`,
      });
      expect(JSON.stringify(refused.args)).not.toContain('13812345678');
    }
    const stranger = await press('USTRANGER', c.id, c.rootMessageId!);
    expect(stranger.args.text).toBe(NOT_FOUND);
    expect(await reveals(c.id)).toHaveLength(3);
  });

  it('reveal: offered on the detail view too, and not at all without a customer contact', async () => {
    const c = await file(CUSTOMER);
    const show = await reply(`show ${c.reference}`, c.ownerId);
    expect(JSON.stringify(show.args.blocks)).toContain(`"action_id":"${REVEAL_CONTACT_ACTION}"`);
    const plain = await file({ title: 'No customer' });
    const card = h.standIn.callsTo('chat.postMessage').find((p) => p.args.channel === 'CBILLING' && !p.args.thread_ts && String(p.args.text).includes('No customer'))!;
    expect(JSON.stringify(card.args.blocks)).not.toContain(REVEAL_CONTACT_ACTION);
    // A forged press on it reveals nothing and records nothing.
    expect((await press(plain.ownerId, plain.id, plain.rootMessageId!)).args.text).toBe(`Customer contact for ${plain.reference}`);
    expect(await reveals(plain.id)).toHaveLength(0);
  });
});
