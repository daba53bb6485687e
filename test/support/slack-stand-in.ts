// A local stand-in of Slack's Web API, so the real Bolt app (and its WebClient,
// pointed here with `clientOptions: { slackApiUrl: standIn.url }`) can be
// exercised without the network. Every call is recorded; responses are
// plausible defaults that tests can script per method.
//
// Routes:
//   POST|GET /api/<method>        Web API methods (form-encoded, JSON or query string)
//   PUT|POST /upload/<file_id>    upload_url handed out by files.getUploadURLExternal;
//                                 recorded as method 'upload_url'
//   POST     /hooks/<anything>    a response_url (see standIn.responseUrl()); recorded as
//                                 method 'response_url', JSON body as args
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse as parseQuery } from 'node:querystring';

export interface StandInResponse {
  status?: number;
  headers?: Record<string, string>;
  body: object;
}

export interface RecordedCall {
  method: string;
  args: Record<string, unknown>;
  /** Bearer token from the Authorization header, else the `token` field. */
  token: string | undefined;
  /** Date.now() when the request arrived (recorded before answering). */
  at: number;
  /** What the stand-in answered. */
  response: { status: number; body: object };
}

export type Responder = (
  args: Record<string, unknown>,
  call: RecordedCall,
) => StandInResponse | Promise<StandInResponse>;

export interface SlackStandIn {
  /** `http://127.0.0.1:<port>/api/` — give it to WebClient as slackApiUrl. */
  readonly url: string;
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  readonly port: number;
  /** Every call in arrival order. reset() empties this same array. */
  readonly calls: RecordedCall[];
  /** email -> user id, used by users.lookupByEmail and users.info. */
  readonly users: Map<string, string>;
  callsTo(method: string): RecordedCall[];
  waitFor(
    method: string,
    predicate?: (call: RecordedCall) => boolean,
    timeoutMs?: number,
  ): Promise<RecordedCall>;
  /** Script every later call to `method` (until reset() or respond(method, undefined)). */
  respond(method: string, responder: Responder | undefined): void;
  /** Answer `method` only `ms` after recording it (0 stops holding): a slow or hanging Slack. */
  hold(method: string, ms: number): void;
  /** The next `n` calls to `method` get `response`; checked before respond(). */
  failNext(method: string, n: number, response: StandInResponse): void;
  /** A response_url on this stand-in; POSTs to it are recorded as method 'response_url'. */
  responseUrl(id?: string): string;
  /** Forget calls, responders, one-shot failures and users. Id counters keep going. */
  reset(): void;
  close(): Promise<void>;
}

// Fields WebClient JSON-encodes in form bodies (it stringifies any non-scalar value).
const JSON_FIELDS = new Set([
  'blocks', 'attachments', 'view', 'metadata', 'files', 'unfurls', 'user_auth_blocks',
  'options', 'option_groups', 'elements', 'reactions', 'profile', 'outputs', 'chunks',
]);
// Fields that are free text and must stay strings even when they look like JSON.
const TEXT_FIELDS = new Set([
  'text', 'markdown_text', 'title', 'initial_comment', 'alt_text', 'name', 'purpose',
  'topic', 'query', 'filename', 'content', 'private_metadata', 'external_id', 'hash',
]);

function decodeFormFields(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(fields)) {
    const value = Array.isArray(raw) ? raw[raw.length - 1] : raw;
    out[key] = typeof value === 'string' && shouldDecode(key, value) ? tryJson(value) : value;
  }
  return out;
}

function shouldDecode(key: string, value: string): boolean {
  if (JSON_FIELDS.has(key)) return true;
  if (TEXT_FIELDS.has(key)) return false;
  const t = value.trim();
  return (t.startsWith('{') && t.endsWith('}')) || (t.startsWith('[') && t.endsWith(']'));
}

function tryJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function parseArgs(req: IncomingMessage, raw: Buffer, query: URLSearchParams): Record<string, unknown> {
  const fromQuery = decodeFormFields(Object.fromEntries(query.entries()));
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  const text = raw.toString('utf8');
  if (text.length === 0) return fromQuery;
  if (type === 'application/json') {
    const parsed = tryJson(text);
    return { ...fromQuery, ...(parsed && typeof parsed === 'object' ? (parsed as object) : { _raw: text }) };
  }
  if (type === 'application/x-www-form-urlencoded' || type === '') {
    return { ...fromQuery, ...decodeFormFields(parseQuery(text)) };
  }
  return { ...fromQuery, _contentType: type, _bytes: raw.length };
}

