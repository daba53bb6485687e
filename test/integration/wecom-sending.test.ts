/**
 * Sending to WeCom members through the stand-in of WeCom's API: one access token for many
 * messages (and for callers who ask at once), renewed when WeCom says it expired or is invalid,
 * text, markdown and button cards as WeCom takes them, and WeCom's 30-a-minute limit per member
 * kept through the outbox: the 31st message waits for a free slot instead of being dropped, on
 * one replica or two.
 */
import { afterEach, expect, it } from 'vitest';
import { DeliveryDeferred } from '../../src/chat/deferred';
import { PermanentDeliveryError } from '../../src/chat/port';
import type { WeComEnv } from '../../src/config/wecom-env';
import { enqueue } from '../../src/db/outbox';
import { buttonCard, markdownMessage, textMessage } from '../../src/wecom/messages';
import { MESSAGE_KIND } from '../../src/wecom/wecom';
import { describeEachDb } from '../support/db';
import { useHarness } from '../support/pledge-harness';
import { WECOM_AES_KEY, WECOM_TOKEN } from '../support/wecom-callbacks';
import { startWeComStandIn, WECOM_AGENT_ID, WECOM_CORP_ID, WECOM_SECRET, type WeComStandIn } from '../support/wecom-stand-in';

describeEachDb('Sending to WeCom members', (getDb) => {
  let wecom: WeComStandIn;
  let env: WeComEnv;
  const h = useHarness(getDb, async () => {
    wecom = await startWeComStandIn({ now: () => h.clock.now() });
    env = { corpId: WECOM_CORP_ID, agentId: WECOM_AGENT_ID, secret: WECOM_SECRET, token: WECOM_TOKEN, encodingAesKey: WECOM_AES_KEY, apiUrl: wecom.url };
    return { wecom: { env } };
  });
  afterEach(async () => {
    await wecom?.close();
  });
  const sender = () => h.pledge.wecom!.sender;

  it('fetches the access token once for many messages, also when they all ask at once', async () => {
    await Promise.all(['zhangsan', 'lisi', 'wangwu', 'zhangsan', 'lisi'].map((m, i) => sender().toMember(m, textMessage(`第${i}条`))));
    await sender().toMember('zhangsan', textMessage('再一条'));
    expect(wecom.calls('gettoken')).toHaveLength(1);
    expect(wecom.calls('message/send').map((c) => c.errcode)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(wecom.delivered).toHaveLength(6);
  });

  it('renews the token a little before its lifetime ends, not per message', async () => {
    await sender().toMember('zhangsan', textMessage('一'));
    h.clock.advance((7200 - 600) * 1000);
    await sender().toMember('zhangsan', textMessage('二'));
    expect(wecom.calls('gettoken')).toHaveLength(1);
    h.clock.advance(400 * 1000); // within the last five minutes: renewed before WeCom refuses it
    await sender().toMember('zhangsan', textMessage('三'));
    expect(wecom.calls('gettoken')).toHaveLength(2);
    expect(wecom.calls('message/send').map((c) => c.errcode)).toEqual([0, 0, 0]);
  });

  it('renews the token once when WeCom says it expired (42001), and the message still goes', async () => {
    await sender().toMember('zhangsan', textMessage('一'));
    wecom.expireToken();
    await Promise.all([sender().toMember('lisi', textMessage('二')), sender().toMember('wangwu', textMessage('三'))]);
    // Whether the second send saw the old token too depends on timing; either way one renewal serves both.
    const refused = wecom.calls('message/send').filter((c) => c.errcode === 42001);
    expect(refused.length).toBeGreaterThanOrEqual(1);
    expect(refused.length).toBeLessThanOrEqual(2);
    expect(wecom.calls('gettoken')).toHaveLength(2);
    expect(wecom.delivered.map((d) => String(d.touser)).sort()).toEqual(['lisi', 'wangwu', 'zhangsan']);
  });

  it('renews the token when WeCom calls it invalid (40014)', async () => {
    await sender().toMember('zhangsan', textMessage('一'));
    wecom.failNext('message/send', 40014, 'invalid access_token');
    await sender().toMember('zhangsan', textMessage('二'));
    expect(wecom.calls('gettoken')).toHaveLength(2);
    expect(wecom.delivered).toHaveLength(2);
  });

  it('sends text, markdown and a button card as WeCom takes them, and keeps the card\'s response code', async () => {
    await sender().toMember('zhangsan', textMessage('x'.repeat(3000)));
    await sender().toMember('zhangsan', markdownMessage('**PLG-2026-000001** 已受理'));
    const sent = await sender().toMember('zhangsan', buttonCard({ taskId: 'PLG-2026-000001-accept', title: '新投诉 PLG-2026-000001', description: '重复扣费', buttons: [{ text: '受理', key: 'accept:c1' }] }));
    expect(wecom.calls('message/send').map((c) => c.errcode)).toEqual([0, 0, 0]);
    expect(Buffer.byteLength((wecom.delivered[0]!.text as { content: string }).content)).toBeLessThanOrEqual(2048);
    expect(wecom.delivered[2]).toMatchObject({ agentid: WECOM_AGENT_ID, msgtype: 'template_card', template_card: { card_type: 'button_interaction', task_id: 'PLG-2026-000001-accept', button_list: [{ text: '受理', key: 'accept:c1', style: 1 }] } });
    expect(sent.responseCode).toMatch(/^[0-9a-f]{32}$/);
  });

  it('gives up at once on someone who is not a member, and waits a minute on WeCom\'s 45009', async () => {
    await expect(sender().toMember('nobody', textMessage('x'))).rejects.toBeInstanceOf(PermanentDeliveryError);
    wecom.failNext('message/send', 45009, 'api freq out of limit');
    const deferred = await sender().toMember('zhangsan', textMessage('x')).catch((e: unknown) => e);
    expect(deferred).toBeInstanceOf(DeliveryDeferred);
    expect((deferred as DeliveryDeferred).until).toEqual(new Date(h.clock.now().getTime() + 60_000));
  });

  const queue = (n: number, member = 'zhangsan') =>
    enqueue(h.db.prisma, h.clock.now(), Array.from({ length: n }, (_, i) => ({ dedupeKey: `test:wecom:${member}:${i}`, kind: MESSAGE_KIND, target: member, payload: { message: textMessage(`第${i + 1}条`) } })));
  const waiting = () => h.db.prisma.notification.findMany({ where: { kind: MESSAGE_KIND, sentAt: null }, orderBy: { id: 'asc' } });

  it('sends 30 messages a minute to one member through the outbox; the 31st waits its turn, not lost', async () => {
    await queue(31);
    await queue(2, 'lisi'); // another member has limits of their own
    await h.deliver();
    expect(wecom.delivered.filter((d) => d.touser === 'zhangsan')).toHaveLength(30);
    expect(wecom.delivered.filter((d) => d.touser === 'lisi')).toHaveLength(2);
    const [left, ...more] = await waiting();
    expect(more).toEqual([]);
    expect(left).toMatchObject({ dedupeKey: 'test:wecom:zhangsan:30', attempts: 0, failedAt: null });
    expect(left!.nextAttemptAt).toEqual(new Date(h.clock.now().getTime() + 60_000));

    h.clock.advance(59_000);
    await h.deliver();
    expect(await waiting()).toHaveLength(1);
    h.clock.advance(1_000);
    await h.deliver();
    expect(await waiting()).toEqual([]);
    expect(wecom.delivered.filter((d) => d.touser === 'zhangsan').map((d) => (d.text as { content: string }).content).at(-1)).toBe('第31条');
    expect(wecom.dropped).toEqual([]);
  });

  it('retries what WeCom was too busy for (-1), asking it to drop a copy of what may have landed', async () => {
    await queue(1);
    wecom.failNext('message/send', -1, 'system busy');
    await h.deliver();
    expect(await waiting()).toHaveLength(1);
    h.clock.advance(5_000); // the outbox's first backoff
    await h.deliver();
    expect(await waiting()).toEqual([]);
    const [first, second] = wecom.calls('message/send');
    expect(first).toMatchObject({ errcode: -1 });
    expect(first!.body).not.toHaveProperty('enable_duplicate_check');
    expect(second).toMatchObject({ errcode: 0, body: { touser: 'zhangsan', enable_duplicate_check: 1, duplicate_check_interval: 14400 } });
    expect(wecom.delivered).toHaveLength(1);
  });

  it('keeps the limit when deliveries to one member run at once (replicas share only the database)', async () => {
    // On the server each call takes its own pooled connection, as two replicas would.
    const outcomes = await Promise.allSettled(Array.from({ length: 40 }, (_, i) => sender().toMember('zhangsan', textMessage(`并发${i}`))));
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(30);
    const refused = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason] : []));
    expect(refused).toHaveLength(10);
    for (const r of refused) expect(r).toBeInstanceOf(DeliveryDeferred);
    expect(wecom.delivered).toHaveLength(30);
    expect(wecom.dropped).toEqual([]);
  });
});
