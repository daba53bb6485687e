/**
 * The story, over China's National Day holiday and the working Saturday after it (调休):
 * Alice's own complaint (a question to her, a warning on the Saturday, an escalation the leader
 * approves, an extension she consents to, a solution, the result and her rating) and a phone
 * customer's complaint Alice files for him, rejected as unreasonable with the leader's approval,
 * for which he asks a review on his own complaint page from the link in his SMS; and Ms Li, who
 * phones in with her e-mail address, gets each promise by e-mail, consents to an extension and
 * rates the result on her page.
 */
import type { FixedClock } from '../src/clock';
import type { Locale } from '../src/i18n';
import type { Pledge } from '../src/pledge';
import {
  ACCEPT_ACTION,
  ACTION_FIELD,
  APPROVE_ACTION,
  complaintActionId,
  CONSENT_AGREE_ACTION,
  ESCALATION_APPROVE_ACTION,
  FIELD,
  SURVEY_RATE_ACTION,
} from '../src/slack/ids';
import type { RecordedCall } from '../test/support/slack-stand-in';
import type { Complainant } from './complainant';
import type { NarrationKey } from './narration';
import type { Printer } from './printer';
import { SlackUser, type World } from './slack-user';

export interface Scene {
  locale: Locale;
  clock: FixedClock;
  pledge: Pledge;
  printer: Printer;
  world: World;
  say(key: NarrationKey, params?: Record<string, string | number>): void;
  /** The outside customers, on their complaint pages. */
  customers: { wang: Complainant; li: Complainant; liEmail: string };
}

const at = (local: string) => new Date(`${local}+08:00`);
const OWN = 'PLG-2026-000001';
const PHONE = 'PLG-2026-000002';
const EMAIL = 'PLG-2026-000003';

