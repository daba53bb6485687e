/**
 * The story, over China's National Day holiday and the working Saturday after it (调休):
 * Alice's own complaint (a question to her, a warning on the Saturday, an escalation the leader
 * approves, an extension she consents to, a solution, the result and her rating) and a phone
 * customer's complaint Alice files for him, rejected as unreasonable with the leader's approval,
 * for which he asks a review on his own complaint page from the link in his SMS; and Ms Li, who
 * phones in with her e-mail address, gets each promise by e-mail, consents to an extension and
 * rates the result on her page. Told once for every platform: the team's people act through
 * ChatUser (chat-user.ts), each the way their platform offers it.
 */
import type { FixedClock } from '../src/clock';
import type { Locale } from '../src/i18n';
import type { Pledge } from '../src/pledge';
import type { ChatStage } from './chat-user';
import type { Complainant } from './complainant';
import type { NarrationKey } from './narration';

export interface Scene {
  locale: Locale;
  clock: FixedClock;
  pledge: Pledge;
  /** The platform the team works on: its people, and what they see there. */
  stage: ChatStage;
  say(key: NarrationKey, params?: Record<string, string | number>): void;
  /** The outside customers, on their complaint pages. */
  customers: { wang: Complainant; li: Complainant; liEmail: string };
}

const at = (local: string) => new Date(`${local}+08:00`);
const OWN = 'PLG-2026-000001';
const PHONE = 'PLG-2026-000002';
const EMAIL = 'PLG-2026-000003';

