/**
 * Issue 14, point 6: each group's WeCom chat, through the real services and outbox dispatcher
 * to the stand-in of WeCom's API. Billing sends through its robot (webhook/send), Service
 * through an app group chat (appchat/send). A filed complaint is one message with a link to its
 * page; a step and an escalation's ping are lines naming the complaint; the digest, too long
 * for one message, goes as numbered parts in order. A robot's 21st message of the minute waits
 * in the outbox and goes once the minute is over; WeCom's own 45009 and 45033 defer a message
 * the same way; nothing is lost or sent twice.
 */
import { beforeEach, afterEach, expect, it } from 'vitest';
import { Dispatcher } from '../../src/chat/dispatcher';
import { loadPledgeConfig, resolvePeople } from '../../src/config';
import * as complaints from '../../src/db/complaints';
import { enqueue } from '../../src/db/outbox';
import { groupNameOf } from '../../src/services/deps';
import { sendDigests } from '../../src/services/digest';
import { WeComApi } from '../../src/wecom/api-client';
import { appLink } from '../../src/wecom/app-links';
import { wecomIds } from '../../src/wecom/chat-ids';
import { WeComChat } from '../../src/wecom/chat-port';
import { WeComGroupChat } from '../../src/wecom/group-chat';
import { WeComSender } from '../../src/wecom/sender';
import { describeEachDb } from '../support/db';
import { testServices } from '../support/services';
import { startWeComStandIn, WECOM_AGENT_ID, WECOM_CORP_ID, WECOM_ROBOT_KEY, WECOM_SECRET, type WeComStandIn } from '../support/wecom-stand-in';

const YAML = `
locale: zh-CN
timezone: Asia/Shanghai
groups:
  - id: billing
    name: 账务组
    leader: lead1
    members: [zhangsan]
    channel: robot:WECOM_ROBOT_BILLING
    categories: [billing]
  - id: service
    name: 服务组
    leader: lead2
    members: [lisi]
    channel: wrkSFfCgAAxxxx
    categories: [service]
supervisors: [sup1]
`;
const CHAT = 'chat:wrkSFfCgAAxxxx';
const ROBOT = `robot:${WECOM_ROBOT_KEY}`;
const links = { corpId: WECOM_CORP_ID, agentId: WECOM_AGENT_ID, publicUrl: new URL('https://pledge.example.cn') };
const pageOf = (complaintId: string) => appLink(links, { page: 'complaint', complaintId });

