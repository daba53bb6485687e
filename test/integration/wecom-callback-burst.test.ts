/**
 * WeCom's callbacks arriving together on connections of their own (issue 14, point 11): WeCom
 * opens a connection per callback, and the connections of a burst are there a moment before
 * its requests. A callback's write waits while connections the server accepted have sent
 * nothing yet (web/arrivals.ts), so the burst shares one statement instead of trickling into
 * one statement per row; each callback is still answered 200 only once its row has committed.
 * The waits are widened here so that they end on their reason, never on time.
 */
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { randomBytes } from 'node:crypto';
import { afterEach, expect, it } from 'vitest';
import { describeEachDb } from '../support/db';
import { encryptForWeCom, signForWeCom, textMessageXml, WECOM_TOKEN } from '../support/wecom-callbacks';
import { useCallbackPledge } from '../support/wecom-pledge';
import { WECOM_AGENT_ID, WECOM_CORP_ID } from '../support/wecom-stand-in';

const HOLD_MS = 600_000;

describeEachDb('WeCom callbacks arriving on connections of their own', (getDb) => {
  const { h, acts, now } = useCallbackPledge(getDb, { gather: { maxWaitMs: HOLD_MS, silentForMs: HOLD_MS } });
  const sockets: Socket[] = [];
  afterEach(() => {
    for (const s of sockets.splice(0)) s.destroy();
  });

  const port = () => Number(new URL(h.baseUrl).port);
  const open = () =>
    new Promise<Socket>((resolve, reject) => {
      const socket = connect(port(), '127.0.0.1', () => resolve(socket)).on('error', reject);
      sockets.push(socket);
    });
  /** Sends one HTTP request on `socket` (already connected) and resolves with the answer's status and body. */
  const exchange = (socket: Socket, method: string, path: string, body = '', headers: Record<string, string> = {}) =>
    new Promise<[number, string]>((resolve, reject) => {
      const headersOut = { ...headers, 'content-length': String(Buffer.byteLength(body)), connection: 'close' };
      const req = request({ host: '127.0.0.1', port: port(), method, path, headers: headersOut, createConnection: () => socket }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c)).on('error', reject).on('end', () => resolve([res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8')]));
      });
      req.on('error', reject).end(body);
    });
  /** A member's text message, encrypted and signed as WeCom sends it, posted on `socket`. */
  const post = (socket: Socket, content: string, msgId: string) => {
    const ciphertext = encryptForWeCom(textMessageXml(WECOM_CORP_ID, 'zhangsan', content, msgId, now(), WECOM_AGENT_ID), WECOM_CORP_ID);
    const timestamp = String(now());
    const nonce = randomBytes(6).toString('hex');
    const query = new URLSearchParams({ msg_signature: signForWeCom(WECOM_TOKEN, timestamp, nonce, ciphertext), timestamp, nonce });
    const body = `<xml><ToUserName><![CDATA[${WECOM_CORP_ID}]]></ToUserName><AgentID><![CDATA[${WECOM_AGENT_ID}]]></AgentID><Encrypt><![CDATA[${ciphertext}]]></Encrypt></xml>`;
    return exchange(socket, 'POST', `/wecom/callback?${query}`, body, { 'content-type': 'text/xml' });
  };
  const callbackRows = () =>
    h.db.prisma.$queryRawUnsafe<{ key: string; tx: string }[]>(`SELECT "dedupeKey" AS key, xmin::text AS tx FROM "Notification" WHERE kind = 'wecom.callback' ORDER BY id`);

  it('writes a burst in one statement once its last callback has arrived, answering each 200 after it committed', async () => {
    // The route learns which server to watch from a first request (a malformed one will do).
    expect(await exchange(await open(), 'GET', '/wecom/callback')).toEqual([400, 'missing msg_signature, timestamp or nonce']);
    const burst = [await open(), await open(), await open()];
    // Answered on a connection opened after the burst's: the server has accepted those too.
    expect((await exchange(await open(), 'GET', '/healthz'))[0]).toBe(200);

    const answers = [post(burst[0]!, '第一件', '7400000000000000001')];
    await h.pledge.wecom!.route.record.whenPending(1);
    // Verified and waiting: the other two connections have not sent their callbacks yet.
    expect(await callbackRows()).toEqual([]);
    answers.push(post(burst[1]!, '第二件', '7400000000000000002'), post(burst[2]!, '第三件', '7400000000000000003'));

    expect(await Promise.all(answers)).toEqual([[200, ''], [200, ''], [200, '']]);
    const rows = await callbackRows();
    expect(rows.map((r) => r.key)).toEqual(['wecom:msg:7400000000000000001', 'wecom:msg:7400000000000000002', 'wecom:msg:7400000000000000003']);
    // One statement, one transaction: the three rows were written by the same one.
    expect(new Set(rows.map((r) => r.tx)).size).toBe(1);
    await h.deliver();
    expect(acts.map((a) => a.Content)).toEqual(['第一件', '第二件', '第三件']);
  });

  it('writes a lone callback at once when no other connection is on its way', async () => {
    expect(await exchange(await open(), 'GET', '/wecom/callback')).toEqual([400, 'missing msg_signature, timestamp or nonce']);
    // With the wait widened, a held write would never be answered within the test's nets.
    expect(await post(await open(), '一件', '7400000000000000011')).toEqual([200, '']);
    expect((await callbackRows()).map((r) => r.key)).toEqual(['wecom:msg:7400000000000000011']);
  });
});
