/** The digest's Block Kit: snapshots in both languages, the quiet line, and Slack's limits at 10,000 items. */
import { describe, expect, it } from 'vitest';
import type { DigestItem, DigestState } from '../../src/domain/digest';
import type { Locale } from '../../src/i18n';
import { DIGEST_GROUPS_SHOWN, DIGEST_SHOWN, digestMessage, digestsMessage } from '../../src/slack/blocks/digest';
import { messageAsText } from '../../src/slack/blocks/plain-text';
import { assertActionsListened, messagesAsText } from './message-snapshots';
import { digestItemOf, digestModelOf, quietDigestOf, WORKING_LEFT_MS } from '../support/digest';
import { assertMessageLimits, mrkdwnTexts } from './slack-limits';

// Items in the group's channel, each with its thread; an open one a minute over a day from due.
const item = (n: number, state: DigestState, over: Partial<DigestItem> = {}): DigestItem =>
  digestItemOf(n, state, {
    ...(state === 'open' && { workingLeftMs: WORKING_LEFT_MS.open + 60_000 }),
    channelId: 'C0BILLING',
    rootMessageId: `1764482400.${String(n).padStart(6, '0')}`,
    ...over,
  });
const model = digestModelOf;

const fixture = model([
  item(1, 'breached', { title: 'Charged twice, call <!channel> at 13812345678' }),
  item(2, 'at_risk', { ownerId: 'U0OWNER2' }),
  item(3, 'due_today', { channelId: null, rootMessageId: null }),
  item(4, 'open'),
  item(5, 'open', { stage: null, workingLeftMs: null }),
]);
const quiet = quietDigestOf();

const names = new Map([
  ['U0OWNER0', 'Olga'],
  ['U0OWNER1', 'Bo'],
  ['U0OWNER2', 'Chen'],
]);
const onlyOpen = model([item(4, 'open'), item(5, 'open', { stage: null, workingLeftMs: null })]);

describe.each<Locale>(['en', 'zh-CN'])('digest (%s)', (locale) => {
  const messages = {
    digest: digestMessage({ locale, names }, fixture),
    onlyOpen: digestMessage({ locale, names }, onlyOpen),
    quiet: digestMessage({ locale }, quiet),
    severalGroups: digestsMessage({ locale, names }, [fixture, { ...quiet, groupId: 'service', groupName: 'Service' }]),
  };

  it('stays within Slack limits, a quiet day in one block', () => {
    for (const message of Object.values(messages)) assertMessageLimits(message);
    expect(messages.quiet.blocks).toHaveLength(1);
  });

  it('reads as in __messages__/digest', async () => {
    assertActionsListened(messages);
    await expect(messagesAsText(messages)).toMatchFileSnapshot(`__messages__/digest.${locale}.txt`);
  });
});

