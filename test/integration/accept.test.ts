import { beforeEach, expect, it } from 'vitest';
import { ACCEPT_ACTION, CARD_ACTIONS_BLOCK } from '../../src/slack/ids';
import { describeEachDb } from '../support/db';
import { complaintSubmission, useHarness } from '../support/pledge-harness';
import { blockActionPayload } from '../support/signed-requests';

/** Says who may: the refusal names the roles the lifecycle table allows. */
const NOT_ALLOWED = "Only the complaint's handler or the group leader can do that on PLG-2026-000001.";

describeEachDb('accepting a complaint through Slack', (getDb) => {
  let complaint: { id: string; ownerId: string; rootMessageId: string };

  const h = useHarness(getDb);
  const settle = h.settle;

  beforeEach(async () => {
    // A filed complaint whose card is already in the group channel.
    const filed = await h.interact(complaintSubmission('UFILER', { customerName: 'Li Lei', customerContact: '13812345678' }));
    expect(filed.status).toBe(200);
    await h.deliver();
    const row = await h.db.prisma.complaint.findFirstOrThrow();
    expect(row.channelId).toBe('CBILLING');
    complaint = { id: row.id, ownerId: row.ownerId, rootMessageId: row.rootMessageId! };
    h.standIn.reset();
  });

  // null sends a button without any value (a default parameter would swallow `undefined`).
  const acceptPayload = (userId: string, value: string | null = complaint.id) =>
    blockActionPayload({
      actionId: ACCEPT_ACTION,
      blockId: CARD_ACTIONS_BLOCK,
      value: value ?? undefined,
      userId,
      channelId: 'CBILLING',
      messageTs: complaint.rootMessageId,
      responseUrl: h.standIn.responseUrl('accept'),
    });
  const pressAccept = (userId: string, value?: string | null) => h.interact(acceptPayload(userId, value));

  /** What must not move when an accept is refused. */
  async function snapshot() {
    const { prisma } = h.db;
    const row = await prisma.complaint.findUniqueOrThrow({ where: { id: complaint.id } });
    const deadline = await prisma.deadline.findFirstOrThrow({ where: { complaintId: complaint.id, stage: 'acknowledge' } });
    return {
      status: row.status,
      firstContactId: row.firstContactId,
      acceptedAt: row.acceptedAt,
      ackMetAt: deadline.metAt,
      events: await prisma.event.count(),
      notifications: await prisma.notification.count(),
    };
  }

  async function expectAcceptedBy(actor: string) {
    const now = h.clock.now();
    const row = await h.db.prisma.complaint.findUniqueOrThrow({ where: { id: complaint.id } });
    expect(row.status).toBe('accepted');
    // Registered for an outside customer: the member who registered it is the first contact, whoever accepts.
    expect(row.firstContactId).toBe('UFILER');
    expect(row.acceptedById).toBe(actor);
    expect(row.acceptedAt).toEqual(now);
    expect(row.ownerId).toBe(complaint.ownerId); // the leader accepts for the owner, not instead of them
    const deadline = await h.db.prisma.deadline.findFirstOrThrow({ where: { complaintId: complaint.id, stage: 'acknowledge' } });
    expect(deadline.metAt).toEqual(now);
    const events = await h.db.prisma.event.findMany({ orderBy: { id: 'asc' } });
    expect(events.map((e) => [e.type, e.actorId])).toEqual([
      ['complaint.filed', 'UFILER'],
      ['complaint.accepted', actor],
    ]);
    expect(events[1]!.prevHash).toBe(events[0]!.hash);

    await h.deliver();
    // The card, and the DM that told the owner (which loses its Accept button too).
    const all = h.standIn.callsTo('chat.update');
    expect(all.map((u) => u.args.channel).sort()).toEqual(['CBILLING', `D${complaint.ownerId}`]);
    expect(JSON.stringify(all.find((u) => u.args.channel !== 'CBILLING')!.args.blocks)).not.toContain(ACCEPT_ACTION);
    const updates = all.filter((u) => u.args.channel === 'CBILLING');
    expect(updates[0]!.args.ts).toBe(complaint.rootMessageId);
    const blocks = JSON.stringify(updates[0]!.args.blocks);
    // Accept is gone; the next steps (start investigating, ...) take its place.
    expect(blocks).not.toContain(ACCEPT_ACTION);
    expect(blocks).toContain(`"value":"start_investigation:${complaint.id}"`);
    expect(blocks).toContain(`Accepted by <@${actor}> at`);
    expect(blocks).toContain('138****5678');
    expect(blocks).not.toContain('13812345678');
    // One line in the complaint's thread, the same news to the first contact, nothing else: no error
    // to the presser, no second root message.
    expect(h.standIn.callsTo('response_url')).toHaveLength(0);
    const sent = h.standIn.callsTo('chat.postMessage');
    const posts = sent.filter((p) => p.args.channel === 'CBILLING');
    expect(sent.filter((p) => p.args.channel !== 'CBILLING').map((p) => p.args.channel)).toEqual(['UFILER']);
    expect(posts).toHaveLength(1);
    expect(posts[0]!.args).toMatchObject({ channel: 'CBILLING', thread_ts: complaint.rootMessageId });
    expect(posts[0]!.args.text).toBe(
      actor === complaint.ownerId ? `<@${actor}> accepted the complaint and handles it.` : `<@${actor}> accepted the complaint; <@${complaint.ownerId}> handles it.`,
    );
  }

  it('the owner accepts: status, acknowledge deadline met, audit event, card updated in place', async () => {
    const res = await pressAccept(complaint.ownerId);
    expect(res.status).toBe(200);
    expect(res.body).toBe('');
    await settle();
    await expectAcceptedBy(complaint.ownerId);
  });

  it('the group leader may accept on the owner’s behalf; the first contact stays the member who registered it', async () => {
    expect(complaint.ownerId).not.toBe('ULEAD1');
    await pressAccept('ULEAD1');
    await settle();
    await expectAcceptedBy('ULEAD1');
  });

  it.each([
    ['a stranger', 'USTRANGER'],
    ['the filer', 'UFILER'],
    ['a supervisor', 'USUP1'],
    ['another leader', 'ULEAD2'],
  ])('refuses %s ephemerally and changes nothing', async (_who, userId) => {
    const before = await snapshot();
    const res = await pressAccept(userId);
    expect(res.status).toBe(200);
    await settle();
    const replies = h.standIn.callsTo('response_url');
    expect(replies).toHaveLength(1);
    expect(replies[0]!.args._path).toBe('/hooks/accept');
    expect(replies[0]!.args).toMatchObject({ response_type: 'ephemeral', replace_original: false, text: NOT_ALLOWED });
    expect(await snapshot()).toEqual(before);
    await h.deliver();
    expect(h.standIn.callsTo('chat.update')).toHaveLength(0);
  });

  it('refuses another member of the group who is not the owner', async () => {
    const otherMember = complaint.ownerId === 'UOWN1' ? 'UOWN2' : 'UOWN1';
    const before = await snapshot();
    await pressAccept(otherMember);
    await settle();
    expect(h.standIn.callsTo('response_url').map((c) => c.args.text)).toEqual([NOT_ALLOWED]);
    expect(await snapshot()).toEqual(before);
  });

  it('a double click and a replay of the same signed request accept exactly once', async () => {
    const opts = { timestamp: Math.floor(Date.now() / 1000) };
    const payload = acceptPayload(complaint.ownerId);
    const clicks = await Promise.all([h.interact(payload, opts), h.interact(payload, opts)]);
    expect(clicks.map((r) => r.status)).toEqual([200, 200]);
    await settle();
    const replay = await h.interact(payload, opts);
    expect(replay.status).toBe(200);
    await settle();

    const accepted = await h.db.prisma.event.findMany({ where: { type: 'complaint.accepted' } });
    expect(accepted).toHaveLength(1);
    expect(await h.db.prisma.notification.count({ where: { kind: 'complaint.refresh' } })).toBe(1);
    await h.deliver();
    expect(h.standIn.callsTo('chat.update').map((u) => u.args.channel).sort()).toEqual(['CBILLING', `D${complaint.ownerId}`]);
    // A second press is not an error: nobody is told off for clicking twice.
    expect(h.standIn.callsTo('response_url')).toHaveLength(0);
    expect((await h.db.prisma.complaint.findUniqueOrThrow({ where: { id: complaint.id } })).acceptedById).toBe(complaint.ownerId);
  });

  it.each([
    ['garbage', 'drop table complaints;--', 'Some of what you entered is not valid. Please check and try again.'],
    ['an empty value', '', 'Some of what you entered is not valid. Please check and try again.'],
    ['JSON instead of an id', JSON.stringify({ id: 'x' }), 'Some of what you entered is not valid. Please check and try again.'],
    ['no value at all', null, 'Some of what you entered is not valid. Please check and try again.'],
    ['a well-formed id of no complaint', '7f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b', "That complaint doesn't exist, or you can't see it."],
  ])('answers a forged button value (%s) with a clean ephemeral error and changes nothing', async (_what, value, message) => {
    const before = await snapshot();
    const res = await pressAccept(complaint.ownerId, value);
    expect(res.status).toBe(200);
    await settle();
    const replies = h.standIn.callsTo('response_url');
    expect(replies).toHaveLength(1);
    expect(replies[0]!.args).toMatchObject({ response_type: 'ephemeral', text: message });
    expect(await snapshot()).toEqual(before);
  });
});
