/**
 * Hostile input at POST /slack/events, handled where Bolt 5.1's HTTPReceiver does not:
 *
 * - Size: bodies over MAX_BODY_BYTES get 413 before anything is buffered past the limit and
 *   before any signature work. (HTTPReceiver's own `bodyLimit` option does the same inside Bolt
 *   and is set too; the guard has to read the body anyway, for the next point.)
 * - Shape: a body that parses to `null` (JSON `null`, or `payload=null`) makes HTTPReceiver read
 *   `body.ssl_check` off null inside a detached promise: the request never gets an answer and
 *   Node sees an unhandled rejection, which ends the process by default. Anything that is not a
 *   JSON object is refused here (401 unless signed, then 400); Slack never sends one.
 * - Routing: a payload whose shape Bolt cannot route (say `team` missing) throws before any
 *   listener runs, and Bolt answers 500, inviting Slack to retry it. It is the request's fault,
 *   so answerUnroutable says 400.
 *
 * - No answer: a request no listener acknowledges (an action, view, shortcut or command Pledge
 *   does not know) got Bolt's 404 only when Bolt's 3-second net ran out, holding its connection
 *   all that time; a flood of them held that many sockets. Once Bolt has run every listener on
 *   it without an answer, none can come: answerUnacknowledged says 404 then.
 *
 * The guard hands Bolt the body it read as `rawBody`, the documented way to pass a pre-read
 * request (HTTPModuleFunctions.bufferIncomingMessage skips reading then); Bolt still verifies the
 * signature over exactly those bytes.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { HTTPModuleFunctions, isValidSlackRequest, type App, type ReceiverProcessEventErrorHandlerArgs, type ReceiverUnhandledRequestHandlerArgs } from '@slack/bolt';

/** Slack's own payloads stay far below this (a modal holds at most 100 blocks); Bolt's default is 4 MB. */
export const MAX_BODY_BYTES = 1024 * 1024;

type Buffered = IncomingMessage & { rawBody?: Buffer };

/** The response of the request Bolt is working on, for answerUnacknowledged (Bolt hands its listeners no response). */
const responses = new AsyncLocalStorage<ServerResponse>();

export function guardSlackRequests(endpoint: string, signingSecret: string, next: RequestListener): RequestListener {
  return (req, res) => {
    if (req.method !== 'POST' || pathOf(req) !== endpoint) return next(req, res);
    const declared = Number(req.headers['content-length']);
    if (declared > MAX_BODY_BYTES) return refuse(req, res, 413);
    const chunks: Buffer[] = [];
    let size = 0;
    let finished = false;
    req.on('data', (chunk: Buffer) => {
      if (finished) return;
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        finished = true;
        chunks.length = 0;
        refuse(req, res, 413);
      } else chunks.push(chunk);
    });
    req.on('error', () => {
      if (!finished) (finished = true), refuse(req, res, 400);
    });
    req.on('end', () => {
      if (finished) return;
      finished = true;
      (req as Buffered).rawBody = Buffer.concat(chunks);
      // Authenticity is still judged first, as Bolt would: only Slack learns what we think of its payloads.
      if (!parsesToObject(req as Buffered)) return refuse(req, res, isSigned(req as Buffered, signingSecret) ? 400 : 401);
      responses.run(res, () => next(req, res));
    });
  };
}

/**
 * Answers 404, Bolt's own answer for a request nobody acknowledged, as soon as Bolt is done with
 * the request rather than when its net runs out (see "No answer" above). Bolt's processEvent
 * settles once every listener on the request has finished, and with processBeforeResponse off an
 * ack is written at once, so a response still unwritten then will never be. Socket Mode has no
 * response here and is left as it was.
 */
export function answerUnacknowledged(app: App): void {
  const processEvent = app.processEvent.bind(app);
  app.processEvent = async (event) => {
    const response = responses.getStore();
    await processEvent(event);
    if (response && !response.headersSent) {
      response.writeHead(404);
      response.end();
    }
  };
}

/** For HTTPReceiver's unhandledRequestHandler: Bolt's net, quiet about a request answerUnacknowledged already answered. */
export function answerUnhandled(args: ReceiverUnhandledRequestHandlerArgs): void {
  if (!args.response.headersSent) HTTPModuleFunctions.defaultUnhandledRequestHandler(args);
}

/** For HTTPReceiver's processEventErrorHandler: a payload Bolt could not route is a bad request. */
export async function answerUnroutable(args: ReceiverProcessEventErrorHandlerArgs): Promise<boolean> {
  const { error, logger, response } = args;
  if (response.headersSent || error.name === 'AuthorizationError') return HTTPModuleFunctions.defaultProcessEventErrorHandler(args);
  // The message names the missing property, never the payload's content (which may be personal data).
  logger.warn(`refused a payload Bolt could not route: ${error.message}`);
  response.writeHead(400);
  response.end();
  return true; // acknowledged: stops Bolt's 3-second "not acknowledged" timer
}

function parsesToObject(req: Buffered): boolean {
  try {
    const body: unknown = HTTPModuleFunctions.parseHTTPRequestBody(req as never);
    return typeof body === 'object' && body !== null && !Array.isArray(body);
  } catch {
    return true; // unparseable: Bolt answers 400 itself, after checking the signature
  }
}

function isSigned(req: Buffered, signingSecret: string): boolean {
  const signature = req.headers['x-slack-signature'];
  const timestamp = Number(req.headers['x-slack-request-timestamp']);
  if (typeof signature !== 'string' || !Number.isFinite(timestamp)) return false;
  const headers = { 'x-slack-signature': signature, 'x-slack-request-timestamp': timestamp };
  return isValidSlackRequest({ signingSecret, body: req.rawBody?.toString('utf8') ?? '', headers });
}

function refuse(req: IncomingMessage, res: ServerResponse, status: 400 | 401 | 413): void {
  // Stop reading: what is still on its way is not ours to buffer. The connection closes after the answer.
  req.removeAllListeners('data');
  req.pause();
  if (!res.headersSent) res.writeHead(status, { connection: 'close' });
  res.end();
}

function pathOf(req: IncomingMessage): string {
  try {
    return new URL(req.url ?? '/', 'http://localhost').pathname;
  } catch {
    return '';
  }
}
