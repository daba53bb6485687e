/**
 * The story: a complaint filed on a Friday afternoon, a weekend, a warning, an escalation the
 * leader approves, a solution, the result reported back, the survey, and the digests.
 */
import type { FixedClock } from '../src/clock';
import type { Locale } from '../src/i18n';
import type { Pledge } from '../src/pledge';
import { ACCEPT_ACTION, ACTION_FIELD, complaintActionId, ESCALATION_APPROVE_ACTION, FIELD, SURVEY_RATE_ACTION } from '../src/slack/ids';
import type { RecordedCall } from '../test/support/slack-stand-in';
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
}

const at = (local: string) => new Date(`${local}+08:00`);

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
  const card = () => latest((c) => c.args.channel === 'CBILLING' && !c.args.thread_ts && JSON.stringify(c.args.blocks ?? '').includes('PLG-'));
  const dmTo = (user: string, actionPrefix: string) => latest((c) => c.args.channel === user && JSON.stringify(c.args.blocks ?? '').includes(actionPrefix));
  const cron = async (job: () => Promise<unknown>) => {
    await job();
    await s.world.settle();
  };

  moment('2026-12-04T16:00:00'); // Friday
  s.say('files');
  await alice.command('');
  s.printer.flush('UALICE');
  await alice.submit({
    [FIELD.title.action]: s.locale === 'zh-CN' ? '11月账单被重复扣款' : 'Charged twice for November',
    [FIELD.details.action]: s.locale === 'zh-CN' ? '我的银行卡为11月的账单扣了两次款。' : 'My card was charged twice for the November invoice.',
    [FIELD.category.action]: { option: 'billing' },
    [FIELD.priority.action]: { option: 'normal' },
    [FIELD.source.action]: { option: 'chat' },
  });
  s.printer.flush('UALICE');

  moment('2026-12-04T16:05:00');
  s.say('accepts');
  await bob.press(card(), ACCEPT_ACTION);
  s.printer.flush('UBOB');
  s.say('investigates');
  await bob.press(card(), complaintActionId('start_investigation'));
  s.printer.flush('UBOB');

  s.say('weekend');
  for (const when of ['2026-12-05T10:00:00', '2026-12-06T10:00:00']) {
    s.clock.set(at(when));
    await cron(() => s.pledge.services.sweep());
  }
  s.printer.flush();

  moment('2026-12-07T09:00:00'); // Monday
  s.say('digest');
  await cron(() => s.pledge.services.sendDigests());
  s.printer.flush();

  moment('2026-12-08T12:30:00'); // Tuesday: half the solution limit has gone
  s.say('sweep');
  await cron(() => s.pledge.services.sweep());
  s.printer.flush();

  moment('2026-12-09T12:15:00'); // Wednesday: 80%, the last warning escalates
  s.say('sweep');
  await cron(() => s.pledge.services.sweep());
  s.printer.flush();

  moment('2026-12-09T14:00:00');
  s.say('escalated');
  await carol.press(dmTo('UCAROL', ESCALATION_APPROVE_ACTION), ESCALATION_APPROVE_ACTION);
  s.printer.flush('UCAROL');
  await carol.submit({ [ACTION_FIELD.take.action]: { option: 'keep' } });
  s.printer.flush('UCAROL');

  moment('2026-12-09T15:00:00');
  s.say('solution');
  await bob.press(card(), complaintActionId('propose_solution'));
  await bob.submit({ [ACTION_FIELD.text.action]: s.locale === 'zh-CN' ? '退还第二笔扣款' : 'Refund the second charge' });
  s.printer.flush('UBOB');

  moment('2026-12-09T16:00:00');
  s.say('resolves');
  await bob.press(card(), complaintActionId('resolve'));
  await bob.submit({
    [ACTION_FIELD.text.action]: s.locale === 'zh-CN' ? '已退还第二笔扣款，3个工作日内到账' : 'The second charge was refunded; it arrives within 3 working days',
    [ACTION_FIELD.basis.action]: s.locale === 'zh-CN' ? '银行流水显示重复扣款' : 'The bank statement shows the double charge',
  });
  s.printer.flush('UBOB');

  moment('2026-12-09T16:30:00');
  s.say('rates');
  await alice.press(dmTo('UALICE', SURVEY_RATE_ACTION), `${SURVEY_RATE_ACTION}:5`);
  await alice.submit({ [ACTION_FIELD.note.action]: s.locale === 'zh-CN' ? '处理很快，谢谢！' : 'Quick and clear, thank you!' });
  s.printer.flush('UALICE');

  moment('2026-12-10T09:00:00'); // Thursday
  s.say('digest');
  await cron(() => s.pledge.services.sendDigests());
  s.printer.flush();
}