export async function story(s: Scene): Promise<void> {
  const alice = new SlackUser('UALICE', s.world);
  const bob = new SlackUser('UBOB', s.world);
  const carol = new SlackUser('UCAROL', s.world);
  const moment = (local: string) => {
    s.clock.set(at(local));
    s.printer.time(s.clock.now());
  };
  /** The latest version of a message the bot sent (posted, then updated in place). */
  const latest = (match: (c: RecordedCall) => boolean): RecordedCall => {
    const found = [...s.world.standIn.calls].reverse().find((c) => (c.method === 'chat.postMessage' || c.method === 'chat.update') && match(c));
    if (!found) throw new Error('the demo expected a message that never came');
    return found;
  };
  const card = (reference: string) => latest((c) => c.args.channel === 'CBILLING' && !c.args.thread_ts && JSON.stringify(c.args.blocks ?? '').includes(`${reference} ·`));
  const dmTo = (user: string, actionPrefix: string) => latest((c) => c.args.channel === user && JSON.stringify(c.args.blocks ?? '').includes(actionPrefix));
  const cron = async (job: () => Promise<unknown>) => {
    await job();
    await s.world.settle();
  };
  const zh = s.locale === 'zh-CN';

  moment('2026-09-30T16:00:00'); // Wednesday, the eve of the National Day holiday
  s.say('files');
  await alice.command('');
  s.printer.flush('UALICE');
  await alice.submit({
    [FIELD.title.action]: zh ? '9月账单被重复扣款' : 'Charged twice for September',
    [FIELD.details.action]: zh ? '我的银行卡为9月的账单扣了两次款。' : 'My card was charged twice for the September invoice.',
    [FIELD.category.action]: { option: 'billing' },
    [FIELD.priority.action]: { option: 'normal' },
    [FIELD.source.action]: { option: 'chat' },
  });
  s.printer.flush('UALICE');

  moment('2026-09-30T16:05:00');
  s.say('accepts');
  await bob.press(card(OWN), ACCEPT_ACTION);
  s.printer.flush('UBOB');
  s.say('investigates');
  await bob.press(card(OWN), complaintActionId('start_investigation'));
  s.printer.flush('UBOB');

  s.say('holiday');
  for (const when of ['2026-10-02T10:00:00', '2026-10-04T10:00:00', '2026-10-07T10:00:00']) {
    s.clock.set(at(when));
    await cron(() => s.pledge.services.sweep());
  }
  s.printer.flush();

  moment('2026-10-08T09:00:00'); // Thursday, back at work
  s.say('digest');
  await cron(() => s.pledge.services.sendDigests());
  s.printer.flush();

  moment('2026-10-08T10:00:00');
  s.say('asks');
  await bob.choose(card(OWN), 'request_info');
  await bob.submit({ [ACTION_FIELD.text.action]: zh ? '请问被扣两次的是哪张卡？告诉我们卡号后四位即可。' : 'Which card was charged twice? The last four digits are enough.' });
  s.printer.flush('UBOB');

  moment('2026-10-08T11:00:00');
  s.say('answers');
  await alice.press(dmTo('UALICE', complaintActionId('answer_info')), complaintActionId('answer_info'));
  await alice.submit({ [ACTION_FIELD.text.action]: zh ? '尾号 4821 的银行卡。' : 'The card ending in 4821.' });
  s.printer.flush('UALICE');

  moment('2026-10-08T14:00:00');
  s.say('phone_files');
  await alice.command('');
  await alice.submit({
    [FIELD.title.action]: zh ? '要求退还全年会员费' : 'Wants the whole annual fee back',
    [FIELD.details.action]: zh ? '客户来电，用满一年后要求全额退还年费，回电 13812345678。' : 'Called in: after a full year of use he wants the annual fee refunded in full. Call back on 13812345678.',
    [FIELD.category.action]: { option: 'refund' },
    [FIELD.priority.action]: { option: 'normal' },
    [FIELD.source.action]: { option: 'phone' },
    [FIELD.customerName.action]: zh ? '王先生' : 'Mr Wang',
    [FIELD.customerContact.action]: '13812345678',
  });
  s.printer.flush('UALICE');

  moment('2026-10-08T14:30:00');
  s.say('phone_rejects');
  await bob.press(card(PHONE), ACCEPT_ACTION);
  await bob.press(card(PHONE), complaintActionId('start_investigation'));
  await bob.choose(card(PHONE), 'request_rejection');
  await bob.submit({ [ACTION_FIELD.text.action]: zh ? '会员协议第 7 条：年费在服务期满后不予退还，客户已使用全年服务。' : 'Clause 7 of the membership terms: the fee is not refundable once the year has been used, and he used all of it.' });
  s.printer.flush('UBOB');

  moment('2026-10-08T15:00:00');
  s.say('phone_approved');
  await carol.press(dmTo('UCAROL', APPROVE_ACTION), APPROVE_ACTION);
  s.printer.flush('UCAROL');

  const { wang, li } = s.customers;
  moment('2026-10-08T15:30:00');
  s.say('phone_review');
  s.printer.page(wang.name, await wang.openLink());
  s.printer.page(wang.name, await wang.press('review', { reason: zh ? '我办卡时销售人员承诺可随时全额退款。' : 'The salesman promised a full refund at any time when I joined.' }));
  await s.world.settle();
  s.printer.flush();

  moment('2026-10-08T16:00:00');
  s.say('email_files');
  await alice.command('');
  await alice.submit({
    [FIELD.title.action]: zh ? '退款两周仍未到账' : 'Refund still not received after two weeks',
    [FIELD.details.action]: zh ? '客户来电：9月22日申请的退款至今未到账，请通过邮件回复。' : 'Called in: the refund she was promised on 22 September has not arrived. Reply by e-mail.',
    [FIELD.category.action]: { option: 'refund' },
    [FIELD.priority.action]: { option: 'normal' },
    [FIELD.source.action]: { option: 'phone' },
    [FIELD.customerName.action]: li.name,
    [FIELD.customerContact.action]: s.customers.liEmail,
  });
  s.printer.flush('UALICE');

  moment('2026-10-08T16:10:00');
  s.say('email_accepts');
  await bob.press(card(EMAIL), ACCEPT_ACTION);
  await bob.press(card(EMAIL), complaintActionId('start_investigation'));
  s.printer.flush('UBOB');

  moment('2026-10-09T15:00:00'); // Friday: half the solution limit has gone
  s.say('sweep');
  await cron(() => s.pledge.services.sweep());
  s.printer.flush();

  moment('2026-10-10T15:00:00'); // Saturday, but a working day this year (调休)
  s.say('saturday');
  await cron(() => s.pledge.services.sweep());
  s.printer.flush();

  moment('2026-10-10T15:30:00');
  s.say('escalated');
  await carol.press(dmTo('UCAROL', ESCALATION_APPROVE_ACTION), ESCALATION_APPROVE_ACTION);
  s.printer.flush('UCAROL');
  await carol.submit({ [ACTION_FIELD.take.action]: { option: 'keep' } });
  s.printer.flush('UCAROL');

  moment('2026-10-10T16:00:00');
  s.say('extension');
  await bob.choose(card(OWN), 'request_extension');
  await bob.submit({
    [ACTION_FIELD.due.action]: { date: at('2026-10-14T18:00:00') },
    [ACTION_FIELD.text.action]: zh ? '银行需要两个工作日出具流水。' : 'The bank needs two working days to send the statement.',
  });
  s.printer.flush('UBOB');

  moment('2026-10-10T16:30:00');
  s.say('consents');
  await alice.press(dmTo('UALICE', CONSENT_AGREE_ACTION), CONSENT_AGREE_ACTION);
  s.printer.flush('UALICE');

  moment('2026-10-10T16:40:00');
  s.say('email_extension');
  await bob.choose(card(EMAIL), 'request_extension');
  await bob.submit({
    [ACTION_FIELD.due.action]: { date: at('2026-10-14T18:00:00') },
    [ACTION_FIELD.text.action]: zh ? '支付机构需要两个工作日查询退款流向。' : 'The payment provider needs two working days to trace the refund.',
  });
  s.printer.flush('UBOB');

  moment('2026-10-10T19:00:00');
  s.say('email_consents');
  s.printer.page(li.name, await li.openLink());
  s.printer.page(li.name, await li.press('agree'));
  await s.world.settle();
  s.printer.flush();

  moment('2026-10-13T15:00:00'); // Tuesday
  s.say('solution');
  await bob.press(card(OWN), complaintActionId('propose_solution'));
  await bob.submit({ [ACTION_FIELD.text.action]: zh ? '退还第二笔扣款' : 'Refund the second charge' });
  s.printer.flush('UBOB');

  moment('2026-10-13T16:00:00');
  s.say('resolves');
  await bob.press(card(OWN), complaintActionId('resolve'));
  await bob.submit({
    [ACTION_FIELD.text.action]: zh ? '已退还第二笔扣款，3个工作日内到账' : 'The second charge was refunded; it arrives within 3 working days',
    [ACTION_FIELD.basis.action]: zh ? '银行流水显示重复扣款' : 'The bank statement shows the double charge',
  });
  s.printer.flush('UBOB');

  moment('2026-10-13T16:30:00');
  s.say('rates');
  await alice.press(dmTo('UALICE', SURVEY_RATE_ACTION), `${SURVEY_RATE_ACTION}:5`);
  await alice.submit({ [ACTION_FIELD.text.action]: zh ? '处理很快，谢谢！' : 'Quick and clear, thank you!' });
  s.printer.flush('UALICE');

  moment('2026-10-13T16:40:00');
  s.say('email_resolves');
  await bob.press(card(EMAIL), complaintActionId('propose_solution'));
  await bob.submit({ [ACTION_FIELD.text.action]: zh ? '重新发起退款' : 'Send the refund again' });
  await bob.press(card(EMAIL), complaintActionId('resolve'));
  await bob.submit({
    [ACTION_FIELD.text.action]: zh ? '退款已重新发起，今日到账。' : 'The refund was sent again and arrives today.',
    [ACTION_FIELD.basis.action]: zh ? '支付机构确认首次退款被退回' : 'The payment provider confirmed the first refund bounced',
    [ACTION_FIELD.delivery.action]: { option: 'email' },
  });
  s.printer.flush('UBOB');

  moment('2026-10-13T19:00:00');
  s.say('email_rates');
  s.printer.page(li.name, await li.openLink());
  s.printer.page(li.name, await li.press('rating', { rating: '4', comment: zh ? '退款到账了，谢谢。' : 'The refund arrived, thank you.' }));
  await s.world.settle();
  s.printer.flush();

  moment('2026-10-14T09:00:00'); // Wednesday
  s.say('digest');
  await cron(() => s.pledge.services.sendDigests());
  s.printer.flush();
}