describe('digest', () => {
  it('lists breached, then at risk, due today and the rest, with owner, time and thread link', () => {
    const text = mrkdwnTexts(digestMessage({ locale: 'en' }, fixture));
    const order = ['PLG-2026-000001', 'PLG-2026-000002', 'PLG-2026-000003', 'PLG-2026-000004', 'PLG-2026-000005'].map((r) => text.indexOf(r));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(text).toContain('*<https://slack.com/archives/C0BILLING/p1764482400000001|PLG-2026-000001>*');
    expect(text).toContain('Accept: overdue by 1 h 30 min of working time');
    expect(text).toContain('Propose a solution: 26 h 1 min of working time left');
    expect(text).toContain('*PLG-2026-000003*'); // not posted yet: no link
    expect(text).toContain('no time limit running');
  });

  it('names owners without mentioning them; only a breached complaint mentions its owner', () => {
    const text = mrkdwnTexts(digestMessage({ locale: 'en', names }, fixture));
    expect(text.match(/<@\w+>/g)).toEqual(['<@U0OWNER1>']); // item 1, breached
    expect(text).toContain('· Chen ·'); // item 2, at risk
    expect(text).toContain('· Olga ·'); // item 3, due today
    // Without a name (a failed lookup), the id shows, still without a ping.
    expect(mrkdwnTexts(digestMessage({ locale: 'en' }, fixture))).toContain('· U0OWNER2 ·');
  });

  it('shows its counts in one line', () => {
    for (const locale of ['en', 'zh-CN'] as const) {
      const message = digestMessage({ locale, names }, fixture);
      const counts = message.blocks[1] as { type: string; text?: { text: string }; fields?: unknown };
      expect(counts.type).toBe('section');
      expect(counts.fields).toBeUndefined();
      expect(counts.text!.text.split('\n')).toHaveLength(1);
    }
    expect(messageAsText(digestMessage({ locale: 'zh-CN', names }, fixture))).toContain('未结 5 · 已超时 1 · 临近超时 1 · 今日到期 1 · 新登记 2 · 新办结 1 · 待回访 1');
  });

  it('titles a lone list of open complaints without "other"', () => {
    expect(messageAsText(digestMessage({ locale: 'zh-CN' }, onlyOpen))).toContain('未结投诉（2）');
    expect(messageAsText(digestMessage({ locale: 'zh-CN' }, onlyOpen))).not.toContain('其他未结投诉');
    expect(messageAsText(digestMessage({ locale: 'zh-CN' }, fixture))).toContain('其他未结投诉（2）');
  });

  it('masks personal data and escapes markup in titles read by a whole channel', () => {
    const text = mrkdwnTexts(digestMessage({ locale: 'en' }, fixture));
    expect(text).not.toContain('13812345678');
    expect(text).toContain('138****5678');
    expect(text).not.toContain('<!channel>');
    expect(text).toContain('&lt;!channel&gt;');
  });

  it.each<Locale>(['en', 'zh-CN'])('holds 10,000 open complaints within 50 blocks and 3,000 characters (%s)', (locale) => {
    const states: DigestState[] = ['breached', 'at_risk', 'due_today', 'open'];
    // Worst-case titles: long, and every character escaped to five.
    const items = Array.from({ length: 10_000 }, (_, i) => item(i + 1, states[i % 4]!, { title: '<&>'.repeat(60) }));
    const big = model(items);
    const message = digestMessage({ locale }, big);
    assertMessageLimits(message);
    const text = mrkdwnTexts(message);
    expect((text.match(/PLG-2026-\d{6}/g) ?? []).length / 2).toBeLessThanOrEqual(DIGEST_SHOWN); // reference and link
    expect(JSON.stringify(message).length).toBeLessThan(40_000);
    // The rest is summarised, by state, with a pointer to where to see it.
    const rest = 10_000 - DIGEST_SHOWN;
    expect(text).toContain(locale === 'en' ? `…and ${rest} more not listed here (2470 breached, 2500 at risk, 2500 due today, 2500 other)` : `……另有 ${rest} 条未列出`);
    expect(text).toContain(locale === 'en' ? "Home tab" : '主页');
    // The same when the outbox kept only the first 100 items (the counts still say 10,000).
    assertMessageLimits(digestMessage({ locale }, { ...big, items: items.slice(0, 100) }));
  });

  it('holds 40 groups of 10,000 each in one ephemeral message', () => {
    const items = Array.from({ length: 10_000 }, (_, i) => item(i + 1, 'breached', { title: '<&>'.repeat(60) }));
    const groups = Array.from({ length: 40 }, (_, g) => model(items, { groupId: `g${g}`, groupName: `Group ${g}` }));
    const message = digestsMessage({ locale: 'en' }, groups);
    assertMessageLimits(message);
    expect(mrkdwnTexts(message)).toContain(`…and ${40 - DIGEST_GROUPS_SHOWN} more groups: \`/complaint digest g${DIGEST_GROUPS_SHOWN}\` shows one.`);
  });

  it('reads as plain text for a terminal', () => {
    const text = messageAsText(digestMessage({ locale: 'en' }, fixture));
    expect(text).toContain('Daily digest · Billing team · Tue 1 Dec');
    expect(text).toContain('5 open · 1 breached');
    expect(text).toContain('PLG-2026-000001 (https://slack.com/archives/C0BILLING/p1764482400000001) Charged twice, call <!channel> at 138****5678 · @U0OWNER1');
    expect(messageAsText(digestMessage({ locale: 'en' }, quiet))).toBe(':white_check_mark: Billing team, Tue 1 Dec: nothing new, nothing resolved, no open complaints.');
    expect(messageAsText(digestMessage({ locale: 'zh-CN' }, { ...quiet, groupName: '账务组' }))).toBe(':white_check_mark: 账务组｜12月1日（周二）：今日无新增、无办结、无未结投诉。');
    expect(messageAsText(digestMessage({ locale: 'zh-CN' }, fixture))).toContain('每日简报｜Billing team｜12月1日（周二）');
  });
});
