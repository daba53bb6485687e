// Proves the harness against the REAL Bolt App + HTTPReceiver (no Bolt mocks):
// signed requests go in over HTTP, Web API calls land on the local stand-in.
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, LogLevel, type Context } from '@slack/bolt';
import { WebClient, type WebAPIRateLimitedError } from '@slack/web-api';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  appHomeOpenedEnvelope,
  blockActionPayload,
  inputValue,
  messageShortcutPayload,
  postEvent,
  postInteraction,
  postSigned,
  postSlashCommand,
  reactionAddedEnvelope,
  viewSubmissionPayload,
} from '../support/signed-requests';
import { startSlackStandIn, type SlackStandIn } from '../support/slack-stand-in';

const secret = 'test-signing-secret';

interface Harness {
  app: App;
  baseUrl: string;
  seen: Array<{ kind: string; body: unknown; context?: Context }>;
}

async function startApp(standIn: SlackStandIn, processBeforeResponse = false): Promise<Harness> {
  const receiver = new HTTPReceiver({
    signingSecret: secret,
    endpoints: '/slack/events',
    processBeforeResponse,
    logLevel: LogLevel.ERROR,
    customRoutes: [
      {
        path: '/healthz',
        method: ['GET'],
        handler: (_req, res) => {
          res.writeHead(200, { 'content-type': 'text/plain' });
          res.end('ok');
        },
      },
    ],
  });
  const app = new App({
    token: 'xoxb-test',
    receiver,
    logLevel: LogLevel.ERROR,
    clientOptions: { slackApiUrl: standIn.url, retryConfig: { retries: 2, minTimeout: 10, maxTimeout: 20 } },
  });
  const seen: Harness['seen'] = [];

  app.command('/complaint', async ({ ack, body, client, context }) => {
    seen.push({ kind: 'command', body, context });
    await ack();
    await client.views.open({
      trigger_id: body.trigger_id,
      view: { type: 'modal', callback_id: 'file_complaint', title: { type: 'plain_text', text: 'File' }, blocks: [] },
    });
  });
  app.view('file_complaint', async ({ ack, view, body }) => {
    seen.push({ kind: 'view', body });
    const title = view.state.values.title?.title_input?.value ?? '';
    if (title.length < 5) {
      await ack({ response_action: 'errors', errors: { title: 'Expected `title` to be at least 5 characters' } });
      return;
    }
    await ack();
  });
  app.action('accept', async ({ ack, body, client }) => {
    await ack();
    seen.push({ kind: 'action', body });
    await client.chat.postMessage({ channel: 'C1', text: 'accepted', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*accepted*' } }] });
  });
  app.shortcut('complaint_from_message', async ({ ack, body, respond }) => {
    await ack();
    seen.push({ kind: 'shortcut', body });
    await respond({ response_type: 'ephemeral', text: 'Filing it' });
  });
  app.event('reaction_added', async ({ event, context }) => {
    seen.push({ kind: 'reaction_added', body: event, context });
  });
  app.event('app_home_opened', async ({ event, client }) => {
    seen.push({ kind: 'app_home_opened', body: event });
    await client.views.publish({ user_id: event.user, view: { type: 'home', blocks: [] } });
  });

  const server = await app.start({ port: 0, host: '127.0.0.1' });
  const { port } = server.address() as AddressInfo;
  return { app, baseUrl: `http://127.0.0.1:${port}`, seen };
}

let standIn: SlackStandIn;
let h: Harness;

beforeAll(async () => {
  standIn = await startSlackStandIn();
  h = await startApp(standIn);
});
afterAll(async () => {
  await h.app.stop();
  await standIn.close();
});
afterEach(() => {
  standIn.reset();
  h.seen.length = 0;
});

describe('Bolt harness over signed HTTP', () => {
  it('serves custom routes on the bound port', async () => {
    const res = await fetch(`${h.baseUrl}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('ok');
  });

  it('runs a slash command listener that opens a modal on the stand-in', async () => {
    const res = await postSlashCommand(h.baseUrl, secret, { text: 'printer on fire', trigger_id: 'trig-1', user_id: 'U7' });
    expect(res.status).toBe(200);
    expect(res.body).toBe('');
    const call = await standIn.waitFor('views.open', (c) => c.args.trigger_id === 'trig-1');
    expect(call.token).toBe('xoxb-test');
    expect(call.args.view).toMatchObject({ type: 'modal', callback_id: 'file_complaint' });
    expect(h.seen[0]?.body).toMatchObject({ text: 'printer on fire', user_id: 'U7', command: '/complaint' });
    expect(h.seen[0]?.context).toMatchObject({ botUserId: 'UBOT', botId: 'BBOT', botToken: 'xoxb-test' });
  });

  it('answers 401 to a forged signature and runs no listener', async () => {
    const res = await postSlashCommand(h.baseUrl, secret, { trigger_id: 'trig-forged' }, { forgeSignature: true });
    expect(res.status).toBe(401);
    expect(res.body).toBe('');
    // A checkpoint instead of a pause: a genuine command sent after it runs to its modal. Had the
    // forged one been taken, its listener would have run before (or beside) this one.
    expect((await postSlashCommand(h.baseUrl, secret, { trigger_id: 'trig-genuine' })).status).toBe(200);
    await standIn.waitFor('views.open', (c) => c.args.trigger_id === 'trig-genuine');
    expect(h.seen.map((s) => (s.body as { trigger_id?: string }).trigger_id)).toEqual(['trig-genuine']);
    expect(standIn.callsTo('views.open').map((c) => c.args.trigger_id)).toEqual(['trig-genuine']);
  });

  it('answers 401 to a stale timestamp and to missing signature headers', async () => {
    const stale = await postSlashCommand(h.baseUrl, secret, {}, { staleTimestamp: true });
    expect(stale.status).toBe(401);
    const unsigned = await fetch(`${h.baseUrl}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(appHomeOpenedEnvelope({ user: 'U1' })),
    });
    expect(unsigned.status).toBe(401);
    expect(h.seen).toEqual([]);
  });

  it('accepts a timestamp in the future (Bolt checks staleness only)', async () => {
    const res = await postSlashCommand(h.baseUrl, secret, {}, { timestamp: Math.floor(Date.now() / 1000) + 3600 });
    expect(res.status).toBe(200);
  });

  it('answers 400 to a correctly signed but unparseable body', async () => {
    const res = await postSigned(h.baseUrl, secret, '{not json', 'application/json');
    expect(res.status).toBe(400);
  });

  it('puts a view_submission ack body into the HTTP response', async () => {
    const payload = viewSubmissionPayload({
      callbackId: 'file_complaint',
      userId: 'U7',
      values: { title: { title_input: 'abc' }, priority: { priority_select: inputValue.select('urgent') } },
      privateMetadata: JSON.stringify({ channel: 'C1' }),
      viewId: 'V42',
    });
    const res = await postInteraction(h.baseUrl, secret, payload);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.json()).toEqual({
      response_action: 'errors',
      errors: { title: 'Expected `title` to be at least 5 characters' },
    });

    const ok = await postInteraction(h.baseUrl, secret, viewSubmissionPayload({
      callbackId: 'file_complaint', userId: 'U7', values: { title: { title_input: 'long enough' } },
    }));
    expect(ok.status).toBe(200);
    expect(ok.body).toBe('');
  });

  it('delivers block actions and message shortcuts', async () => {
    const res = await postInteraction(h.baseUrl, secret, blockActionPayload({ actionId: 'accept', value: 'PLG-1', userId: 'U7' }));
    expect(res.status).toBe(200);
    const posted = await standIn.waitFor('chat.postMessage');
    // WebClient form-encodes nested values as JSON; the stand-in decodes them back.
    expect(posted.args.blocks).toEqual([{ type: 'section', text: { type: 'mrkdwn', text: '*accepted*' } }]);
    expect(posted.response.body).toMatchObject({ ok: true, channel: 'C1', ts: '1700000000.000100' });

    const sc = await postInteraction(h.baseUrl, secret, messageShortcutPayload({
      callbackId: 'complaint_from_message', userId: 'U7', channelId: 'C9',
      message: { ts: '1700000000.000900', text: 'customer is angry', user: 'U2' },
      responseUrl: standIn.responseUrl('sc-1'),
    }));
    expect(sc.status).toBe(200);
    const responded = await standIn.waitFor('response_url');
    expect(responded.args).toMatchObject({ _path: '/hooks/sc-1', text: 'Filing it', response_type: 'ephemeral' });
    expect(h.seen.map((s) => s.kind)).toEqual(['action', 'shortcut']);
  });

  it('exposes the retry headers of an event as context.retryNum / retryReason', async () => {
    const env = reactionAddedEnvelope({ user: 'U7', reaction: 'eyes', channel: 'C1', ts: '1700000000.000100', eventId: 'Ev1' });
    const res = await postEvent(h.baseUrl, secret, env, { retryNum: 2, retryReason: 'http_timeout' });
    expect(res.status).toBe(200);
    await expect.poll(() => h.seen.length).toBe(1);
    expect(h.seen[0]?.context?.retryNum).toBe(2);
    expect(h.seen[0]?.context?.retryReason).toBe('http_timeout');

    await postEvent(h.baseUrl, secret, { ...env, event_id: 'Ev2' });
    await expect.poll(() => h.seen.length).toBe(2);
    expect(h.seen[1]?.context?.retryNum).toBeUndefined();
  });

  it('publishes App Home on app_home_opened', async () => {
    await postEvent(h.baseUrl, secret, appHomeOpenedEnvelope({ user: 'U7' }));
    const call = await standIn.waitFor('views.publish');
    expect(call.args).toMatchObject({ user_id: 'U7', view: { type: 'home' } });
  });

  it('lets WebClient retry through a 429 with Retry-After', async () => {
    standIn.failNext('chat.postMessage', 1, {
      status: 429, headers: { 'Retry-After': '1' }, body: { ok: false, error: 'ratelimited' },
    });
    const started = Date.now();
    const result = await h.app.client.chat.postMessage({ channel: 'U7', text: 'hello' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(result.ok).toBe(true);
    expect(result.channel).toBe('DU7');
    expect(standIn.callsTo('chat.postMessage').map((c) => c.response.status)).toEqual([429, 200]);
  });

  it('lets WebClient retry a 500, and reject at once when rate limits are rejected', async () => {
    standIn.failNext('chat.postMessage', 2, { status: 500, body: { ok: false, error: 'internal_error' } });
    const result = await h.app.client.chat.postMessage({ channel: 'C1', text: 'hello' });
    expect(result.ok).toBe(true);
    expect(standIn.callsTo('chat.postMessage').map((c) => c.response.status)).toEqual([500, 500, 200]);

    const strict = new WebClient('xoxb-test', { slackApiUrl: standIn.url, rejectRateLimitedCalls: true });
    standIn.failNext('chat.postMessage', 1, { status: 429, headers: { 'Retry-After': '30' }, body: { ok: false } });
    const err = (await strict.chat.postMessage({ channel: 'C1', text: 'x' }).catch((e: unknown) => e)) as WebAPIRateLimitedError;
    expect(err.code).toBe('slack_webapi_rate_limited_error');
    expect(err.retryAfter).toBe(30);
  });

  it('serves the stand-in defaults a Pledge adapter relies on', async () => {
    const client = new WebClient('xoxb-test', { slackApiUrl: standIn.url });
    standIn.users.set('amy@example.com', 'U100');
    expect((await client.users.lookupByEmail({ email: 'amy@example.com' })).user?.id).toBe('U100');
    await expect(client.users.lookupByEmail({ email: 'nobody@example.com' })).rejects.toMatchObject({
      data: { error: 'users_not_found' },
    });
    expect((await client.users.info({ user: 'U100' })).user?.profile?.email).toBe('amy@example.com');
    const link = await client.chat.getPermalink({ channel: 'C1', message_ts: '1700000000.000100' });
    expect(link.permalink).toBe('https://example.slack.com/archives/C1/p1700000000000100');
    expect((await client.conversations.open({ users: 'U100' })).channel?.id).toBe('DU100');
    expect((await client.views.open({ trigger_id: 't', view: { type: 'modal', title: { type: 'plain_text', text: 'x' }, blocks: [] } })).view?.id).toMatch(/^V/);
    await expect(client.apiCall('no.such.method')).rejects.toMatchObject({ data: { error: 'unknown_method' } });

    const up = await client.filesUploadV2({ channel_id: 'C1', content: 'a,b\n1,2\n', filename: 'report.csv', title: 'Report' });
    expect(up.ok).toBe(true);
    const upload = await standIn.waitFor('upload_url');
    expect(upload.args).toMatchObject({ bytes: 8, content: 'a,b\n1,2\n' });
    const done = await standIn.waitFor('files.completeUploadExternal');
    expect(done.args.files).toEqual([{ id: upload.args.file_id, title: 'Report' }]);

    standIn.respond('chat.update', (args) => ({ body: { ok: false, error: 'message_not_found', echo: args.ts } }));
    await expect(client.chat.update({ channel: 'C1', ts: '1.2', text: 'x' })).rejects.toMatchObject({
      data: { error: 'message_not_found' },
    });
    await expect(standIn.waitFor('chat.delete', undefined, 50)).rejects.toThrow(/chat.delete within 50 ms/);
  });
});

describe('processBeforeResponse', () => {
  let h2: Harness;
  beforeAll(async () => {
    h2 = await startApp(standIn, true);
  });
  afterAll(async () => {
    await h2.app.stop();
  });

  it('holds the ack body until the listener has finished its Web API calls', async () => {
    const res = await postSlashCommand(h2.baseUrl, secret, { trigger_id: 'trig-pbr' });
    expect(res.status).toBe(200);
    // The views.open made after ack() is already recorded when the response arrives.
    expect(standIn.callsTo('views.open').map((c) => c.args.trigger_id)).toEqual(['trig-pbr']);
  });
});
