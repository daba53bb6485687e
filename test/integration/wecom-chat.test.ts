/**
 * The WeCom adapter's direct messages, delivered by the real outbox dispatcher to the stand-in
 * of WeCom's API: a notice and the filer's confirmation as markdown, the handler's message as a
 * button card; a member's 31st message in a minute waits in the outbox; a group post from an
 * adapter made without the groups' chats is given up on at once with the reason, not retried.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { Dispatcher } from '../../src/chat/dispatcher';
import { FixedClock } from '../../src/clock';
import * as complaints from '../../src/db/complaints';
import { enqueue, type OutboxMessage } from '../../src/db/outbox';
import { groupNameOf } from '../../src/services/deps';
import { WeComApi } from '../../src/wecom/api-client';
import { WeComChat } from '../../src/wecom/chat-port';
import { WeComSender } from '../../src/wecom/sender';
import { bareComplaint } from '../support/bare-complaint';
import { describeEachDb } from '../support/db';
import { testConfig } from '../support/pledge-harness';
import { startWeComStandIn, WECOM_AGENT_ID, WECOM_CORP_ID, WECOM_SECRET, type WeComStandIn } from '../support/wecom-stand-in';

describeEachDb('WeCom adapter: direct messages', (getDb) => {
  let wecom: WeComStandIn;
  let clock: FixedClock;
  let dispatcher: Dispatcher;
  let complaintId: string;

  beforeEach(async () => {
    clock = new FixedClock(new Date('2026-11-30T02:00:00Z'));
    wecom = await startWeComStandIn({ members: ['UFILER', 'UOWN1'], now: () => clock.now() });
    const config = await testConfig();
    const prisma = getDb().prisma;
    const api = new WeComApi({ corpId: WECOM_CORP_ID, secret: WECOM_SECRET, apiUrl: wecom.url, clock });
    const chat = new WeComChat(new WeComSender(api, WECOM_AGENT_ID, prisma, clock), 'zh-CN', () => 'Asia/Shanghai');
    dispatcher = new Dispatcher({
      prisma,
      clock,
      chat,
      card: (id) => complaints.findCard(prisma, { id }, groupNameOf(config)),
      home: () => Promise.reject(new Error('WeCom has no home view')),
      groupChannel: () => undefined,
    });
    complaintId = await bareComplaint(prisma, 1, clock.now());
  });
  afterEach(() => wecom.close());

  const queue = (rows: Omit<OutboxMessage, 'complaintId'>[]) => enqueue(getDb().prisma, clock.now(), rows.map((r) => ({ ...r, complaintId })));
  const contents = (member: string) => wecom.delivered.filter((d) => d.touser === member).map((d) => (d.markdown as { content: string }).content);

  it('sends a notice as markdown, and the filer\'s confirmation and the handler\'s message as cards', async () => {
    await queue([
      { dedupeKey: 'c1:filer', kind: 'filer.confirmed', target: 'UFILER' },
      { dedupeKey: 'c1:owner', kind: 'owner.assigned', target: 'UOWN1' },
      { dedupeKey: 'c1:note', kind: 'notice', target: 'UFILER', payload: { key: 'notice.result', params: { text: '已退款 30 元', basis: '计费规则 4.2' } } },
    ]);
    expect(await dispatcher.drain()).toMatchObject({ sent: 3, failed: 0 });
    // New, the complaint may still be withdrawn: the confirmation is a card with that one button.
    const [confirmation, result] = wecom.delivered.filter((d) => d.touser === 'UFILER');
    expect(confirmation!.template_card).toMatchObject({ card_type: 'button_interaction', sub_title_text: '您的投诉已登记，编号 PLG-2026-000001：Charged twice\n承办人：Billing UOWN1。', button_list: [{ text: '撤回', key: `withdraw:${complaintId}`, style: 3 }] });
    expect((result!.markdown as { content: string }).content).toBe('**PLG-2026-000001** · Charged twice\n您的投诉已办结。处理结果：\n> 已退款 30 元\n处理依据：\n> 计费规则 4.2');
    // The handler's message is a card with the steps open to them (wecom-decisions.test.ts clicks them).
    const card = wecom.delivered.find((d) => d.touser === 'UOWN1')?.template_card as { card_type: string; sub_title_text: string };
    expect(card).toMatchObject({ card_type: 'button_interaction', sub_title_text: '投诉 PLG-2026-000001 现由您承办。' });
  });

  it('keeps a member\'s 31st message of the minute in the outbox until a slot frees up', async () => {
    await queue(Array.from({ length: 31 }, (_, i) => ({ dedupeKey: `c1:n${i}`, kind: 'notice', target: 'UFILER', payload: { key: 'notice.result', params: { text: `第${i + 1}次`, basis: '' } } })));
    expect(await dispatcher.drain()).toMatchObject({ sent: 30, postponed: 1, failed: 0 });
    clock.advance(60_000);
    expect(await dispatcher.drain()).toMatchObject({ sent: 1 });
    expect(contents('UFILER')).toHaveLength(31);
    expect(wecom.dropped).toEqual([]);
  });

  it('gives up at once, with the reason, on a group post when it was made without the groups\' chats', async () => {
    await queue([{ dedupeKey: 'c1:post', kind: 'complaint.post', target: 'CBILLING' }]);
    expect(await dispatcher.drain()).toMatchObject({ failed: 1 });
    const row = await getDb().prisma.notification.findUnique({ where: { dedupeKey: 'c1:post' } });
    expect(row?.lastError).toBe("PermanentDeliveryError: postComplaint: this WeCom adapter was made without the groups' chats");
    expect(wecom.calls('message/send')).toEqual([]);
  });
});
