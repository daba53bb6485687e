/**
 * Hostile input at POST /slack/events: malformed, oversized and random bodies, unknown ids,
 * forged ids inside payloads, and replays. Every request must get a 4xx or a clean 2xx, the
 * process must keep serving, and the database must not change (row counts of every table).
 */
import { request } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { ReceiverUnhandledRequestHandlerArgs } from '@slack/bolt';
import { beforeEach, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '../../src/slack/request-guard';
import { ACCEPT_ACTION, CARD_ACTIONS_BLOCK, FILE_COMPLAINT_VIEW, OPEN_FILE_MODAL_ACTION } from '../../src/slack/ids';
import { describeEachDb } from '../support/db';
import { complaintSubmission, SECRET, useHarness } from '../support/pledge-harness';
import {
  blockActionPayload,
  eventEnvelope,
  messageShortcutPayload,
  postSigned,
  signBody,
  viewSubmissionPayload,
  type SignedResponse,
} from '../support/signed-requests';

type ContentType = 'application/x-www-form-urlencoded' | 'application/json';
const FORM: ContentType = 'application/x-www-form-urlencoded';
const JSON_TYPE: ContentType = 'application/json';
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

/** A small seeded generator (mulberry32): a failing case can be replayed from its seed. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Sends raw bytes the way an attacker would: any headers, optionally chunked (no length). */
function rawPost(
  baseUrl: string,
  body: Buffer,
  headers: Record<string, string>,
  chunked = false,
): Promise<{ status: number } | { error: string }> {
  return new Promise((resolve) => {
    const url = new URL('/slack/events', baseUrl);
    const req = request(
      { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: chunked ? headers : { ...headers, 'content-length': String(body.length) } },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0 }));
      },
    );
    // The server may answer 413 and close while we are still writing: that is its right.
    req.on('error', (e: NodeJS.ErrnoException) => resolve({ error: e.code ?? e.message }));
    if (chunked) {
      for (let i = 0; i < body.length; i += 64 * 1024) req.write(body.subarray(i, i + 64 * 1024));
      req.end();
    } else req.end(body);
  });
}