/** WebClient 8.2 posts the file to upload_url as multipart/form-data (field `body`); others send raw bytes. */
async function uploadedFile(req: IncomingMessage, raw: Buffer): Promise<Record<string, unknown>> {
  const contentType = req.headers['content-type'] ?? '';
  let data = raw;
  let filename: string | undefined;
  if (contentType.startsWith('multipart/form-data')) {
    const form = await new Request('http://upload', { method: 'POST', headers: { 'content-type': contentType }, body: raw }).formData();
    const file = [...form.values()].find((v) => typeof v !== 'string') as unknown as
      | (Blob & { name?: string })
      | undefined;
    if (file) {
      data = Buffer.from(await file.arrayBuffer());
      filename = file.name;
    }
  }
  // base64 too: a binary file (a PNG chart) does not survive being read as UTF-8.
  return { contentType, filename, bytes: data.length, content: data.toString('utf8'), base64: data.toString('base64') };
}

function tokenOf(req: IncomingMessage, args: Record<string, unknown>): string | undefined {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice('Bearer '.length);
  return typeof args.token === 'string' ? args.token : undefined;
}

function send(res: ServerResponse, r: StandInResponse): void {
  res.writeHead(r.status ?? 200, { 'content-type': 'application/json; charset=utf-8', ...r.headers });
  res.end(JSON.stringify(r.body));
}

interface Waiter {
  method: string;
  predicate: (call: RecordedCall) => boolean;
  resolve: (call: RecordedCall) => void;
}