describeEachDb("a group's WeCom chat", (getDb) => {
  let t: Awaited<ReturnType<typeof testServices>>;
  let wecom: WeComStandIn;
  let dispatcher: Dispatcher;
  const at = (local: string) => new Date(`${local}+08:00`);

  beforeEach(async () => {
    const config = await resolvePeople(loadPledgeConfig(YAML, 'pledge.config.yml', wecomIds), async () => undefined);
    t = await testServices(getDb(), { now: at('2026-11-30T10:00:00'), config });
    const { clock } = t;
    const prisma = getDb().prisma;
    wecom = await startWeComStandIn({ members: ['filer1', 'zhangsan', 'lisi', 'lead1', 'lead2', 'sup1'], now: () => clock.now() });
    const api = new WeComApi({ corpId: WECOM_CORP_ID, secret: WECOM_SECRET, apiUrl: wecom.url, clock });
    const timeZoneOf = () => 'Asia/Shanghai';
    const groups = new WeComGroupChat({ api, apiUrl: wecom.url, robotKeys: new Map([['WECOM_ROBOT_BILLING', WECOM_ROBOT_KEY]]), prisma, clock, locale: 'zh-CN', timeZoneOf, links });
    dispatcher = new Dispatcher({
      prisma,
      clock,
      chat: new WeComChat(new WeComSender(api, WECOM_AGENT_ID, prisma, clock), 'zh-CN', timeZoneOf, groups),
      card: (id) => complaints.findCard(prisma, { id }, groupNameOf(config)),
      home: () => Promise.reject(new Error('WeCom has no home view')),
      groupChannel: (groupId) => config.groups.find((g) => g.id === groupId)?.channel,
    });
  });
  afterEach(() => wecom.close());

  const posted = (to: string) => wecom.posted.filter((p) => p.to === to).map((p) => (p.body.markdown as { content: string }).content);

  async function file(category = 'billing', over: Record<string, string> = {}) {
    const filed = await t.services.fileComplaint({
      filerId: 'filer1',
      submissionKey: `wecom-group-${Math.random()}`,
      draft: { title: '重复扣费', details: '同一订单扣了两次款', category, priority: 'normal', source: 'chat', ...over },
    });
    if (!filed.ok) throw new Error('filing failed');
    return filed.complaint;
  }

  it('posts a filed complaint once in its group chat, with its handler and a link to its page', async () => {
    const billing = await file();
    const service = await file('service', { title: '服务态度差' });
    await dispatcher.drain();
    const [robotPost, ...moreRobot] = posted(ROBOT);
    const [chatPost, ...moreChat] = posted(CHAT);
    expect([moreRobot, moreChat]).toEqual([[], []]);
    expect(robotPost).toContain(`投诉 **${billing.reference}**（一般）：重复扣费`);
    expect(robotPost).toContain('承办人：<@zhangsan>');
    expect(robotPost).toContain(`[查看投诉](${pageOf(billing.id)})`);
    // An app's group message cannot mention: the handler shows by UserID.
    expect(chatPost).toContain('承办人：lisi\n');
    expect(chatPost).toContain(`[查看投诉](${pageOf(service.id)})`);
    expect(wecom.calls('appchat/send').map((c) => c.body?.chatid)).toEqual(['wrkSFfCgAAxxxx']);
  });

  it("puts a step and an escalation's ping in the group chat as lines naming the complaint", async () => {
    const c = await file('billing', { priority: 'urgent' });
    await dispatcher.drain();
    await t.services.acceptComplaint({ complaintId: c.id, actorId: 'zhangsan' });
    await dispatcher.drain();
    const accepted = posted(ROBOT).at(-1)!;
    expect(accepted.split('\n')[0]).toBe(`**${c.reference}** · 重复扣费`);
    expect(accepted).toContain('<@zhangsan>');

    const d = await file('billing', { priority: 'urgent', title: '停机未通知' });
    await dispatcher.drain();
    t.clock.set(at('2026-11-30T10:25:00'));
    await t.services.sweep();
    await dispatcher.drain();
    const ping = posted(ROBOT).find((p) => p.includes('已提请 <@lead1> 督办'));
    expect(ping?.split('\n')[0]).toBe(`**${d.reference}** · 停机未通知`);
    expect(ping).toContain(`[查看投诉](${pageOf(d.id)})`);
  });

  it("keeps a robot's 21st message of the minute in the outbox and sends it once the minute is over, none lost or doubled", async () => {
    const c = await file();
    await dispatcher.drain();
    // The complaint's own post leaves the robot's minute.
    t.clock.advance(60_000);
    const before = posted(ROBOT).length;
    const lines = Array.from({ length: 21 }, (_, i) => ({ dedupeKey: `line-${i}`, kind: 'channel.line', target: 'billing', complaintId: c.id, payload: { key: 'line.note', params: { actor: 'zhangsan', text: `第 ${i + 1} 条备注` } } }));
    await enqueue(getDb().prisma, t.clock.now(), lines);
    expect(await dispatcher.drain()).toMatchObject({ sent: 20, postponed: 1, failed: 0 });
    t.clock.advance(59_999);
    expect(await dispatcher.drain()).toMatchObject({ sent: 0 });
    t.clock.advance(1);
    expect(await dispatcher.drain()).toMatchObject({ sent: 1, postponed: 0, failed: 0 });
    const notes = posted(ROBOT).slice(before).map((p) => p.match(/第 (\d+) 条备注/)?.[1]);
    expect(notes).toEqual(Array.from({ length: 21 }, (_, i) => String(i + 1)));
    expect(wecom.calls('webhook/send').filter((c) => c.errcode !== 0)).toEqual([]);
  });

  it('defers a message the group chat was too busy for (45033, 45009) and sends it after the minute', async () => {
    wecom.failNext('appchat/send', 45033, 'api concurrent out of limit');
    const c = await file('service');
    expect(await dispatcher.drain()).toMatchObject({ postponed: 1, failed: 0 });
    expect(posted(CHAT)).toEqual([]);
    t.clock.advance(60_000);
    wecom.failNext('appchat/send', 45009, 'api freq out of limit');
    expect(await dispatcher.drain()).toMatchObject({ postponed: 1, failed: 0 });
    t.clock.advance(60_000);
    expect(await dispatcher.drain()).toMatchObject({ sent: 1, failed: 0 });
    expect(posted(CHAT)).toHaveLength(1);
    expect(posted(CHAT)[0]).toContain(c.reference);
    const row = await getDb().prisma.notification.findUnique({ where: { dedupeKey: `complaint:${c.id}:post` } });
    // Waiting is not failing: the two deferrals used up none of its attempts.
    expect(row).toMatchObject({ attempts: 1, resultChannel: 'wrkSFfCgAAxxxx' });
  });

  it('posts a long digest as numbered parts in order, each within 4096 bytes, and goes on after a 45009 without repeating a part', async () => {
    const filed = [];
    for (let i = 0; i < 24; i++) filed.push(await file('billing', { title: `第 ${i + 1} 条：${'话费多扣，请尽快核实并退款'.repeat(3)}` }));
    // 24 posts to one robot: 20 go now, the other 4 once the minute is over.
    expect(await dispatcher.drain()).toMatchObject({ postponed: 4, failed: 0 });
    t.clock.advance(60_000);
    await dispatcher.drain();
    expect(posted(ROBOT)).toHaveLength(24);
    const before = wecom.posted.length;
    t.clock.set(at('2026-12-01T09:00:00'));
    await sendDigests(t.deps, ['billing']);
    // WeCom refuses the second part: too often (another sender used up the robot's minute).
    wecom.failNext('webhook/send', 45009, 'api freq out of limit', { skip: 1 });
    expect(await dispatcher.drain()).toMatchObject({ sent: 0, postponed: 1, failed: 0 });
    expect(wecom.posted.length - before).toBe(1);
    expect(wecom.calls('webhook/send').at(-1)?.errcode).toBe(45009);
    // Not before the minute WeCom asked for is over; then the rest, from the second part on.
    t.clock.advance(59_000);
    expect(await dispatcher.drain()).toMatchObject({ sent: 0 });
    t.clock.advance(1_000);
    expect(await dispatcher.drain()).toMatchObject({ sent: 1, failed: 0 });

    const digest = posted(ROBOT).slice(-(wecom.posted.length - before));
    expect(digest.length).toBeGreaterThan(1);
    digest.forEach((p, i) => {
      expect(Buffer.byteLength(p)).toBeLessThanOrEqual(4096);
      expect(p.split('\n')[0]).toBe(`### 每日简报｜账务组｜12月1日（周二）（${i + 1}/${digest.length}）`);
    });
    const listed = digest.join('\n').match(/PLG-\d{4}-\d{6}/g);
    expect(new Set(listed).size).toBe(24);
    expect(listed).toHaveLength(24);
    for (const c of filed) expect(digest.join('\n')).toContain(`[${c.reference}](${pageOf(c.id)})`);
  });
});
