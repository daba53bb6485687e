/** Groups and categories are shown by their configured names in the locale's language, never by id. */
import { expect, it } from 'vitest';
import type { SlackMessage } from '../../src/slack/blocks/common';
import { describeEachDb } from '../support/db';
import { Driver } from '../support/lifecycle-driver';
import { testConfig, TEST_CONFIG_YAML, useHarness } from '../support/pledge-harness';
import { mrkdwnTexts } from '../unit/slack-limits';

const NAMED = TEST_CONFIG_YAML.replace('locale: en', 'locale: zh-CN')
  .replace('    name: Billing\n', '    name: { en: Billing, zh-CN: 账务组 }\n')
  .replace('categories: [billing, refunds]', 'categories: [{ id: billing, name: { en: Billing, zh-CN: 账单问题 } }, { id: refunds, name: 退款 }]');

describeEachDb('display names through Slack', (getDb) => {
  const h = useHarness(getDb, async () => ({ config: await testConfig(NAMED) }));
  const d = new Driver(h, h.settle);

  it('shows the category and group by name on the card, in the filer’s confirmation, the form and the history', async () => {
    expect((await h.command('', 'UFILER')).status).toBe(200);
    await h.settle();
    const form = JSON.stringify(h.standIn.callsTo('views.open').at(-1)!.args.view);
    expect(form).toContain('"text":"账单问题","emoji":true},"value":"billing"');
    expect(form).toContain('"text":"退款","emoji":true},"value":"refunds"');

    const c = await d.file();
    const card = h.standIn.callsTo('chat.postMessage').find((p) => p.args.channel === 'CBILLING' && !p.args.thread_ts)!;
    const cardText = mrkdwnTexts(card.args as unknown as SlackMessage);
    expect(cardText).toContain('*类别*\n账单问题');
    expect(cardText).not.toMatch(/\bbilling\b/);
    const confirmation = mrkdwnTexts(d.dmsTo('UFILER').at(-1)!.args as unknown as SlackMessage);
    expect(confirmation).toContain(`承办人：账务组 <@${c.ownerId}>`);

    expect((await h.command(`history ${c.reference}`, 'UFILER')).status).toBe(200);
    await h.settle();
    const history = JSON.stringify(h.standIn.callsTo('response_url').at(-1)!.args.blocks);
    expect(history).toContain('（一般，账单问题）');
    expect(history).not.toMatch(/\bbilling\b/);
  });
});
