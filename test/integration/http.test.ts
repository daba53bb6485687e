import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { FixedClock } from '../../src/clock';
import { createDb } from '../../src/db/create-db';
import { createPledge } from '../../src/pledge';
import { ACCEPT_ACTION } from '../../src/slack/ids';
import { describeEachDb, openTestDb } from '../support/db';
import { complaintSubmission, SECRET, startHarness, testConfig, useHarness } from '../support/pledge-harness';
import { blockActionPayload, postSlashCommand, reactionAddedEnvelope, type SignOptions } from '../support/signed-requests';
import { startSlackStandIn } from '../support/slack-stand-in';
import { spareConnection } from '../support/spare-connection';

const healthz = async (baseUrl: string) => {
  const res = await fetch(`${baseUrl}/healthz`);
  return { status: res.status, body: await res.text() };
};

describeEachDb('the HTTP endpoint', (getDb, kind) => {
  const h = useHarness(getDb);
  const settle = h.settle;

  /** Counts that an unauthenticated request must leave exactly as they were. */
  async function state() {
    const { prisma } = h.db;
    return {
      complaints: await prisma.complaint.findMany({ select: { reference: true, status: true, firstContactId: true } }),
      events: await prisma.event.count(),
      notifications: await prisma.notification.count(),
    };
  }

  describe.each<[string, SignOptions]>([
    ['a forged signature', { forgeSignature: true }],
    ['a timestamp older than five minutes', { staleTimestamp: true }],
    ['no signature at all', { headers: { 'x-slack-signature': '' } }],
  ])('a request with %s', (_what, bad) => {
    it('is refused with 401 before anything runs: nothing stored, nothing sent to Slack', async () => {
      await h.interact(complaintSubmission('UFILER', {}, 'VEXISTING'));
      await h.deliver();
      const complaint = await h.db.prisma.complaint.findFirstOrThrow();
      const before = await state();
      h.standIn.reset();

      const responses = await Promise.all([
        postSlashCommand(h.baseUrl, SECRET, { text: '', user_id: 'UFILER', response_url: h.standIn.responseUrl() }, bad),
        h.interact(complaintSubmission('UFILER', { title: 'Sneaky' }, 'VSNEAKY'), bad),
        h.interact(blockActionPayload({ actionId: ACCEPT_ACTION, value: complaint.id, userId: complaint.ownerId, responseUrl: h.standIn.responseUrl() }), bad),
        h.event(reactionAddedEnvelope({ user: 'UREACT', reaction: 'ticket', channel: 'CGENERAL', ts: '1700000500.000100' }), bad),
      ]);
      expect(responses.map((r) => [r.status, r.body])).toEqual(Array(4).fill([401, '']));
      await settle();
      await h.deliver();
      expect(await state()).toEqual(before);
      expect(h.standIn.calls).toEqual([]);

      // The control: the very same submission, signed properly, is taken.
      const good = await h.interact(complaintSubmission('UFILER', { title: 'Sneaky' }, 'VSNEAKY'));
      expect(good.status).toBe(200);
      await settle(); // stored after its ack
      expect(await h.db.prisma.complaint.count()).toBe(2);
    });
  });

  it('takes a request signed four minutes ago (Slack allows five)', async () => {
    const res = await h.interact(complaintSubmission('UFILER', {}), { timestamp: Math.floor(Date.now() / 1000) - 4 * 60 });
    expect(res.status).toBe(200);
    await settle();
    expect(await h.db.prisma.complaint.count()).toBe(1);
  });

  it('files a view_submission once, however many retries Slack sends', async () => {
    const payload = complaintSubmission('UFILER', { title: 'Retried' }, 'VRETRY1');
    const deliveries = [
      {},
      { headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } },
      { headers: { 'x-slack-retry-num': '2', 'x-slack-retry-reason': 'http_timeout' } },
    ];
    for (const opts of deliveries) {
      const res = await h.interact(payload, opts);
      expect([res.status, res.body]).toEqual([200, '']);
    }
    await settle();
    const rows = await h.db.prisma.complaint.findMany();
    expect(rows.map((r) => [r.reference, r.title])).toEqual([['PLG-2026-000001', 'Retried']]);
    expect(await h.db.prisma.event.count()).toBe(1);
    await h.deliver();
    const targets = h.standIn.callsTo('chat.postMessage').map((c) => c.args.channel);
    expect(targets.sort()).toEqual(['CBILLING', 'UFILER', rows[0]!.ownerId].sort());
  });

  it('GET /healthz answers 200 while the database answers', async () => {
    expect(await healthz(h.baseUrl)).toEqual({ status: 200, body: 'ok\n' });
  });

  it('stops without waiting for a connection that sent no request, and ends it unanswered', async () => {
    expect(await healthz(h.baseUrl)).toEqual({ status: 200, body: 'ok\n' }); // and a used keep-alive one
    const spare = await spareConnection(h.baseUrl);
    await h.restart();
    expect(await spare.closed).toBe('');
    expect(await healthz(h.baseUrl)).toEqual({ status: 200, body: 'ok\n' });
  });

  it('GET /healthz turns 503 when the database goes away under a running Pledge', async () => {
    // A database of its own, so stopping it does not pull the suite's from under other tests.
    const db = await openTestDb(kind);
    const own = await startHarness(db);
    try {
      expect(await healthz(own.baseUrl)).toEqual({ status: 200, body: 'ok\n' });
      // Embedded: the PGlite server stops. Server: the database is dropped, sessions killed.
      await db.close();
      expect(await healthz(own.baseUrl)).toEqual({ status: 503, body: 'database unavailable\n' });
    } finally {
      await own.stop();
    }
  });
});

describe('GET /healthz with a database that never answered', () => {
  const running: { stop(): Promise<void> }[] = [];
  afterEach(async () => {
    for (const r of running.splice(0)) await r.stop();
  });

  it('answers 503, while Slack requests still get their signature check', async () => {
    const port = await closedPort();
    // A real client for a PostgreSQL server that is not there: ping runs its real query and fails.
    const db = await createDb({ kind: 'server', url: `postgresql://pledge@127.0.0.1:${port}/pledge` }, { migrate: false });
    const standIn = await startSlackStandIn();
    const pledge = await createPledge({
      slack: { botToken: 'xoxb-test', signingSecret: SECRET, apiUrl: standIn.url, mode: 'http' },
      config: await testConfig(),
      db,
      clock: new FixedClock(new Date('2026-11-30T02:00:00Z')),
      logLevel: 'error',
      log: () => {},
      outboxIntervalMs: 3_600_000,
    });
    const baseUrl = `http://127.0.0.1:${await pledge.start(0, '127.0.0.1')}`;
    running.push({ stop: async () => (await pledge.stop(), await standIn.close(), await db.close()) });

    expect(await db.ping()).toBe(false);
    expect(await healthz(baseUrl)).toEqual({ status: 503, body: 'database unavailable\n' });
    const forged = await postSlashCommand(baseUrl, SECRET, { text: 'help' }, { forgeSignature: true });
    expect(forged.status).toBe(401);
  });
});

/** A loopback port nothing listens on: bound once by us, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