describeEachDb('hostile input at /slack/events', (getDb) => {
  let complaint: { id: string; ownerId: string; rootMessageId: string };

  const h = useHarness(getDb);
  const settle = h.settle;

  /** Bolt's HTTPReceiver, whose net answers a request nobody acknowledged (the harness widens it to 120 s). */
  const receiver = () => (h.pledge.slack.app as unknown as { receiver: { unhandledRequestHandler: (args: ReceiverUnhandledRequestHandlerArgs) => void } }).receiver;

  beforeEach(async () => {
    expect((await h.interact(complaintSubmission('UFILER', {}, 'VFIRST'))).status).toBe(200);
    await h.deliver();
    const row = await h.db.prisma.complaint.findFirstOrThrow();
    complaint = { id: row.id, ownerId: row.ownerId, rootMessageId: row.rootMessageId! };
    h.standIn.reset();
  });

  /** Row counts of every table (Prisma's migration history aside). */
  async function tableCounts(): Promise<Record<string, number>> {
    const tables = await h.db.prisma.$queryRawUnsafe<{ tablename: string }[]>(
      `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY tablename`,
    );
    const counts: Record<string, number> = {};
    for (const { tablename } of tables) {
      const [row] = await h.db.prisma.$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM "${tablename}"`);
      counts[tablename] = Number(row!.n);
    }
    return counts;
  }

  async function unchangedSince(before: Record<string, number>) {
    await settle();
    await h.deliver();
    expect(await tableCounts()).toEqual(before);
    const row = await h.db.prisma.complaint.findUniqueOrThrow({ where: { id: complaint.id } });
    expect([row.status, row.firstContactId]).toEqual(['new', null]);
  }

  /** The process still serves: health, and a real request that does real work. */
  async function stillServing() {
    expect((await fetch(`${h.baseUrl}/healthz`)).status).toBe(200);
    const filed = await h.interact(complaintSubmission('UFILER', { title: 'After the storm' }));
    expect([filed.status, filed.body]).toEqual([200, '']);
    await settle(); // stored after its ack
    expect(await h.db.prisma.complaint.count({ where: { title: 'After the storm' } })).toBe(1);
  }

  const sign = (body: string, contentType: ContentType, opts = {}) => postSigned(h.baseUrl, SECRET, body, contentType, opts);
  const cleanOr4xx = (r: SignedResponse | { status: number }) => expect(r.status >= 200 && r.status < 500 && !(r.status >= 300 && r.status < 400), `status ${r.status}`).toBe(true);

  it('answers malformed bodies, signed or not, with 4xx or a clean 200, and changes nothing', async () => {
    const before = await tableCounts();
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    const bodies: [string, ContentType][] = [
      ['', FORM],
      ['', JSON_TYPE],
      ['payload=', FORM],
      ['payload=%7Bnot%20json', FORM],
      ['payload=%E0%A4%A', FORM], // a broken percent escape
      [form({ payload: 'null' }), FORM],
      [form({ payload: '[]' }), FORM],
      [form({ payload: '"a string"' }), FORM],
      [form({ payload: '{"type":"block_actions"}' }), FORM],
      [form({ payload: '{"type":"block_actions","actions":"nope","user":7}' }), FORM],
      [form({ payload: '{"type":"view_submission","view":null,"user":{"id":"UFILER"}}' }), FORM],
      [form({ payload: JSON.stringify({ type: 'view_submission', user: { id: 'UFILER' }, view: { callback_id: FILE_COMPLAINT_VIEW, id: 'VX', state: 'broken' } }) }), FORM],
      [form({ payload: '{"__proto__":{"polluted":true},"type":"block_actions"}' }), FORM],
      [form({ command: '/complaint' }), FORM], // a slash command with nothing else
      [form({ command: '/complaint', text: 'show', user_id: '' }), FORM],
      ['&&&===&&', FORM],
      ['{', JSON_TYPE],
      ['null', JSON_TYPE],
      ['[]', JSON_TYPE],
      ['"text"', JSON_TYPE],
      ['{"type":"event_callback"}', JSON_TYPE],
      ['{"type":"event_callback","event":{"type":"reaction_added"}}', JSON_TYPE],
      ['{"type":"event_callback","event":{"type":"reaction_added","user":"U1","reaction":"ticket","item":null}}', JSON_TYPE],
      ['{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}', JSON_TYPE],
      [deep, JSON_TYPE],
      [deep, FORM],
      ['\u0000\u0001\uFFFF\uD800', JSON_TYPE],
    ];
    for (const signed of [true, false]) {
      const responses = await Promise.all(bodies.map(([body, type]) => (signed ? sign(body, type) : sign(body, type, { forgeSignature: true }))));
      responses.forEach(cleanOr4xx);
      if (!signed) expect(responses.every((r) => r.status === 401)).toBe(true);
    }
    // A body that parses to null used to leave Bolt 5.1 hanging on an unhandled rejection.
    expect((await sign('null', JSON_TYPE)).status).toBe(400);
    expect((await sign(form({ payload: 'null' }), FORM)).status).toBe(400);
    expect((await sign('null', JSON_TYPE, { forgeSignature: true })).status).toBe(401);
    // A payload Bolt cannot route is the request's fault: 400, not a 500 that invites retries.
    expect((await sign(form({ payload: '{"type":"message_action"}' }), FORM)).status).toBe(400);
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
    await unchangedSince(before);
    // Nothing was posted anywhere on the strength of garbage.
    expect(h.standIn.callsTo('chat.postMessage')).toEqual([]);
    await stillServing();
  });

  it(`refuses bodies over ${MAX_BODY_BYTES} bytes with 413 before any signature check`, async () => {
    const before = await tableCounts();
    const big = form({ payload: JSON.stringify({ type: 'block_actions', pad: 'x'.repeat(MAX_BODY_BYTES) }) });
    const bigJson = JSON.stringify({ type: 'event_callback', pad: 'y'.repeat(MAX_BODY_BYTES) });
    // Signed correctly, signed wrongly, and with no signature at all: all get 413, never 401.
    expect((await sign(big, FORM)).status).toBe(413);
    expect((await sign(bigJson, JSON_TYPE)).status).toBe(413);
    expect((await sign(big, FORM, { forgeSignature: true })).status).toBe(413);
    const unsigned = await rawPost(h.baseUrl, Buffer.from(bigJson), { 'content-type': JSON_TYPE });
    expect(unsigned).toEqual({ status: 413 });
    // Without a Content-Length the limit still holds while streaming; the server may cut us off.
    const chunked = await rawPost(h.baseUrl, Buffer.alloc(4 * MAX_BODY_BYTES, 'z'), { 'content-type': FORM, ...signBody(SECRET, 'irrelevant') }, true);
    expect('status' in chunked ? chunked.status : chunked.error).toSatisfy((v: unknown) => v === 413 || v === 'EPIPE' || v === 'ECONNRESET');
    // Just under the limit is read and judged normally (here: parsed, no listener, so 4xx).
    const fits = form({ payload: JSON.stringify({ type: 'nothing_we_know', pad: 'x'.repeat(MAX_BODY_BYTES - 200) }) });
    expect(fits.length).toBeLessThan(MAX_BODY_BYTES);
    cleanOr4xx(await sign(fits, FORM));
    await unchangedSince(before);
    await stillServing();
  });

  it('survives random bodies (seeded) with 4xx or a clean 200 and no change', async () => {
    const before = await tableCounts();
    const seed = 20261130;
    const rand = prng(seed);
    const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
    const randomString = (n: number) => Array.from({ length: n }, () => String.fromCharCode(Math.floor(rand() * 0x2fff))).join('');
    const randomJson = (depth: number): unknown => {
      const r = rand();
      if (depth > 4 || r < 0.3) return pick([null, true, false, 0, -1, 1e308, 'x', randomString(8), '<!channel>', "'; DROP TABLE \"Complaint\"; --"]);
      if (r < 0.6) return Array.from({ length: Math.floor(rand() * 4) }, () => randomJson(depth + 1));
      const keys = ['type', 'user', 'actions', 'view', 'event', 'payload', 'command', 'text', 'value', 'id', 'callback_id', 'team', 'token', 'trigger_id'];
      return Object.fromEntries(Array.from({ length: Math.floor(rand() * 6) }, () => [pick(keys), randomJson(depth + 1)]));
    };
    const types = ['block_actions', 'view_submission', 'view_closed', 'message_action', 'shortcut', 'event_callback', 'url_verification', 'block_suggestion'];
    const makeBody = (): [string, ContentType] => {
      switch (Math.floor(rand() * 5)) {
        case 0:
          return [Buffer.from(Array.from({ length: Math.floor(rand() * 400) }, () => Math.floor(rand() * 256))).toString('latin1'), pick([FORM, JSON_TYPE])];
        case 1:
          return [JSON.stringify(randomJson(0)), JSON_TYPE];
        case 2:
          return [JSON.stringify({ ...(randomJson(0) as object), type: pick(types) }), JSON_TYPE];
        case 3:
          return [form({ payload: JSON.stringify({ ...(randomJson(0) as object), type: pick(types), user: { id: pick(['UFILER', 'ULEAD1', '', 'U<!x>']) } }) }), FORM];
        default:
          return [form(Object.fromEntries(Array.from({ length: 4 }, () => [pick(['command', 'text', 'user_id', 'payload', 'ssl_check', randomString(3)]), randomString(10)]))), FORM];
      }
    };
    // Three rounds of 40, drawn from the generator in the order they always were (a round's
    // bodies, then whether each is forged), so a seed names the same 120 requests; all sent at once.
    const rounds = Array.from({ length: 3 }, () => {
      const batch = Array.from({ length: 40 }, makeBody);
      return batch.map(([body, type]) => ({ body, type, forged: rand() < 0.2 }));
    });
    const responses = await Promise.all(rounds.map((batch) => Promise.all(batch.map(({ body, type, forged }) => sign(body, type, forged ? { forgeSignature: true } : {})))));
    responses.forEach((round, r) =>
      round.forEach((res, i) => {
        expect(res.status < 500, `seed ${seed} round ${r} #${i}: ${res.status} for ${rounds[r]![i]!.body.slice(0, 200)}`).toBe(true);
      }),
    );
    await unchangedSince(before);
    await stillServing();
  });

  it('answers unknown actions, views, shortcuts, commands and events without acting', async () => {
    const before = await tableCounts();
    const responses = await Promise.all([
      h.interact(blockActionPayload({ actionId: 'no_such_action', value: complaint.id, userId: complaint.ownerId })),
      h.interact(blockActionPayload({ actionId: `${ACCEPT_ACTION}_v2`, value: complaint.id, userId: complaint.ownerId })),
      h.interact(viewSubmissionPayload({ callbackId: 'no_such_view', userId: 'UFILER' })),
      h.interact(messageShortcutPayload({ callbackId: 'no_such_shortcut', userId: 'UFILER', message: { ts: '1700000000.000100', text: 'x' } })),
      h.command('show PLG-2026-000001', 'UFILER', { command: '/not-ours' }),
      h.event(eventEnvelope({ type: 'app_uninstalled' })),
      h.event(eventEnvelope({ type: 'reaction_added', user: 'UREACT', reaction: 'thumbsup', item: { type: 'message', channel: 'C1', ts: '1.2' } })),
      h.event(eventEnvelope({ type: 'reaction_added', user: 'UREACT', reaction: 'ticket', item: { type: 'file', file: 'F1' } })),
    ]);
    responses.forEach(cleanOr4xx);
    await unchangedSince(before);
    await stillServing();
  });

  it('answers a request no listener takes with 404 once its listeners are done, not when Bolt\'s net runs out', async () => {
    const before = await tableCounts();
    const nets: string[] = [];
    const net = receiver().unhandledRequestHandler;
    receiver().unhandledRequestHandler = (args) => {
      nets.push(args.request.url ?? '');
      net(args);
    };
    try {
      const answers = await Promise.all([
        h.interact(blockActionPayload({ actionId: 'no_such_action', value: complaint.id, userId: complaint.ownerId })),
        h.interact(viewSubmissionPayload({ callbackId: 'no_such_view', userId: 'UFILER' })),
        h.command('show PLG-2026-000001', 'UFILER', { command: '/not-ours' }),
      ]);
      expect(answers.map((a) => a.status)).toEqual([404, 404, 404]);
      // Bolt's net (120 s here) had not run out: Pledge answered, not the net. Before, the net did, after 3 s.
      expect(nets).toEqual([]);
    } finally {
      receiver().unhandledRequestHandler = net;
    }
    await unchangedSince(before);
  });

  it('ignores forged ids in button values and private_metadata: only Slack\'s user counts', async () => {
    const before = await tableCounts();
    const press = (userId: string, value: string) =>
      h.interact(
        blockActionPayload({
          actionId: ACCEPT_ACTION,
          blockId: CARD_ACTIONS_BLOCK,
          value,
          userId,
          channelId: 'CBILLING',
          messageTs: complaint.rootMessageId,
          responseUrl: h.standIn.responseUrl(),
        }),
      );
    const responses = await Promise.all([
      // A stranger presses the real button.
      press('USTRANGER', complaint.id),
      // Values that claim someone else, or try their luck with the parser and the database.
      press('USTRANGER', JSON.stringify({ complaintId: complaint.id, actorId: complaint.ownerId })),
      press('USTRANGER', `${complaint.id}","actorId":"${complaint.ownerId}`),
      press('USTRANGER', "' OR 1=1; UPDATE \"Complaint\" SET status = 'accepted'; --"),
      press('USTRANGER', randomUUID()),
      press(complaint.ownerId, randomUUID()), // the owner, but of a complaint that is not there
      press('USTRANGER', 'x'.repeat(2000)),
      // The offer button with a channel it never carried: opens a modal at most, stores nothing.
      h.interact(blockActionPayload({ actionId: OPEN_FILE_MODAL_ACTION, value: '{"c":"CSECRET","t":"1.2","u":"ULEAD1"}', userId: 'USTRANGER' })),
      h.interact(blockActionPayload({ actionId: OPEN_FILE_MODAL_ACTION, value: '{"c":"../../x","t":"1"}', userId: 'USTRANGER' })),
      // A submission whose metadata claims a filer: invalid input, so nothing is filed at all.
      h.interact(complaintSubmission('USTRANGER', { title: '' }, 'VFORGED1', JSON.stringify({ filerId: 'ULEAD1', u: 'ULEAD1', c: 'C1', t: '1.2' }))),
      h.interact(complaintSubmission('USTRANGER', { category: 'nonsense' }, 'VFORGED2', '{"__proto__":{"admin":true}}')),
    ]);
    responses.forEach(cleanOr4xx);
    await unchangedSince(before);
    // Each refusal was told to the presser alone, through their response_url.
    const refusals = h.standIn.callsTo('response_url').map((c) => c.args.response_type);
    expect(refusals.length).toBeGreaterThanOrEqual(6);
    expect(new Set(refusals)).toEqual(new Set(['ephemeral']));

    // A valid submission with metadata Pledge did not seal is refused in the modal; nothing is filed.
    h.standIn.reset();
    const res = await h.interact(
      complaintSubmission('UOTHER', { title: 'Forged metadata' }, 'VFORGED3', JSON.stringify({ filerId: 'ULEAD1', c: 'C1', t: '1700000000.000100', p: 'javascript:alert(1)' })),
    );
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({ response_action: 'errors' });
    expect(await h.db.prisma.complaint.count({ where: { title: 'Forged metadata' } })).toBe(0);
  });

  it('takes a replayed request (the same signed bytes again) at most once', async () => {
    const timestamp = Math.floor(Date.now() / 1000);
    // Refused the first time: refused again, nothing changes.
    const before = await tableCounts();
    const strangers = blockActionPayload({ actionId: ACCEPT_ACTION, value: complaint.id, userId: 'USTRANGER', responseUrl: h.standIn.responseUrl() });
    for (let i = 0; i < 3; i += 1) cleanOr4xx(await h.interact(strangers, { timestamp }));
    await unchangedSince(before);

    // Taken the first time: the replays change nothing more.
    const owners = blockActionPayload({ actionId: ACCEPT_ACTION, value: complaint.id, userId: complaint.ownerId, responseUrl: h.standIn.responseUrl() });
    expect((await h.interact(owners, { timestamp })).status).toBe(200);
    await settle();
    await h.deliver();
    const afterFirst = await tableCounts();
    expect(afterFirst.Event).toBe(before.Event! + 1);
    const submission = complaintSubmission('UFILER', { title: 'Once only' }, 'VREPLAY');
    expect((await h.interact(submission, { timestamp })).status).toBe(200);
    await settle();
    await h.deliver();
    const afterBoth = await tableCounts();
    const replays = await Promise.all([
      h.interact(owners, { timestamp }),
      h.interact(owners, { timestamp }),
      h.interact(submission, { timestamp }),
      h.interact(submission, { timestamp }),
    ]);
    replays.forEach(cleanOr4xx);
    await settle();
    await h.deliver();
    expect(await tableCounts()).toEqual(afterBoth);
    const row = await h.db.prisma.complaint.findUniqueOrThrow({ where: { id: complaint.id } });
    expect([row.status, row.firstContactId]).toEqual(['accepted', complaint.ownerId]);
    expect(await h.db.prisma.complaint.count({ where: { title: 'Once only' } })).toBe(1);
  });
});