export async function startSlackStandIn(): Promise<SlackStandIn> {
  const calls: RecordedCall[] = [];
  const users = new Map<string, string>();
  const responders = new Map<string, Responder>();
  const oneShots = new Map<string, StandInResponse[]>();
  const waiters = new Set<Waiter>();
  const holds = new Map<string, number>();
  const counters: Counters = { ts: 0, id: 0 };
  let origin = '';

  const record = (call: RecordedCall): void => {
    calls.push(call);
    for (const w of [...waiters]) {
      if (w.method === call.method && w.predicate(call)) {
        waiters.delete(w);
        w.resolve(call);
      }
    }
  };

  const answer = async (method: string, args: Record<string, unknown>, token: string | undefined, needsToken = true) => {
    const call: RecordedCall = { method, args, token, at: Date.now(), response: { status: 200, body: {} } };
    const queued = oneShots.get(method);
    let response: StandInResponse;
    if (queued && queued.length > 0) {
      response = queued.shift()!;
    } else if (responders.has(method)) {
      response = await responders.get(method)!(args, call);
    } else if (needsToken && token === undefined) {
      response = { body: { ok: false, error: 'not_authed' } };
    } else {
      response = { body: defaultResponse(method, args, { origin, users, counters, calls }) };
    }
    call.response = { status: response.status ?? 200, body: response.body };
    record(call);
    // Recorded (Slack has it) but not yet answered: the window a crash test aims at.
    const hold = holds.get(method);
    if (hold) await new Promise((resolve) => setTimeout(resolve, hold));
    return response;
  };

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const raw = await readBody(req);
      const parts = url.pathname.split('/').filter(Boolean);
      if (parts[0] === 'api' && parts.length === 2) {
        const args = parseArgs(req, raw, url.searchParams);
        send(res, await answer(parts[1]!, args, tokenOf(req, args)));
      } else if (parts[0] === 'upload' && parts.length === 2) {
        const args = { file_id: parts[1], ...(await uploadedFile(req, raw)) };
        const r = await answer('upload_url', args, tokenOf(req, {}), false);
        res.writeHead(r.status ?? 200, r.headers ?? {});
        res.end(r.status && r.status !== 200 ? JSON.stringify(r.body) : `OK - ${raw.length}`);
      } else if (parts[0] === 'hooks' && req.method === 'POST') {
        const args = { ...parseArgs(req, raw, url.searchParams), _path: url.pathname };
        send(res, await answer('response_url', args, undefined, false));
      } else {
        send(res, { status: 404, body: { ok: false, error: 'not_found', path: url.pathname } });
      }
    })().catch((err: unknown) => {
      if (!res.headersSent) send(res, { status: 500, body: { ok: false, error: String(err) } });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;

  return {
    url: `${origin}/api/`,
    origin,
    port,
    calls,
    users,
    callsTo: (method) => calls.filter((c) => c.method === method),
    // A net for a call that never comes, not a speed check: generous enough for a busy machine.
    waitFor(method, predicate = () => true, timeoutMs = 60_000) {
      const seen = calls.find((c) => c.method === method && predicate(c));
      if (seen) return Promise.resolve(seen);
      return new Promise<RecordedCall>((resolve, reject) => {
        const waiter: Waiter = {
          method,
          predicate,
          resolve: (call) => {
            clearTimeout(timer);
            resolve(call);
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          const got = calls.filter((c) => c.method === method).map((c) => JSON.stringify(c.args));
          reject(new Error(
            `Expected a matching call to ${method} within ${timeoutMs} ms; ` +
              `saw ${got.length}: ${got.join('\n') || '(none)'}`,
          ));
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
    respond(method, responder) {
      if (responder) responders.set(method, responder);
      else responders.delete(method);
    },
    hold(method, ms) {
      if (ms > 0) holds.set(method, ms);
      else holds.delete(method);
    },
    failNext(method, n, response) {
      const queue = oneShots.get(method) ?? [];
      for (let i = 0; i < n; i += 1) queue.push(response);
      oneShots.set(method, queue);
    },
    responseUrl: (id = String(++counters.id)) => `${origin}/hooks/${id}`,
    reset() {
      calls.length = 0;
      responders.clear();
      oneShots.clear();
      holds.clear();
      users.clear();
    },
    close() {
      return new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}

// ---- default answers -------------------------------------------------------

interface Counters {
  ts: number;
  id: number;
}

interface DefaultsContext {
  origin: string;
  users: Map<string, string>;
  counters: Counters;
  /** Calls answered so far: conversations.history and .replies read back what was posted. */
  calls: RecordedCall[];
}

/** Messages posted (and answered ok) in `channel`, newest first, as Slack's history returns them. */
function posted(calls: RecordedCall[], channel: string, threadTs?: string): object[] {
  return calls
    .filter((c) => c.method === 'chat.postMessage' && (c.response.body as { ok?: boolean }).ok === true)
    .map((c) => ({ ...(c.response.body as { message: Record<string, unknown>; channel: string }), args: c.args }))
    .filter((r) => r.channel === channel && (threadTs ? r.args.thread_ts === threadTs : !r.args.thread_ts))
    .map((r) => ({ ...r.message, ...(r.args.metadata ? { metadata: r.args.metadata } : {}) }))
    .reverse();
}

/** Channels conversations.create made (answered ok), oldest first. */
function createdChannels(calls: RecordedCall[]): { id: string; name: string; creator: string }[] {
  return calls
    .filter((c) => c.method === 'conversations.create' && (c.response.body as { ok?: boolean }).ok === true)
    .map((c) => (c.response.body as { channel: { id: string; name: string; creator: string } }).channel);
}

/** Unique, increasing message timestamps: 1700000000.000100, .000200, ... */
function nextTs(c: Counters): string {
  c.ts += 1;
  const micros = String((c.ts % 10000) * 100).padStart(6, '0');
  return `${1700000000 + Math.floor(c.ts / 10000)}.${micros}`;
}

function nextId(prefix: string, c: Counters): string {
  c.id += 1;
  return `${prefix}${String(c.id).padStart(6, '0')}`;
}

const str = (v: unknown, fallback = ''): string => (typeof v === 'string' ? v : fallback);

/** A user id as channel (chat.postMessage to U123) means the DM D + U123. */
function dmFor(channel: string): string {
  return /^[UW]/.test(channel) ? `D${channel}` : channel;
}

/**
 * A block_id given twice in one message or view. Slack refuses such a call as a whole: a view
 * with `invalid_arguments` (its response_metadata naming the duplicate), a message with
 * `invalid_blocks`.
 */
function duplicateBlockId(blocks: unknown): string | undefined {
  if (!Array.isArray(blocks)) return undefined;
  const seen = new Set<string>();
  for (const block of blocks as { block_id?: unknown }[]) {
    if (typeof block?.block_id !== 'string') continue;
    if (seen.has(block.block_id)) return block.block_id;
    seen.add(block.block_id);
  }
  return undefined;
}

function refusedBlocks(method: string, args: Record<string, unknown>): object | undefined {
  const isView = method.startsWith('views.');
  const view = args.view && typeof args.view === 'object' ? (args.view as { blocks?: unknown }) : undefined;
  const duplicate = duplicateBlockId(isView ? view?.blocks : args.blocks);
  if (duplicate === undefined) return undefined;
  const detail = `[ERROR] duplicate block_id "${duplicate}" [json-pointer:/${isView ? 'view/' : ''}blocks]`;
  return { ok: false, error: isView ? 'invalid_arguments' : 'invalid_blocks', response_metadata: { messages: [detail] } };
}

function defaultResponse(method: string, args: Record<string, unknown>, ctx: DefaultsContext): object {
  const { counters: c } = ctx;
  const channel = dmFor(str(args.channel) || str(args.channel_id));
  if (['chat.postMessage', 'chat.update', 'chat.postEphemeral', 'views.open', 'views.push', 'views.update', 'views.publish'].includes(method)) {
    const refused = refusedBlocks(method, args);
    if (refused) return refused;
  }
  switch (method) {
    case 'api.test':
      return { ok: true, args };
    case 'auth.test':
      return {
        ok: true, url: 'https://example.slack.com/', team: 'Example', user: 'pledge',
        team_id: 'T1', user_id: 'UBOT', bot_id: 'BBOT', is_enterprise_install: false,
      };
    case 'chat.postMessage': {
      const ts = nextTs(c);
      const message = {
        type: 'message', subtype: 'bot_message', text: str(args.text), user: 'UBOT', bot_id: 'BBOT',
        ts, ...(args.blocks ? { blocks: args.blocks } : {}), ...(args.thread_ts ? { thread_ts: args.thread_ts } : {}),
      };
      return { ok: true, channel, ts, message };
    }
    case 'chat.update':
      return { ok: true, channel, ts: str(args.ts), text: str(args.text), message: { text: str(args.text), ts: str(args.ts) } };
    case 'chat.postEphemeral':
      return { ok: true, message_ts: nextTs(c) };
    case 'chat.delete':
      return { ok: true, channel, ts: str(args.ts) };
    case 'chat.getPermalink':
      return {
        ok: true, channel,
        permalink: `https://example.slack.com/archives/${channel}/p${str(args.message_ts).replace('.', '')}`,
      };
    case 'views.open':
    case 'views.push':
    case 'views.update':
    case 'views.publish': {
      const view = args.view && typeof args.view === 'object' ? args.view : {};
      const id = str(args.view_id) || nextId('V', c);
      return { ok: true, view: { ...view, id, hash: `${id}-hash-${c.id}`, state: { values: {} } } };
    }
    case 'conversations.open': {
      const firstUser = str(args.users).split(',')[0] ?? '';
      return { ok: true, channel: { id: str(args.channel) || dmFor(firstUser) } };
    }
    case 'conversations.create':
      // As Slack: a name is one channel's.
      if (createdChannels(ctx.calls).some((ch) => ch.name === str(args.name))) return { ok: false, error: 'name_taken' };
      return { ok: true, channel: { id: nextId('C', c), name: str(args.name), is_private: args.is_private === 'true' || args.is_private === true, creator: 'UBOT' } };
    case 'users.conversations':
      // The bot is in every channel it created.
      return { ok: true, channels: createdChannels(ctx.calls), response_metadata: { next_cursor: '' } };
    case 'conversations.invite':
    case 'conversations.join':
    case 'conversations.info':
      return { ok: true, channel: { id: channel } };
    case 'conversations.history':
      return { ok: true, messages: posted(ctx.calls, channel).slice(0, Number(args.limit ?? 100)), has_more: false, response_metadata: { next_cursor: '' } };
    case 'conversations.replies':
      return { ok: true, messages: posted(ctx.calls, channel, str(args.ts)), has_more: false, response_metadata: { next_cursor: '' } };
    case 'conversations.members':
      return { ok: true, members: [], response_metadata: { next_cursor: '' } };
    case 'users.lookupByEmail': {
      const id = ctx.users.get(str(args.email).toLowerCase()) ?? ctx.users.get(str(args.email));
      return id ? { ok: true, user: userObject(id, str(args.email)) } : { ok: false, error: 'users_not_found' };
    }
    case 'users.info': {
      const id = str(args.user);
      const email = [...ctx.users.entries()].find(([, uid]) => uid === id)?.[0];
      return { ok: true, user: userObject(id, email) };
    }
    case 'reactions.add':
    case 'reactions.remove':
    case 'pins.add':
    case 'pins.remove':
      return { ok: true };
    case 'files.getUploadURLExternal': {
      const fileId = nextId('F', c);
      return { ok: true, file_id: fileId, upload_url: `${ctx.origin}/upload/${fileId}` };
    }
    case 'files.completeUploadExternal': {
      const files = Array.isArray(args.files) ? (args.files as Array<{ id?: string; title?: string }>) : [];
      return {
        ok: true,
        files: files.map((f) => ({
          id: f.id, title: f.title, name: f.title,
          permalink: `https://example.slack.com/files/UBOT/${f.id}`,
        })),
      };
    }
    case 'upload_url':
    case 'response_url':
      return { ok: true };
    default:
      return { ok: false, error: 'unknown_method' };
  }
}

function userObject(id: string, email: string | undefined): object {
  const name = id.toLowerCase();
  return {
    id, team_id: 'T1', name, real_name: `User ${id}`, deleted: false, is_bot: false,
    tz: 'Asia/Shanghai', tz_offset: 28800, locale: 'en-US',
    profile: { email, display_name: name, real_name: `User ${id}` },
  };
}
