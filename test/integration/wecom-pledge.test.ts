/**
 * A Pledge whose platform is WeCom (no `slack` settings at all): no Bolt app and no Slack client
 * are made; Pledge's own HTTP server answers /healthz and WeCom's callback; a complaint filed
 * through the services reaches the filer and the handler as WeCom DMs, through the stand-in of
 * WeCom's API, and its group's chat gets it, with people written as WeCom UserIDs in the config.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { FixedClock } from '../../src/clock';
import { loadPledgeConfig } from '../../src/config';
import { createPledge, type Pledge } from '../../src/pledge';
import { wecomIds } from '../../src/wecom/chat-ids';
import { describeEachDb } from '../support/db';
import { draft } from '../support/services';
import { urlCheck, WECOM_AES_KEY, WECOM_TOKEN } from '../support/wecom-callbacks';
import { WECOM_ONE_GROUP_YAML, weComOneGroupConfig } from '../support/wecom-pledge';
import { startWeComStandIn, WECOM_AGENT_ID, WECOM_CORP_ID, WECOM_SECRET, type WeComStandIn } from '../support/wecom-stand-in';


describeEachDb('Pledge on WeCom', (getDb) => {
  let standIn: WeComStandIn;
  let clock: FixedClock;
  let pledge: Pledge;
  let baseUrl: string;

  beforeEach(async () => {
    clock = new FixedClock(new Date('2026-11-30T02:00:00Z')); // Monday 10:00 in Shanghai
    standIn = await startWeComStandIn({ members: ['zhangsan', 'lisi', 'wangwu'], now: () => clock.now() });
    const config = await weComOneGroupConfig();
    pledge = await createPledge({
      wecom: { env: { corpId: WECOM_CORP_ID, agentId: WECOM_AGENT_ID, secret: WECOM_SECRET, token: WECOM_TOKEN, encodingAesKey: WECOM_AES_KEY, apiUrl: standIn.url } },
      config,
      db: getDb(),
      clock,
      log: () => {},
      outboxIntervalMs: 3_600_000,
      schedules: false,
    });
    baseUrl = `http://127.0.0.1:${await pledge.start(0, '127.0.0.1')}`;
  });
  afterEach(async () => {
    await pledge.stop();
    await standIn.close();
  });

  const deliver = async () => {
    await pledge.outbox.idle();
    await pledge.dispatcher.drain();
  };
  const dmsTo = (member: string) => standIn.delivered.filter((d) => d.touser === member).map((d) => (d.markdown as { content: string }).content);

  it('makes no Slack app and serves /healthz and the callback on its own server', async () => {
    expect(pledge.slack).toBeUndefined();
    const health = await fetch(`${baseUrl}/healthz`);
    expect([health.status, await health.text()]).toEqual([200, 'ok\n']);
    const check = await urlCheck(baseUrl, 'echo-4242', { timestamp: Math.floor(clock.now().getTime() / 1000), receiverId: WECOM_CORP_ID });
    expect(await check.text()).toBe('echo-4242');
    expect((await fetch(`${baseUrl}/slack/events`, { method: 'POST', body: '{}' })).status).toBe(404);
  });

  it('takes WeCom UserIDs as people, and refuses a Slack id', async () => {
    const filed = await pledge.services.fileComplaint({ filerId: 'zhangsan', submissionKey: 'wecom-1', draft: draft() });
    expect(filed).toMatchObject({ ok: true, complaint: { ownerId: 'lisi', filerId: 'zhangsan' } });
    expect(() => loadPledgeConfig(WECOM_ONE_GROUP_YAML.replace('leader: wangwu', 'leader: <@U123>'), 'test', wecomIds)).toThrow(/groups\[0\]\.leader: expected a WeCom member's UserID/);
  });

  it('delivers a filed complaint to the filer and the handler as WeCom DMs', async () => {
    const filed = await pledge.services.fileComplaint({ filerId: 'zhangsan', submissionKey: 'wecom-2', draft: draft({ title: '重复扣费' }) });
    if (!filed.ok) throw new Error('not filed');
    await deliver();
    const reference = filed.complaint.reference;
    // The filer's confirmation is a card whose one button withdraws it while nobody has accepted it.
    const confirmation = standIn.delivered.filter((d) => d.touser === 'zhangsan').map((d) => d.template_card as { sub_title_text: string; button_list: { text: string; key?: string }[] });
    expect(confirmation.map((c) => [c.sub_title_text, c.button_list.map((b) => [b.text, b.key])])).toEqual([
      [`您的投诉已登记，编号 ${reference}：重复扣费\n承办人：账务组 lisi，将于 12月1日（周二）10:00（GMT+8） 前受理。`, [['撤回', `withdraw:${filed.complaint.id}`]]],
    ]);
    // The handler's message is a card whose button accepts (wecom-decisions.test.ts clicks it).
    const cards = standIn.delivered.filter((d) => d.touser === 'lisi').map((d) => d.template_card as { main_title: { title: string }; sub_title_text: string; button_list: { text: string }[] });
    expect(cards).toHaveLength(1);
    expect(cards[0]!.main_title.title).toBe(`${reference} · 重复扣费`);
    expect(cards[0]!.sub_title_text).toContain(reference);
    expect(cards[0]!.button_list[0]!.text).toBe('受理');
    // The group's chat gets the new complaint (appchat/send to the chatid its channel names).
    const posts = standIn.posted.filter((p) => p.to === 'chat:wrkSFfCgAAxxxx');
    expect(posts).toHaveLength(1);
    expect((posts[0]!.body.markdown as { content: string }).content).toContain(reference);
    // Every DM went to WeCom's message/send with the app's agent id.
    expect(standIn.calls('message/send').every((c) => c.body?.agentid === WECOM_AGENT_ID)).toBe(true);
    expect(standIn.tokensIssued).toBe(1);
  });
});
