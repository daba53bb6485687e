/**
 * GET and POST /wecom/callback: WeCom's URL check and its message and event callbacks.
 *
 * WeCom waits 5 seconds (the URL check: 1 second) and then sends the callback again, up to three
 * times; any answer but 200 counts as a failure and is retried too. So a verified callback is
 * written to the outbox as one row and answered at once; what it asks for is done afterwards
 * by the dispatcher (kind `wecom.callback`). The row's dedupe key is the message's identity
 * (MsgId, or for events the sender and CreateTime), so a retry, a replay within the time window,
 * or the same callback reaching another replica finds the row there and changes nothing.
 * Nothing here logs what a member wrote.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Clock } from '../clock';
import { batchedWrite, type BatchedWrite } from '../db/batched-write';
import { enqueue, type OutboxMessage } from '../db/outbox';
import type { Store } from '../db/tx';
import { Arrivals } from '../web/arrivals';
import { openCallback, type CallbackKeys } from './callback-crypto';
import { parseXml, text, type XmlFields } from './xml';

export const CALLBACK_PATH = '/wecom/callback';
export const CALLBACK_KIND = 'wecom.callback';

/** Callbacks are a few hundred bytes; anything past this is not WeCom. */
const MAX_BODY_BYTES = 64 * 1024;
/**
 * How far a callback's timestamp may be from our clock. WeCom's three retries come within
 * about 15 seconds; five minutes leaves room for clock drift and refuses old captured requests.
 */
export const DEFAULT_WINDOW_SECONDS = 300;
/** The longest a callback's write waits for the callbacks still arriving with it. */
export const GATHER_MS = 20;
/** How long a connection that has sent nothing yet counts as a callback on its way. */
export const SILENT_FOR_MS = 100;

export interface CallbackDeps {
  keys: CallbackKeys;
  agentId: number;
  prisma: Store;
  clock: Clock;
  /** Tells the outbox runner there is work (it would find it on its next poll anyway). */
  queued?: () => void;
  /**
   * Called as a callback starts to be handled; the function it returns, once it is answered.
   * The dispatcher waits while answers are pending (chat/answers-first.ts).
   */
  answering?: () => () => void;
  log: (level: 'info' | 'warn' | 'error', message: string) => void;
  windowSeconds?: number;
  /** How long a write waits for a burst's callbacks still arriving, and a silent connection counts as one (tests widen both). */
  gather?: { maxWaitMs: number; silentForMs: number };
}

export interface Mount {
  prefix: string;
  handle: RequestListener;
}

/** The route, and the writer its callbacks are recorded through (tests watch a batch form). */
export interface CallbackRoute extends Mount {
  record: BatchedWrite<OutboxMessage>;
}

/** The callback as mounted beside Slack's endpoint and the pages, on the same server. */
export function weComCallbackRoute(deps: CallbackDeps): CallbackRoute {
  // Callbacks arriving while one is being written go together in the next statement (group
  // commit); each is answered once the statement that carried it has committed.
  // A burst arriving on fresh connections (web/arrivals.ts) waits for its last callbacks, up to
  // 20 ms, and shares a statement: written a row or two at a time as it trickled in, its
  // statements cost the thread that answers more than its rows (npm run bench -- ack).
  const gather = deps.gather ?? { maxWaitMs: GATHER_MS, silentForMs: SILENT_FOR_MS };
  const arrivals = new Arrivals(gather.silentForMs);
  const record = batchedWrite<OutboxMessage>((rows) => enqueue(deps.prisma, deps.clock.now(), rows), 200, { coming: () => arrivals.coming(), maxWaitMs: gather.maxWaitMs });
  return {
    prefix: CALLBACK_PATH,
    record,
    handle: (req, res) => {
      arrivals.watch(req);
      const answered = deps.answering?.();
      res.once('close', () => answered?.());
      handle(deps, record, req, res).catch((error) => {
        deps.log('error', `wecom callback: ${error instanceof Error ? error.message : String(error)}`);
        if (!res.headersSent) answer(res, 500, 'error');
      });
    },
  };
}

