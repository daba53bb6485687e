import { expect, it } from 'vitest';
import { describeEachDb, type TestDb } from '../support/db';
import { complaintSubmission, useHarness } from '../support/pledge-harness';
import { FILE_COMPLAINT_VIEW, FIELD } from '../../src/slack/ids';

describeEachDb('filing a complaint through Slack', (getDb) => {
  const h = useHarness(getDb);

  it('/complaint with no text acks at once and opens the modal with the trigger id', async () => {
    const res = await h.command('', 'UFILER', { trigger_id: 'trig-123' });
    expect(res.status).toBe(200);
    const open = await h.standIn.waitFor('views.open');
    expect(open.args.trigger_id).toBe('trig-123');
    const view = open.args.view as { callback_id: string; blocks: { block_id?: string; element?: { options?: { value: string }[] } }[] };
    expect(view.callback_id).toBe(FILE_COMPLAINT_VIEW);
    const category = view.blocks.find((b) => b.block_id === FIELD.category.block);
    expect(category?.element?.options?.map((o) => o.value)).toEqual(['billing', 'refunds', 'service']);
  });

  it('answers invalid input inside the modal with field errors and stores nothing', async () => {
    const res = await h.interact(complaintSubmission('UFILER', { title: '', category: 'nonsense', customerContact: 'call me maybe' }));
    expect(res.status).toBe(200);
    const body = res.json() as { response_action: string; errors: Record<string, string> };
    expect(body.response_action).toBe('errors');
    expect(Object.keys(body.errors).sort()).toEqual([FIELD.category.block, FIELD.customerContact.block, FIELD.title.block].sort());
    expect(body.errors[FIELD.title.block]).toMatch(/title/i);
    expect(await h.db.prisma.complaint.count()).toBe(0);
    expect(await h.db.prisma.notification.count()).toBe(0);
  });

  it('rejects an over-long title', async () => {
    const res = await h.interact(complaintSubmission('UFILER', { title: 'x'.repeat(151) }));
    expect((res.json() as { errors: Record<string, string> }).errors[FIELD.title.block]).toMatch(/150/);
    expect(await h.db.prisma.complaint.count()).toBe(0);
  });

  it('files a valid complaint: reference, routing, owner, audit, channel post, owner DM, filer confirmation', async () => {
    const res = await h.interact(
      complaintSubmission('UFILER', { title: 'Charged twice', category: 'refunds', customerName: 'Li Lei', customerContact: '13812345678' }),
    );
    expect(res.status).toBe(200);
    expect(res.body).toBe('');
    await h.settle(); // acked once valid, stored after the ack
    const complaint = await h.db.prisma.complaint.findFirstOrThrow({ include: { contact: true } });
    expect(complaint.reference).toBe('PLG-2026-000001');
    expect(complaint.groupId).toBe('billing');
    expect(['UOWN1', 'UOWN2']).toContain(complaint.ownerId);
    expect(complaint.status).toBe('new');
    expect(complaint.contact?.masked).toBe('138****5678');
    const events = await h.db.prisma.event.findMany();
    expect(events.map((e) => e.type)).toEqual(['complaint.filed']);
    expect(JSON.stringify(events[0]!.payload)).not.toContain('13812345678');
    const deadline = await h.db.prisma.deadline.findFirstOrThrow();
    expect(deadline.dueAt.toISOString()).toBe('2026-12-01T02:00:00.000Z'); // 24 hours later

    await h.deliver();
    const posts = h.standIn.callsTo('chat.postMessage');
    const toChannel = posts.find((c) => c.args.channel === 'CBILLING');
    const toOwner = posts.find((c) => c.args.channel === complaint.ownerId);
    const toFiler = posts.find((c) => c.args.channel === 'UFILER');
    expect(toChannel && toOwner && toFiler).toBeTruthy();
    const channelText = JSON.stringify(toChannel!.args.blocks);
    expect(channelText).toContain('PLG-2026-000001');
    expect(channelText).toContain('138****5678');
    expect(channelText).not.toContain('13812345678');
    expect(channelText).toContain(`<@${complaint.ownerId}>`);
    expect(JSON.stringify(toFiler!.args)).toContain('PLG-2026-000001');
    const stored = await h.db.prisma.complaint.findFirstOrThrow();
    expect(stored.channelId).toBe('CBILLING');
    expect(stored.rootMessageId).toBe(toChannel!.response.body && (toChannel!.response.body as { ts: string }).ts);
  });

  it('never files a submission twice, however often Slack delivers it', async () => {
    const payload = complaintSubmission('UFILER', {}, 'VSAME01');
    const results = await Promise.all([h.interact(payload), h.interact(payload), h.interact(payload)]);
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    await h.settle();
    expect(await h.db.prisma.complaint.count()).toBe(1);
    await h.deliver();
    expect(h.standIn.callsTo('chat.postMessage').filter((c) => c.args.channel === 'CBILLING')).toHaveLength(1);
  });

  it('numbers references sequentially under concurrent submits, and spreads owners evenly', async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => h.interact(complaintSubmission(`UF${i}`, { title: `complaint ${i}` }))),
    );
    expect(results.map((r) => r.status)).toEqual(Array(8).fill(200));
    // Each is stored after its ack; the listener awaits it, so all are done once every request is.
    await h.settle();
    const rows = await h.db.prisma.complaint.findMany({ orderBy: { seq: 'asc' } });
    expect(rows.map((r) => r.reference)).toEqual(Array.from({ length: 8 }, (_, i) => `PLG-2026-${String(i + 1).padStart(6, '0')}`));
    const perOwner = rows.reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.ownerId]: (acc[r.ownerId] ?? 0) + 1 }), {});
    expect(perOwner).toEqual({ UOWN1: 4, UOWN2: 4 }); // UOWN3 is away
  });

  it('closes the modal within Slack\'s 3 seconds when storage is slow, then files it and confirms', async () => {
    // Another transaction holds the database (the group's rotation row) until the modal has its
    // answer. If the answer waited for storage, it would come only when the hold gives up (60 s),
    // after the release: the test waits on events, not on the clock, so a busy machine cannot fail it.
    await h.db.prisma.ownerRotation.create({ data: { groupId: 'billing', lastOwnerId: '' } });
    let locked!: () => void;
    let answered!: () => void;
    const lockTaken = new Promise<void>((r) => (locked = r));
    const answer = new Promise<void>((r) => (answered = r));
    let released = false;
    const holding = h.db.prisma
      .$transaction(
        async (tx) => {
          await tx.$queryRawUnsafe(`SELECT * FROM "OwnerRotation" WHERE "groupId" = 'billing' FOR UPDATE`);
          locked();
          await Promise.race([answer, new Promise((r) => setTimeout(r, 60_000))]);
        },
        { timeout: 90_000 },
      )
      .then(() => (released = true));
    await lockTaken;
    const res = await h.interact(complaintSubmission('UFILER', { title: 'Slow day' }));
    expect(res.status).toBe(200);
    expect(res.body).toBe('');
    expect(released).toBe(false); // answered while the row was still locked
    answered();
    await holding;
    await h.settle(); // the filing the modal's answer did not wait for
    expect((await h.db.prisma.complaint.findFirstOrThrow()).title).toBe('Slow day');
    await h.deliver();
    expect(h.standIn.callsTo('chat.postMessage').some((c) => c.args.channel === 'UFILER' && JSON.stringify(c.args).includes('PLG-2026-000001'))).toBe(true);
  });

  it('acks a valid filing before storing it; when storing then fails, tells the filer once and stores nothing', async () => {
    const payload = complaintSubmission('UFILER', { title: 'Call 13812345678 back' }, 'VFAIL01');
    await refusingComplaints(h.db, async () => {
      const res = await h.interact(payload);
      expect([res.status, res.body]).toEqual([200, '']); // the modal closed: nothing could answer in it now
      const again = await h.interact(payload); // delivered twice (a double click, a retry)
      expect([again.status, again.body]).toEqual([200, '']);
      await h.settle();
      expect(await h.db.prisma.complaint.count()).toBe(0);
      expect(await h.db.prisma.event.count()).toBe(0);
      await h.deliver();
    });
    const told = h.standIn.callsTo('chat.postMessage').filter((c) => c.args.channel === 'UFILER');
    // Through the outbox, once for both deliveries; the title as typed, the phone number masked.
    expect(told.map((c) => c.args.text)).toEqual([
      'Pledge could not file your complaint “Call 138****5678 back”: it could not be saved, so it is not registered. Please file it again.',
    ]);
    expect(await h.db.prisma.notification.count({ where: { kind: 'filing.failed', sentAt: { not: null } } })).toBe(1);

    // Storing works again: the same submission delivered once more is filed, once, and confirmed.
    expect((await h.interact(payload)).status).toBe(200);
    await h.deliver();
    expect((await h.db.prisma.complaint.findFirstOrThrow()).reference).toBe('PLG-2026-000001');
    expect(h.standIn.callsTo('chat.postMessage').filter((c) => c.args.channel === 'UFILER' && JSON.stringify(c.args).includes('PLG-2026-000001'))).toHaveLength(1);
  });
});

/** Runs `work` while the database refuses every new complaint (a trigger), as a failing disk or a full table would. */
async function refusingComplaints(db: TestDb, work: () => Promise<void>): Promise<void> {
  await db.prisma.$executeRawUnsafe(`CREATE OR REPLACE FUNCTION test_refuse_complaint() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'refused by the test'; END $$`);
  await db.prisma.$executeRawUnsafe(`CREATE TRIGGER test_refuse_complaint BEFORE INSERT ON "Complaint" FOR EACH ROW EXECUTE FUNCTION test_refuse_complaint()`);
  try {
    await work();
  } finally {
    await db.prisma.$executeRawUnsafe('DROP TRIGGER test_refuse_complaint ON "Complaint"');
    await db.prisma.$executeRawUnsafe('DROP FUNCTION test_refuse_complaint()');
  }
}
