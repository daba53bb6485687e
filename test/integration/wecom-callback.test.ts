/**
 * WeCom's callback URL on Pledge's own server: the URL check, message and event callbacks
 * encrypted and signed as WeCom does it (test/support/wecom-callbacks.ts, built without the
 * library Pledge decrypts with), refused when the signature, the corp id or the time is wrong,
 * and acted on once however often WeCom sends it again, on whichever replica it lands.
 */
import { expect, it } from 'vitest';
import { describeEachDb } from '../support/db';
import { startHarness } from '../support/pledge-harness';
import { cardClickXml, encryptForWeCom, postCallback, signForWeCom, textMessageXml, urlCheck, WECOM_TOKEN } from '../support/wecom-callbacks';
import { useCallbackPledge } from '../support/wecom-pledge';
import { WECOM_AGENT_ID, WECOM_CORP_ID } from '../support/wecom-stand-in';

const MSG_ID = '7243957357437265972'; // above 2^53: kept as text, never rounded

describeEachDb('WeCom callback', (getDb) => {
  const { h, acts, options, now, ours } = useCallbackPledge(getDb);
  const queued = () => h.db.prisma.notification.findMany({ where: { kind: 'wecom.callback' } });
  const text = (content = '我要投诉', msgId = MSG_ID) => textMessageXml(WECOM_CORP_ID, 'zhangsan', content, msgId, now(), WECOM_AGENT_ID);

  it('answers the URL check with the decrypted echostr, exactly', async () => {
    const res = await urlCheck(h.baseUrl, '1616140317555161061', ours());
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('1616140317555161061');
  });

  it('refuses a URL check signed with another token, and does not decrypt it', async () => {
    const res = await urlCheck(h.baseUrl, '1616140317555161061', { ...ours(), token: 'notOurToken' });
    expect(res.status).toBe(401);
    expect(await res.text()).not.toContain('1616140317555161061');
  });

  it('takes a member\'s message: answered with an empty 200, queued, then acted on', async () => {
    const res = await postCallback(h.baseUrl, text(), ours());
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
    expect(await queued()).toHaveLength(1);
    await h.deliver();
    expect(acts).toHaveLength(1);
    expect(acts[0]).toMatchObject({ FromUserName: 'zhangsan', MsgType: 'text', Content: '我要投诉', MsgId: MSG_ID });
  });

  it('takes a message whose text holds a NUL character, which the database cannot store: queued without it, acted on once', async () => {
    const res = await postCallback(h.baseUrl, text('我要\u0000投诉'), ours());
    expect(res.status).toBe(200);
    expect(await queued()).toHaveLength(1);
    await h.deliver();
    expect(acts).toHaveLength(1);
    expect(acts[0]).toMatchObject({ MsgType: 'text', Content: '我要投诉', MsgId: MSG_ID });
  });

  it('refuses a callback whose signature does not match, and queues nothing', async () => {
    const res = await postCallback(h.baseUrl, text(), { ...ours(), signature: 'a'.repeat(40) });
    expect(res.status).toBe(401);
    const signedByOther = await postCallback(h.baseUrl, text(), { ...ours(), token: 'notOurToken' });
    expect(signedByOther.status).toBe(401);
    await h.deliver();
    expect(await queued()).toEqual([]);
    expect(acts).toEqual([]);
  });

  it('refuses a callback encrypted for another corp id, though signed with our token', async () => {
    const res = await postCallback(h.baseUrl, text(), { ...ours(), receiverId: 'wwffffffffffffffff' });
    expect(res.status).toBe(403);
    expect(await queued()).toEqual([]);
  });

  it('refuses a callback encrypted with another EncodingAESKey', async () => {
    const res = await postCallback(h.baseUrl, text(), { ...ours(), aesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG' });
    expect(res.status).toBe(403);
    expect(await queued()).toEqual([]);
  });

  it('refuses a callback whose timestamp is more than five minutes old (a captured request played again)', async () => {
    const stale = await postCallback(h.baseUrl, text(), { ...ours(), timestamp: now() - 301 });
    expect(stale.status).toBe(403);
    const early = await postCallback(h.baseUrl, text(), { ...ours(), timestamp: now() + 301 });
    expect(early.status).toBe(403);
    expect(await queued()).toEqual([]);
    // Just inside the window it is taken: WeCom's retries and a little clock drift fit.
    expect((await postCallback(h.baseUrl, text(), { ...ours(), timestamp: now() - 299 })).status).toBe(200);
  });

  it('acts once on a message WeCom sends again (same MsgId), also when it reaches a second replica', async () => {
    expect((await postCallback(h.baseUrl, text(), ours())).status).toBe(200);
    expect((await postCallback(h.baseUrl, text(), ours())).status).toBe(200);
    const other = await startHarness(h.db, options);
    try {
      // Another replica on the same database, or this one after a restart: the same answer, no second row.
      expect((await postCallback(other.baseUrl, text(), ours())).status).toBe(200);
      await Promise.all([h.deliver(), other.deliver()]);
    } finally {
      await other.stop();
    }
    expect(await queued()).toHaveLength(1);
    expect(acts).toHaveLength(1);
    // Another message is another MsgId.
    await postCallback(h.baseUrl, text('再说一件', '7243957357437265973'), ours());
    await h.deliver();
    expect(acts.map((a) => a.Content)).toEqual(['我要投诉', '再说一件']);
  });

  it('acts once when WeCom sends again while the first delivery is still being answered (an answer too late for WeCom)', async () => {
    // WeCom gives up after 5 s and sends the same callback again; both may be in flight at once.
    const answers = await Promise.all([1, 2, 3].map(() => postCallback(h.baseUrl, text(), ours())));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    await h.deliver();
    expect(await queued()).toHaveLength(1);
    expect(acts).toHaveLength(1);
  });

  it('acts once on an event sent again (same sender and CreateTime), and on two clicks as two', async () => {
    const click = (responseCode: string, eventKey = 'accept:PLG-1') => cardClickXml(WECOM_CORP_ID, 'lisi', now(), WECOM_AGENT_ID, { eventKey, taskId: 'PLG-1-accept', responseCode });
    await postCallback(h.baseUrl, click('rc1'), ours());
    await postCallback(h.baseUrl, click('rc1'), ours());
    await postCallback(h.baseUrl, click('rc2', 'decline:PLG-1'), ours());
    await h.deliver();
    expect(acts.map((a) => [a.Event, a.EventKey, a.ResponseCode])).toEqual([
      ['template_card_event', 'accept:PLG-1', 'rc1'],
      ['template_card_event', 'decline:PLG-1', 'rc2'],
    ]);
  });

  it('takes an envelope whose ciphertext is plain text rather than CDATA, and refuses it signed by another token', async () => {
    const ciphertext = encryptForWeCom(text('不用 CDATA'), WECOM_CORP_ID);
    const body = `<xml><ToUserName>${WECOM_CORP_ID}</ToUserName><AgentID>${WECOM_AGENT_ID}</AgentID><Encrypt>${ciphertext}</Encrypt></xml>`;
    const post = (token: string) => {
      const q = new URLSearchParams({ msg_signature: signForWeCom(token, String(now()), 'n1', ciphertext), timestamp: String(now()), nonce: 'n1' });
      return fetch(`${h.baseUrl}/wecom/callback?${q}`, { method: 'POST', body });
    };
    expect((await post('notOurToken')).status).toBe(401);
    expect((await post(WECOM_TOKEN)).status).toBe(200);
    await h.deliver();
    expect(acts.map((a) => a.Content)).toEqual(['不用 CDATA']);
  });

  it('turns away what is not a WeCom callback: no query, not XML, a DOCTYPE', async () => {
    expect((await fetch(`${h.baseUrl}/wecom/callback`, { method: 'POST', body: '<xml/>' })).status).toBe(400);
    const q = new URLSearchParams({ msg_signature: 'x', timestamp: String(now()), nonce: 'n' });
    expect((await fetch(`${h.baseUrl}/wecom/callback?${q}`, { method: 'POST', body: 'not xml' })).status).toBe(400);
    const doctype = '<!DOCTYPE xml [<!ENTITY a "aaaa">]><xml><Encrypt>&a;</Encrypt></xml>';
    expect((await fetch(`${h.baseUrl}/wecom/callback?${q}`, { method: 'POST', body: doctype })).status).toBe(400);
    expect(await queued()).toEqual([]);
  });
});