async function handle(deps: CallbackDeps, record: BatchedWrite<OutboxMessage>, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://callback');
  if (url.pathname !== CALLBACK_PATH) return answer(res, 404, 'not found');
  // URLSearchParams decodes the query the way WeCom's own samples urldecode it.
  const q = url.searchParams;
  const query = { signature: q.get('msg_signature') ?? '', timestamp: q.get('timestamp') ?? '', nonce: q.get('nonce') ?? '' };
  if (!query.signature || !query.nonce || !/^\d{1,12}$/.test(query.timestamp)) return answer(res, 400, 'missing msg_signature, timestamp or nonce');
  const window = deps.windowSeconds ?? DEFAULT_WINDOW_SECONDS;
  if (Math.abs(deps.clock.now().getTime() / 1000 - Number(query.timestamp)) > window) {
    deps.log('warn', `wecom callback: refused, timestamp ${query.timestamp} is more than ${window} s from now`);
    return answer(res, 403, 'stale timestamp');
  }

  if (req.method === 'GET') {
    // The URL check: the decrypted echostr, as it is (no quotes, BOM or newline), within 1 second.
    const opened = openCallback(deps.keys, query, q.get('echostr') ?? '');
    if (!opened.ok) return refuse(deps, res, opened.reason);
    return answer(res, 200, opened.message);
  }
  if (req.method !== 'POST') return answer(res, 405, 'method not allowed');

  const body = await readBody(req);
  if (body === undefined) return answer(res, 413, 'too large');
  const ciphertext = ciphertextOf(body);
  if (!ciphertext) return answer(res, 400, 'not a WeCom callback');
  const opened = openCallback(deps.keys, query, ciphertext);
  if (!opened.ok) return refuse(deps, res, opened.reason);
  // PostgreSQL cannot store U+0000 in text or jsonb: a member's text holding one would fail on
  // every retry and be lost. XML 1.0 does not allow the character either, so nothing is lost.
  const message = parseXml(opened.message.replaceAll('\u0000', ''));
  if (!message) return answer(res, 400, 'not a WeCom message');
  // Another app of the same corp signs with its own token; this guards a shared token.
  const agent = text(message, 'AgentID');
  if (agent && agent !== String(deps.agentId)) {
    deps.log('warn', `wecom callback: ignored, it is for agent ${agent}, not ours`);
    return answer(res, 200, '');
  }
  const key = callbackKey(message);
  if (!key) return answer(res, 400, 'a message without MsgId, or an event without FromUserName and CreateTime');
  await record({ dedupeKey: key, kind: CALLBACK_KIND, target: text(message, 'FromUserName') ?? '', payload: { message } });
  // An empty 200: received, no passive reply; WeCom will not send it again.
  answer(res, 200, '');
  deps.queued?.();
}

/**
 * The envelope's ciphertext. WeCom sends it as `<Encrypt><![CDATA[...]]></Encrypt>`, read here
 * without the XML parser, which spent on this one field (0.15 ms) nearly what verifying,
 * decrypting and parsing the message take together; any other form goes through the parser. Either way the ciphertext is only trusted once its signature is
 * checked, so reading it leniently lets nothing in.
 */
function ciphertextOf(body: string): string | undefined {
  if (/<!DOCTYPE|<!ENTITY/i.test(body)) return undefined;
  const wrapped = ENCRYPT_CDATA.exec(body);
  if (wrapped) return wrapped[1];
  const envelope = parseXml(body);
  return envelope && text(envelope, 'Encrypt');
}

const ENCRYPT_CDATA = /<Encrypt><!\[CDATA\[([A-Za-z0-9+/=]+)\]\]><\/Encrypt>/;

/**
 * A callback's identity across WeCom's retries: MsgId for messages, as WeCom advises; for events
 * the sender and CreateTime, with the event's name and (for card clicks) its response code, so
 * two different events in the same second stay two.
 */
export function callbackKey(message: XmlFields): string | undefined {
  const msgId = text(message, 'MsgId');
  if (msgId) return `wecom:msg:${msgId}`;
  const from = text(message, 'FromUserName');
  const created = text(message, 'CreateTime');
  if (!from || !created) return undefined;
  return ['wecom:event', from, created, text(message, 'Event') ?? '', text(message, 'EventKey') ?? '', text(message, 'ResponseCode') ?? ''].join(':');
}

function refuse(deps: CallbackDeps, res: ServerResponse, reason: 'signature' | 'ciphertext' | 'receiver'): void {
  deps.log('warn', `wecom callback: refused, ${{ signature: 'the signature does not match', ciphertext: 'the ciphertext does not decrypt', receiver: 'it was encrypted for another corp id' }[reason]}`);
  answer(res, reason === 'signature' ? 401 : 403, 'refused');
}

function answer(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
  res.end(body);
}

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      // Past the limit: keep reading (to answer 413 on a sound connection) but keep nothing.
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
