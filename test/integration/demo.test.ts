/** `npm run demo` tells the whole story, in English and in Chinese, over China's calendar, on Slack and on WeCom. */
import { rmSync } from 'node:fs';
import { describe, expect, inject, it } from 'vitest';
import type { Platform } from '../../demo/chat-user';
import { demoConfig, parseArgs, runDemo } from '../../demo/run';
import type { Locale } from '../../src/i18n';
import { copyEmbeddedTemplate } from '../support/db';
import { scratchDir } from '../support/scratch';
import { embeddedDbPrefix } from '../support/test-run';

/**
 * Tells one story as `npm run demo` does, but on a copy of the tests' migrated template (in
 * memory) instead of a database created and migrated anew: that cost each story two child
 * processes (initdb, the migrator under tsx) and about half its CPU time.
 */
async function tell(locale: Locale, chat: Platform = 'slack'): Promise<{ lines: string[]; out: string; sent: number }> {
  const dataDir = scratchDir(embeddedDbPrefix(inject('testRun')));
  copyEmbeddedTemplate(dataDir);
  try {
    const lines: string[] = [];
    const sent = await runDemo(locale, (l) => lines.push(l), { chat, dataDir });
    return { lines, out: lines.join('\n'), sent };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The part of the story from its narration `from` up to the next scene's time heading. */
const scene = (out: string, from: string) => {
  const start = out.indexOf(from);
  expect(start, `no scene ${from}`).toBeGreaterThanOrEqual(0);
  const next = out.indexOf('\n## ', start + from.length);
  return out.slice(start, next < 0 ? undefined : next);
};

describe('the offline demo', () => {
  it('runs on the Chinese calendar', () => {
    for (const locale of ['en', 'zh-CN'] as const) expect(demoConfig(locale)).toMatch(/^\s+country: CN$/m);
  });

  it('takes --chat slack or wecom (Slack unless said), and stops a wrong value with one line', () => {
    expect(parseArgs([])).toEqual({ locale: 'en', chat: 'slack' });
    expect(parseArgs(['--chat', 'wecom', '--locale', 'zh-CN'])).toEqual({ locale: 'zh-CN', chat: 'wecom' });
    expect(parseArgs(['--chat', 'teams'])).toEqual({ problem: '--chat must be slack or wecom (got "teams").' });
    expect(parseArgs(['--locale', 'fr'])).toEqual({ problem: '--locale must be en or zh-CN (got "fr").' });
  });

  it('tells the story in English: filing, holiday, a question, a phone customer, a rejection, the working Saturday, escalation, extension, resolution, survey, digest', async () => {
    const { out, sent } = await tell('en');
    expect(out).toMatch(/Alice sees a form/);
    expect(out).toMatch(/Daily digest/i);
    // The adjusted working Saturday (调休) counts: three working days from 30 September end on it.
    expect(out).toMatch(/Propose a solution by Sat 10 Oct, 18:00 \(GMT\+8\)/);
    const saturday = scene(out, '> Saturday 10 October is a working day');
    expect(saturday).toMatch(/Bob gets a direct message:\n.*\n\s+Reminder/);
    expect(saturday).toMatch(/Carol gets a direct message:\n\s+.*escalated to you/);
    // A question to the complainant, answered from her DM.
    expect(scene(out, '> Bob needs to know which card')).toMatch(/Alice gets a direct message:[\s\S]*Which card was charged twice\?[\s\S]*\[Answer\]/);
    expect(scene(out, '> Alice answers from her direct messages')).toContain('The card ending in 4821.');
    // An outside phone customer: his number masked wherever it is shown.
    const phone = scene(out, '> Mr Wang calls the hotline');
    expect(phone).toMatch(/#billing shows:[\s\S]*\*Received via\* Phone[\s\S]*\*Customer\* Mr Wang[\s\S]*\*Contact\* 138\*\*\*\*5678/);
    expect(out).not.toContain('13812345678');
    // Categories and the group by their names, never their ids (issue 12, point 2).
    expect(out).toMatch(/\*Category\* Billing and payments/);
    expect(out).not.toMatch(/\*Category\* billing/);
    // Rejected as unreasonable, only once the leader approves.
    expect(scene(out, '> Bob accepts it, checks')).toMatch(/Carol gets a direct message:[\s\S]*\[Approve\] \[Decline\]/);
    expect(scene(out, '> Carol approves the rejection.')).toMatch(/Approved by @Carol[\s\S]*\*Status\* Rejected/);
    // An extension the complainant consents to moves the limit.
    expect(scene(out, '> Bob asks Alice for more time.')).toMatch(/Alice gets a direct message:[\s\S]*\[Agree\] \[Decline\]/);
    expect(scene(out, '> Alice agrees')).toMatch(/Agreed by @Alice[\s\S]*\*Next due\* Propose a solution by Wed 14 Oct, 18:00 \(GMT\+8\)/);
    expect(out).toMatch(/Alice gets a direct message[\s\S]*(rate|Rate)/);
    // Outside customers hear from Pledge themselves, by SMS and e-mail, and act on their own page (issue 13, points 6 and 12).
    expect(phone).toMatch(/Mr Wang gets an SMS:\n\s+【Acme Member Services】Your complaint PLG-2026-000002 is registered; we will accept it by Fri 9 Oct, 14:00 \(GMT\+8\)\. Follow it here: http:\/\/127\.0\.0\.1:\d+\/p\/[\w-]{43}/);
    expect(scene(out, '> Carol approves the rejection.')).toMatch(/Mr Wang gets an SMS:\n\s+【Acme Member Services】Our answer to your complaint PLG-2026-000002, and how to ask for a review: http/);
    const review = scene(out, '> Mr Wang opens the link in the SMS');
    expect(review).toMatch(/Mr Wang sees on the complaint page:[\s\S]*Rejected as unreasonable[\s\S]*\[Ask for a review\]/);
    expect(review).toContain('Your request for a review was sent to the group leader.');
    expect(review).toMatch(/Carol gets a direct message:[\s\S]*The complainant asked for a review of the result\.[\s\S]*The salesman promised a full refund[\s\S]*\[Reopen\] \[Confirm closure\]/);
    expect(scene(out, '> Ms Li phones the hotline')).toMatch(/Ms Li gets an e-mail:\n\s+«Acme Member Services: your complaint PLG-2026-000003 is registered»\n\s+Dear Ms Li,/);
    expect(scene(out, '> Bob asks Ms Li for more time')).toMatch(/Ms Li gets an e-mail:\n\s+«Acme Member Services: may we have more time for your complaint PLG-2026-000003\?»[\s\S]*Agree or decline on your complaint page: http/);
    const consent = scene(out, '> Ms Li opens the link in the e-mail');
    expect(consent).toMatch(/Ms Li sees on the complaint page:[\s\S]*We ask for more time[\s\S]*\[I agree to the extension\]/);
    expect(consent).toContain('Thank you: you agreed to the extension.');
    expect(consent).toContain('The time limit now ends Wed 14 Oct, 18:00 (GMT+8): the complainant agreed on their complaint page.');
    expect(scene(out, "> Bob resolves Ms Li's complaint")).toMatch(/Ms Li gets an e-mail:\n\s+«Acme Member Services: your complaint PLG-2026-000003 is resolved»/);
    const rated = scene(out, '> Ms Li rates the result on her complaint page.');
    expect(rated).toContain('Thank you for your rating.');
    expect(rated).toContain('The complainant rated the result 4 out of 5.');
    // Their address is never printed; nor is an App Home published for them.
    expect(out).not.toContain('li.na@example.cn');
    expect(out).not.toContain("complainant's App Home");
    expect(sent).toBeGreaterThan(40);
    expect(out).toContain(`${sent} messages were sent, each exactly once`);
  });

  it('tells it in Chinese with --locale zh-CN', async () => {
    const { out, sent } = await tell('zh-CN');
    expect(out).toContain('受理');
    expect(out).toContain('首问负责人');
    expect(out).toContain('每日简报');
    expect(out).toMatch(/回访/);
    expect(out).toMatch(/提出解决方案：10月10日[（ ]周六[） ]?18:00/);
    expect(scene(out, '> 10月10日是周六')).toMatch(/Carol 收到私信：[\s\S]*督办/);
    expect(scene(out, '> 王先生致电客服热线').replace(/\s+/g, ' ')).toMatch(/\*投诉渠道\* 电话.*\*投诉人\* 王先生.*138\*\*\*\*5678/);
    expect(out).not.toContain('13812345678');
    expect(out).toMatch(/\*类别\* 账单问题/);
    expect(out).not.toMatch(/\*类别\* (billing|Billing)/);
    expect(scene(out, '> Carol 批准驳回。')).toMatch(/驳回/);
    expect(scene(out, '> Alice 同意延期')).toMatch(/10月14日/);
    expect(out).toContain(`共发送 ${sent} 条消息`);
    expect(scene(out, '> 王先生致电客服热线')).toMatch(/王先生 收到短信：\n\s+【某某会员服务】您的投诉已登记，编号PLG-2026-000002，我们将于10月9日/);
    expect(scene(out, '> 王先生打开短信中的链接')).toContain('您的复核申请已提交组长。');
    expect(scene(out, '> 李女士致电客服热线')).toMatch(/李女士 收到邮件：\n\s+«【某某会员服务】您的投诉已登记（PLG-2026-000003）»/);
    expect(scene(out, '> 李女士打开邮件中的链接')).toContain('谢谢：您已同意延期。');
    expect(scene(out, '> 李女士在投诉页面')).toContain('感谢您的评价。');
    // The trade's words, not a translation's (issue 12's table).
    expect(out).toContain('#billing 频道显示：');
    expect(out).toContain('由谁处理？ [');
    expect(out).toContain('查看督办请求并确认');
    expect(out).toContain('无重复发送');
    for (const retired of ['看到 在 #', '由谁处理？:', '阅读升级', '每条恰好一次', '升级', '不予受理']) expect(out).not.toContain(retired);
  });

  it('tells it on WeCom with --chat wecom --locale zh-CN: the menu and the form page, card clicks and their updated cards, step pages, the group chat in markdown', async () => {
    const { lines, out, sent } = await tell('zh-CN', 'wecom');
    expect(out).toContain('企业微信版');
    // Filing: 登记投诉 in the menu Pledge set for the app opens the form, a page inside WeCom.
    const filed = scene(out, '> Alice 点击应用菜单中的“登记投诉”');
    expect(filed).toMatch(/企业微信中应用的菜单显示：\n\s+\[登记投诉\] \[我的投诉\]/);
    expect(filed).toMatch(/Alice 在企业微信内打开页面：[\s\S]*登记投诉[\s\S]*\(账单问题\) \(退款\)[\s\S]*\[登记\]/);
    expect(filed).toMatch(/页面显示：\n\s+已登记，编号 PLG-2026-000001。/);
    // The group chat gets the new complaint in markdown; the handler a card with its buttons.
    expect(filed).toMatch(/账务组群聊显示（markdown）：\n[\s\S]*PLG-2026-000001[\s\S]*9月账单被重复扣款/);
    expect(filed).toMatch(/Bob 在企业微信收到卡片：\n\s+== PLG-2026-000001 · 9月账单被重复扣款 ==[\s\S]*\[受理\] \[移交\]/);
    // A click updates the clicked card to the decision; the handler gets a card with the steps open now.
    const accepted = scene(out, '> Bob 点击应用发给他的卡片上的“受理”');
    expect(accepted).toMatch(/Bob 点击的卡片更新为：\n\s+== PLG-2026-000001 · 9月账单被重复扣款 ==\n\s+\[bob 已于 9月30日.*受理\]/);
    expect(accepted).toMatch(/Bob 在企业微信收到卡片：[\s\S]*现由您承办[\s\S]*\[开始调查\]/);
    expect(accepted).toMatch(/Bob 点击的卡片更新为：[\s\S]*开始调查。\]/);
    // A typed step on its page; the filer answers the question's card on its page.
    const asked = scene(out, '> Bob 需要确认被扣款的银行卡');
    expect(asked).toMatch(/Bob 在企业微信内打开页面：\n\s+向投诉人询问[\s\S]*页面显示：\n\s+已完成：向投诉人询问。/);
    expect(asked).toMatch(/Alice 在企业微信收到卡片：[\s\S]*请问被扣两次的是哪张卡[\s\S]*\[答复\]/);
    expect(scene(out, '> Alice 点击提问卡片上的“答复”')).toContain('尾号 4821 的银行卡。');
    // The phone customer's number masked everywhere, in the group chat too.
    const phone = scene(out, '> 王先生致电客服热线');
    expect(phone).toMatch(/\*联系方式\* 138\*\*\*\*5678/);
    expect(phone).toMatch(/账务组群聊显示（markdown）：[\s\S]*138＊＊＊＊5678/);
    expect(phone).toMatch(/王先生 收到短信：\n\s+【某某会员服务】您的投诉已登记，编号PLG-2026-000002/);
    expect(out).not.toContain('13812345678');
    // The leader's approval card, by click; then the rejection reaches the customer.
    expect(scene(out, '> Bob 受理后核对会员协议')).toMatch(/Carol 在企业微信收到卡片：[\s\S]*\[批准\]/);
    const approved = scene(out, '> Carol 点击审批卡片上的“批准”');
    expect(approved).toMatch(/Carol 点击的卡片更新为：/);
    expect(approved).toMatch(/王先生 收到短信：/);
    // The escalation card on the working Saturday, taken on by click.
    expect(scene(out, '> 10月10日是周六')).toMatch(/Carol 在企业微信收到卡片：[\s\S]*督办[\s\S]*\[接手督办\]/);
    expect(scene(out, '> Carol 点击督办卡片上的“接手督办”')).toMatch(/Carol 点击的卡片更新为：[\s\S]*接手督办/);
    // The extension the filer agrees to on her card moves the limit.
    expect(scene(out, '> Alice 点击征求同意卡片上的“同意”')).toMatch(/Alice 点击的卡片更新为：/);
    // The follow-up (回访): one click rates it, the card says so, and the complaint is archived (归档).
    const rated = scene(out, '> Alice 在回访卡片上一键评分');
    expect(rated).toMatch(/Alice 点击的卡片更新为：[\s\S]*评为 5 分/);
    expect(rated).toMatch(/账务组群聊显示（markdown）：[\s\S]*PLG-2026-000001[\s\S]*投诉已归档。/);
    // The outside customers' pages as on Slack.
    expect(scene(out, '> 王先生打开短信中的链接')).toContain('您的复核申请已提交组长。');
    expect(scene(out, '> 李女士在投诉页面')).toContain('感谢您的评价。');
    // The digest, in the group chat, in markdown.
    expect(out).toMatch(/每日简报以 markdown 发到账务组群聊。[\s\S]*账务组群聊显示（markdown）：[\s\S]*每日简报/);
    // WeCom's own words only: no Slack channel, DM, modal or App Home; nothing refused.
    for (const slack of ['#billing', '私信', '看到表单', '应用主页', '/complaint', '未做任何更改']) expect(out).not.toContain(slack);
    expect(sent).toBeGreaterThan(40);
    expect(lines.at(-1)).toContain(`共发送 ${sent} 条消息，无重复发送`);
  });
});