export async function story(s: Scene): Promise<void> {
  const { alice, bob, carol } = s.stage.people;
  const printer = s.stage.printer;
  const moment = (local: string) => {
    s.clock.set(at(local));
    printer.time(s.clock.now());
  };
  const cron = async (job: () => Promise<unknown>) => {
    await job();
    await s.stage.settle();
  };
  const zh = s.locale === 'zh-CN';

  moment('2026-09-30T16:00:00'); // Wednesday, the eve of the National Day holiday
  s.say('files');
  await alice.file({
    title: zh ? '9月账单被重复扣款' : 'Charged twice for September',
    details: zh ? '我的银行卡为9月的账单扣了两次款。' : 'My card was charged twice for the September invoice.',
    category: 'billing',
    priority: 'normal',
    source: 'chat',
  });
  printer.flush(alice.id);

  moment('2026-09-30T16:05:00');
  s.say('accepts');
  await bob.accept(OWN);
  printer.flush(bob.id);
  s.say('investigates');
  await bob.startInvestigation(OWN);
  printer.flush(bob.id);

  s.say('holiday');
  for (const when of ['2026-10-02T10:00:00', '2026-10-04T10:00:00', '2026-10-07T10:00:00']) {
    s.clock.set(at(when));
    await cron(() => s.pledge.services.sweep());
  }
  printer.flush();

  moment('2026-10-08T09:00:00'); // Thursday, back at work
  s.say('digest');
  await cron(() => s.pledge.services.sendDigests());
  printer.flush();

  moment('2026-10-08T10:00:00');
  s.say('asks');
  await bob.act(OWN, { step: 'request_info', text: zh ? '请问被扣两次的是哪张卡？告诉我们卡号后四位即可。' : 'Which card was charged twice? The last four digits are enough.' });
  printer.flush(bob.id);

  moment('2026-10-08T11:00:00');
  s.say('answers');
  await alice.answerInfo(OWN, zh ? '尾号 4821 的银行卡。' : 'The card ending in 4821.');
  printer.flush(alice.id);

  moment('2026-10-08T14:00:00');
  s.say('phone_files');
  await alice.file({
    title: zh ? '要求退还全年会员费' : 'Wants the whole annual fee back',
    details: zh ? '客户来电，用满一年后要求全额退还年费，回电 13812345678。' : 'Called in: after a full year of use he wants the annual fee refunded in full. Call back on 13812345678.',
    category: 'refund',
    priority: 'normal',
    source: 'phone',
    customerName: zh ? '王先生' : 'Mr Wang',
    customerContact: '13812345678',
  });
  printer.flush(alice.id);

  moment('2026-10-08T14:30:00');
  s.say('phone_rejects');
  await bob.accept(PHONE);
  await bob.startInvestigation(PHONE);
  await bob.act(PHONE, { step: 'request_rejection', text: zh ? '会员协议第 7 条：年费在服务期满后不予退还，客户已使用全年服务。' : 'Clause 7 of the membership terms: the fee is not refundable once the year has been used, and he used all of it.' });
  printer.flush(bob.id);

  moment('2026-10-08T15:00:00');
  s.say('phone_approved');
  await carol.approve(PHONE);
  printer.flush(carol.id);

  const { wang, li } = s.customers;
  moment('2026-10-08T15:30:00');
  s.say('phone_review');
  printer.page(wang.name, await wang.openLink());
  printer.page(wang.name, await wang.press('review', { reason: zh ? '我办卡时销售人员承诺可随时全额退款。' : 'The salesman promised a full refund at any time when I joined.' }));
  await s.stage.settle();
  printer.flush();

  moment('2026-10-08T16:00:00');
  s.say('email_files');
  await alice.file({
    title: zh ? '退款两周仍未到账' : 'Refund still not received after two weeks',
    details: zh ? '客户来电：9月22日申请的退款至今未到账，请通过邮件回复。' : 'Called in: the refund she was promised on 22 September has not arrived. Reply by e-mail.',
    category: 'refund',
    priority: 'normal',
    source: 'phone',
    customerName: li.name,
    customerContact: s.customers.liEmail,
  });
  printer.flush(alice.id);

  moment('2026-10-08T16:10:00');
  s.say('email_accepts');
  await bob.accept(EMAIL);
  await bob.startInvestigation(EMAIL);
  printer.flush(bob.id);

  moment('2026-10-09T15:00:00'); // Friday: half the solution limit has gone
  s.say('sweep');
  await cron(() => s.pledge.services.sweep());
  printer.flush();

  moment('2026-10-10T15:00:00'); // Saturday, but a working day this year (调休)
  s.say('saturday');
  await cron(() => s.pledge.services.sweep());
  printer.flush();

  moment('2026-10-10T15:30:00');
  s.say('escalated');
  await carol.takeEscalation(OWN);
  printer.flush(carol.id);

  moment('2026-10-10T16:00:00');
  s.say('extension');
  await bob.act(OWN, { step: 'request_extension', due: at('2026-10-14T18:00:00'), text: zh ? '银行需要两个工作日出具流水。' : 'The bank needs two working days to send the statement.' });
  printer.flush(bob.id);

  moment('2026-10-10T16:30:00');
  s.say('consents');
  await alice.consent(OWN);
  printer.flush(alice.id);

  moment('2026-10-10T16:40:00');
  s.say('email_extension');
  await bob.act(EMAIL, { step: 'request_extension', due: at('2026-10-14T18:00:00'), text: zh ? '支付机构需要两个工作日查询退款流向。' : 'The payment provider needs two working days to trace the refund.' });
  printer.flush(bob.id);

  moment('2026-10-10T19:00:00');
  s.say('email_consents');
  printer.page(li.name, await li.openLink());
  printer.page(li.name, await li.press('agree'));
  await s.stage.settle();
  printer.flush();

  moment('2026-10-13T15:00:00'); // Tuesday
  s.say('solution');
  await bob.act(OWN, { step: 'propose_solution', text: zh ? '退还第二笔扣款' : 'Refund the second charge' });
  printer.flush(bob.id);

  moment('2026-10-13T16:00:00');
  s.say('resolves');
  await bob.act(OWN, {
    step: 'resolve',
    text: zh ? '已退还第二笔扣款，3个工作日内到账' : 'The second charge was refunded; it arrives within 3 working days',
    basis: zh ? '银行流水显示重复扣款' : 'The bank statement shows the double charge',
  });
  printer.flush(bob.id);

  moment('2026-10-13T16:30:00');
  s.say('rates');
  await alice.rate(OWN, 5, zh ? '处理很快，谢谢！' : 'Quick and clear, thank you!');
  printer.flush(alice.id);

  moment('2026-10-13T16:40:00');
  s.say('email_resolves');
  await bob.act(EMAIL, { step: 'propose_solution', text: zh ? '重新发起退款' : 'Send the refund again' });
  await bob.act(EMAIL, {
    step: 'resolve',
    text: zh ? '退款已重新发起，今日到账。' : 'The refund was sent again and arrives today.',
    basis: zh ? '支付机构确认首次退款被退回' : 'The payment provider confirmed the first refund bounced',
    delivery: 'email',
  });
  printer.flush(bob.id);

  moment('2026-10-13T19:00:00');
  s.say('email_rates');
  printer.page(li.name, await li.openLink());
  printer.page(li.name, await li.press('rating', { rating: '4', comment: zh ? '退款到账了，谢谢。' : 'The refund arrived, thank you.' }));
  await s.stage.settle();
  printer.flush();

  moment('2026-10-14T09:00:00'); // Wednesday
  s.say('digest');
  await cron(() => s.pledge.services.sendDigests());
  printer.flush();
}
