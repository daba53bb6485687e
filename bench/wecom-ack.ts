/**
 * Issue 14, point 11: how fast Pledge answers WeCom's callbacks, beside Slack's ack. Each round
 * posts `concurrency` callbacks at once to Pledge's own process at /wecom/callback, built as
 * WeCom sends them (a member's text message to the app, AES-256-CBC with the EncodingAESKey,
 * the SHA-1 msg_signature over token, timestamp, nonce and ciphertext: test/support's
 * wecom-callbacks.ts, written from WeCom's documentation), each with its own MsgId so each is
 * verified, decrypted and written to the outbox. They are encrypted and signed before the clock
 * starts. WeCom waits 5 seconds for the answer; the target is a p99 under 100 ms on the
 * embedded database.
 */
import { randomBytes } from 'node:crypto';
import type { WeComEnv } from '../src/config';
import { encryptForWeCom, signForWeCom, textMessageXml, WECOM_AES_KEY, WECOM_TOKEN } from '../test/support/wecom-callbacks';
import { WECOM_AGENT_ID, WECOM_CORP_ID, WECOM_SECRET } from '../test/support/wecom-stand-in';
import type { AppHandle } from './app-handle';
import { target, timedPost, type RoundResult } from './load';

export const WECOM_TARGET_P99_MS = 100;

/** The members the callbacks come from: the stand-in knows them, should a listener answer one. */
export const benchMembers = (concurrency: number): string[] => Array.from({ length: concurrency }, (_, i) => `wecombench${i}`);

/** WeCom's settings for the Pledge process: the stand-in's ids and the callbacks' keys. */
export function weComBenchEnv(apiUrl: string): WeComEnv {
  return { corpId: WECOM_CORP_ID, agentId: WECOM_AGENT_ID, secret: WECOM_SECRET, token: WECOM_TOKEN, encodingAesKey: WECOM_AES_KEY, apiUrl };
}

let msgIds = 7_100_000_000_000_000_000n;

/**
 * One round: `concurrency` distinct callbacks, answered as WeCom expects (an empty 200). Each
 * round opens its own connections, as WeCom's servers reach Pledge from outside: a socket kept
 * idle through the wait between rounds may be closed by the server's keep-alive timeout just as
 * it is reused, which says nothing about Pledge. A request that fails counts as a failure.
 */
export async function fireWeComRound(port: number, concurrency: number): Promise<RoundResult> {
  const t = target('wecom', port, concurrency);
  const createTime = Math.floor(Date.now() / 1000);
  const requests = benchMembers(concurrency).map((member) => {
    const inner = textMessageXml(WECOM_CORP_ID, member, '登记投诉', String(msgIds++), createTime, WECOM_AGENT_ID);
    const ciphertext = encryptForWeCom(inner, WECOM_CORP_ID);
    const timestamp = String(createTime);
    const nonce = randomBytes(6).toString('hex');
    const query = new URLSearchParams({ msg_signature: signForWeCom(WECOM_TOKEN, timestamp, nonce, ciphertext), timestamp, nonce });
    const body = `<xml><ToUserName><![CDATA[${WECOM_CORP_ID}]]></ToUserName><AgentID><![CDATA[${WECOM_AGENT_ID}]]></AgentID><Encrypt><![CDATA[${ciphertext}]]></Encrypt></xml>`;
    return { path: `/wecom/callback?${query}`, body, headers: { 'content-type': 'text/xml', 'content-length': String(Buffer.byteLength(body)) } };
  });
  const results = await Promise.all(
    requests.map((r) => timedPost(t, r.body, r.headers, r.path).catch((error: Error) => ({ ms: NaN, status: 0, body: `${error.name}: ${error.message}` }))),
  );
  t.agent.destroy();
  return {
    latenciesMs: results.filter((r) => !Number.isNaN(r.ms)).map((r) => r.ms),
    failures: results.filter((r) => r.status !== 200 || r.body !== '').map((r) => `${r.status} ${r.body.slice(0, 200)}`),
  };
}

/**
 * Waits until the app has done what the round gave it (the outbox acting on each callback):
 * its CPU use falls quiet for a while, or 10 s pass. The next round then meets an idle process,
 * as the Slack rounds do.
 */
export async function settleApp(app: AppHandle): Promise<void> {
  const deadline = Date.now() + 10_000;
  let last = await app.cpuMs();
  let quiet = 0;
  while (quiet < 3 && Date.now() < deadline) {
    await sleep(30);
    const now = await app.cpuMs();
    // Under 10% of one core for three samples in a row: the outbox's idle polls, no more.
    quiet = now - last < 3 ? quiet + 1 : 0;
    last = now;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
