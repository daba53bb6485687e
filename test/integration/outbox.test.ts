/**
 * Durable notifications: a Slack outage (500s, then 429 with Retry-After) delays delivery but
 * loses nothing and sends nothing twice; a restart picks up what was queued; a message that
 * keeps failing is given up on after the configured attempts and stays visible.
 */
import { expect, it } from 'vitest';
import { describeEachDb } from '../support/db';
import { complaintSubmission, useHarness } from '../support/pledge-harness';
import { listUndelivered } from '../../src/db/outbox';

describeEachDb('the outbox', (getDb) => {
  const h = useHarness(getDb);

  const posts = () => h.standIn.callsTo('chat.postMessage').filter((c) => c.response.status === 200 && (c.response.body as { ok: boolean }).ok);

  it('delivers everything once Slack recovers from 500s and rate limits, and nothing twice', async () => {
    h.standIn.failNext('chat.postMessage', 9, { status: 500, body: { ok: false, error: 'internal_error' } });
    for (let i = 0; i < 3; i++) await h.interact(complaintSubmission(`UF${i}`, { title: `outage ${i}` }));
    await h.settle(); // each stored after its ack
    expect(await getDb().prisma.complaint.count()).toBe(3);

    // The client tries each message three times (two quick retries), so the 9 failures sink the
    // first three messages; the outbox keeps them for a later attempt.
    await h.deliver();
    let pending = await listUndelivered(getDb().prisma);
    expect(pending.length).toBe(3);
    expect(pending.every((n) => n.attempts >= 1 && n.lastError?.includes('500'))).toBe(true);

    h.standIn.failNext('chat.postMessage', 1, { status: 429, headers: { 'retry-after': '1' }, body: { ok: false, error: 'ratelimited' } });
    h.clock.advance(60_000); // past the backoff
    await h.deliver();
    pending = await listUndelivered(getDb().prisma);
    expect(pending).toEqual([]);
    // 3 channel posts, 3 owner DMs, 3 confirmations: each exactly once.
    const delivered = posts().map((c) => `${String(c.args.channel)}`);
    expect(delivered.length).toBe(9);
    expect(new Set(posts().map((c) => JSON.stringify(c.args.blocks))).size).toBe(9);
    await h.deliver();
    expect(posts().length).toBe(9);
  });

  it('keeps what was queued across a restart: a new dispatcher delivers it', async () => {
    h.standIn.failNext('chat.postMessage', 100, { status: 503, body: { ok: false, error: 'service_unavailable' } });
    await h.interact(complaintSubmission('UF1', {}));
    await h.restart({ now: new Date(h.clock.now().getTime() + 3_600_000) });
    await h.deliver();
    expect(posts().length).toBe(3);
    expect(await listUndelivered(getDb().prisma)).toEqual([]);
  });

  it('gives up after the configured attempts and keeps the failure listed', async () => {
    h.standIn.respond('chat.postMessage', (args) =>
      args.channel === 'CBILLING' ? { status: 500, body: { ok: false, error: 'internal_error' } } : { body: { ok: true, channel: String(args.channel), ts: '1.2' } },
    );
    await h.interact(complaintSubmission('UF1', {}));
    for (let i = 0; i < 10; i++) {
      await h.deliver();
      h.clock.advance(60 * 60_000);
    }
    const failed = await getDb().prisma.notification.findMany({ where: { failedAt: { not: null } } });
    expect(failed.map((n) => [n.kind, n.target, n.attempts])).toEqual([['complaint.post', 'CBILLING', 8]]);
    expect((await listUndelivered(getDb().prisma)).map((n) => n.kind)).toEqual(['complaint.post']);
  });

  it('gives up at once on an error retrying cannot fix, such as a channel the bot is not in', async () => {
    h.standIn.respond('chat.postMessage', (args) =>
      args.channel === 'CBILLING' ? { body: { ok: false, error: 'not_in_channel' } } : { body: { ok: true, channel: String(args.channel), ts: '1.3' } },
    );
    await h.interact(complaintSubmission('UF1', {}));
    await h.deliver();
    const row = await getDb().prisma.notification.findFirstOrThrow({ where: { kind: 'complaint.post' } });
    expect(row.failedAt).not.toBeNull();
    expect(row.attempts).toBe(1);
    expect(row.lastError).toContain('not_in_channel');
  });
});
