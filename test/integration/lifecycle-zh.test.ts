import { expect, it } from 'vitest';
import { describeEachDb } from '../support/db';
import { Driver } from '../support/lifecycle-driver';
import { useHarness, zhConfig } from '../support/pledge-harness';

describeEachDb('lifecycle in zh-CN through Slack', (getDb) => {
  const h = useHarness(getDb, async () => ({ config: await zhConfig() }));
  const d = new Driver(h, h.settle);

  it('speaks Chinese in thread lines, modals, notices and refusals', async () => {
    const c = await d.file();
    await d.accept(c.ownerId, c);
    await d.press(c.ownerId, 'start_investigation', c.id);
    const view = await d.openModal(c.ownerId, 'request_info', c.id);
    expect(view.title.text).toBe('向投诉人询问');
    expect(await d.submit(c.ownerId, view, { text: '请提供扣款的银行卡后四位。' })).toEqual({ status: 200, errors: undefined });
    expect(await d.deliverThread(c)).toEqual([
      `<@${c.ownerId}> 已受理，由其承办。`,
      `<@${c.ownerId}> 已开始调查。`,
      `<@${c.ownerId}> 向投诉人询问补充信息，各项时限暂停计时。\n>请提供扣款的银行卡后四位。`,
    ]);
    expect(d.dmsTo('UFILER').at(-1)!.args.text).toBe('关于您的投诉 PLG-2026-000001 的询问');
    await d.press('USTRANGER', 'add_note', c.id);
    expect(d.replies().map((r) => r.args.text)).toEqual(['只有承办人或组长才能对 PLG-2026-000001 进行此操作。']);
  });
});
