/**
 * The load generator: rounds of signed `/complaint` requests fired all at once, each timed from
 * the moment it is written to the moment its response has fully arrived. Requests are signed
 * before the clock starts, and a keep-alive agent holds one socket per concurrent request, so
 * after warm-up neither HMAC nor TCP handshakes land in the samples.
 */
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { signBody, triggerId } from '../test/support/signed-requests';

export interface Target {
  name: string;
  port: number;
  agent: Agent;
}

export function target(name: string, port: number, concurrency: number): Target {
  return { name, port, agent: new Agent({ keepAlive: true, maxSockets: concurrency, maxFreeSockets: concurrency }) };
}

export interface RoundResult {
  latenciesMs: number[];
  /** Anything but an empty 200 (Bolt's answer to a bare ack()), as "status body". */
  failures: string[];
}

/** Shaped as Slack sends a slash command; no text, so the listener acks and opens the modal. */
function commandBody(userId: string, responseUrl: string): string {
  return new URLSearchParams({
    token: 'verification-token', team_id: 'T1', team_domain: 'example', channel_id: 'C1', channel_name: 'complaints',
    user_id: userId, user_name: userId.toLowerCase(), command: '/complaint', text: '', api_app_id: 'A1',
    is_enterprise_install: 'false', response_url: responseUrl, trigger_id: triggerId(),
  }).toString();
}

export async function fireRound(t: Target, secret: string, concurrency: number, responseUrl: string): Promise<RoundResult> {
  const requests = Array.from({ length: concurrency }, (_, i) => {
    const body = commandBody(`UBENCH${i}`, responseUrl);
    return { body, headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(Buffer.byteLength(body)), ...signBody(secret, body) } };
  });
  // A request that fails (a reset socket on a machine so busy the server's keep-alive ran out
  // between rounds) is a failed request in the report, not the end of the run.
  const results = await Promise.all(requests.map((r) => timedPost(t, r.body, r.headers).catch((error: Error) => ({ ms: NaN, status: 0, body: `${error.name}: ${error.message}` }))));
  return {
    latenciesMs: results.filter((r) => !Number.isNaN(r.ms)).map((r) => r.ms),
    failures: results.filter((r) => r.status !== 200 || r.body !== '').map((r) => `${r.status} ${r.body.slice(0, 200)}`),
  };
}

/** One POST, timed from writing it to its answer's last byte (Slack's endpoint unless `path` says otherwise). */
export function timedPost(t: Target, body: string, headers: Record<string, string>, path = '/slack/events'): Promise<{ ms: number; status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = request({ host: '127.0.0.1', port: t.port, path, method: 'POST', headers, agent: t.agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ ms: performance.now() - started, status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}
