/**
 * The public complaint form in a real Chromium, phone-sized (issue 13, point 11): a visitor fills
 * it in Chinese, reads the code that arrived by SMS (the Tencent stand-in), types it and lands on
 * their complaint's page; another fills it in English, opens the link that arrived by e-mail (a
 * real SMTP server on loopback), confirms and lands on theirs. Wrong input, a wrong code and a
 * post without its CSRF token are refused on the page. Each page passes axe-core with no serious
 * violation and a screenshot of each is kept in test-results/pages/. On the embedded database:
 * the same routes run on both databases in web-form.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { checkPage as check, usePagesInChromium } from '../support/browser';
import { lastCode, startFormWorld, VERIFY_TEMPLATE } from '../support/web-form';

describe('public complaint form in Chromium', () => {
  // The outbox runner delivers on its own (kicked by each submission), as in production.
  const chromium = usePagesInChromium((db) => startFormWorld(db, { publicUrl: new URL('http://127.0.0.1/') }));
  const { cspReports } = chromium;
  const phone = (locale: string) => chromium.phone(locale);
  const verifySms = () => chromium.world.sms.sent.filter((s) => s.templateId === VERIFY_TEMPLATE).length;

  it('takes a complaint in Chinese, verified by the SMS code, and lands on its page', async () => {
    const page = await phone('zh-CN');
    await page.goto(`${chromium.world.h.baseUrl}/complain`);
    await page.getByRole('heading', { name: '在线投诉' }).waitFor();
    await check(page, 'form-1-zh');

    await page.getByLabel('您的姓名').fill('王伟');
    await page.getByLabel('手机号码或电子邮箱').fill('138 1234 5678');
    await page.getByLabel('投诉类别').selectOption('billing');
    await page.getByLabel('投诉内容').fill('十一月水费翻倍，抄表两次。');
    const before = verifySms();
    await page.getByRole('button', { name: '提交' }).click();
    await page.getByRole('heading', { name: '请查看您的手机' }).waitFor();
    await check(page, 'form-2-code-zh');
    await expect.poll(verifySms, { timeout: 300_000 }).toBe(before + 1);

    // A wrong code first: the page says so, and how many tries are left.
    const code = lastCode(chromium.world.sms);
    await page.getByLabel('短信验证码').fill(code === '000000' ? '111111' : '000000');
    await page.getByRole('button', { name: '核实并登记' }).click();
    await page.getByText('验证码不正确。还可尝试 4 次。').waitFor();
    await check(page, 'form-3-wrong-code-zh');

    await page.getByLabel('短信验证码').fill(code);
    await page.getByRole('button', { name: '核实并登记' }).click();
    await page.getByRole('heading', { name: /^投诉 PLG-\d{4}-\d{6}$/ }).waitFor();
    expect(page.url()).toMatch(/\/p\/[A-Za-z0-9_-]{43}$/);
    await page.getByText('您的投诉已登记').first().waitFor();
    await check(page, 'form-4-page-zh');
    const complaint = await chromium.db.prisma.complaint.findFirstOrThrow({ where: { source: 'web', locale: 'zh-CN' } });
    expect(await page.locator('h1').textContent()).toBe(`投诉 ${complaint.reference}`);
    expect(cspReports).toEqual([]);
  });

  it('takes a complaint in English, verified by the e-mailed link, and lands on its page', async () => {
    const page = await phone('zh-CN');
    await page.goto(`${chromium.world.h.baseUrl}/complain`);
    // The language switch: the visitor's browser says Chinese, they choose English.
    await page.getByRole('link', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Make a complaint' }).waitFor();

    // Wrong input first: each field says what is wrong, and nothing is kept.
    await page.getByLabel('Your name').fill('Li Hua');
    await page.getByLabel('Mobile number or e-mail address').fill('li.hua@');
    await page.getByLabel('What is it about?').selectOption('service');
    await page.getByLabel('What happened?').fill('The engineer did not come on Tuesday.');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByText('Write a mobile number or an e-mail address we can reach you at.').waitFor();
    await check(page, 'form-5-errors-en');

    const mails = chromium.world.smtp.arrived.length;
    await page.getByLabel('Mobile number or e-mail address').fill('li.hua@example.cn');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByRole('heading', { name: 'Check your e-mail' }).waitFor();
    await check(page, 'form-6-check-email-en');
    const [mail] = (await chromium.world.smtp.waitFor(mails + 1)).slice(mails);
    const link = /http:\/\/127\.0\.0\.1\/(complain\/confirm\/[A-Za-z0-9_-]{43})/.exec(mail!.mail.text ?? '');
    expect(link, 'a confirmation link in the e-mail').not.toBeNull();

    // Opened on the phone's mail app: another browser, with no cookie from the form.
    const mailApp = await phone('en-GB');
    await mailApp.goto(`${chromium.world.h.baseUrl}/${link![1]}`);
    await mailApp.getByRole('heading', { name: 'Register your complaint' }).waitFor();
    await check(mailApp, 'form-7-confirm-en');
    await mailApp.getByRole('button', { name: 'Register my complaint' }).click();
    await mailApp.getByRole('heading', { name: /^Complaint PLG-\d{4}-\d{6}$/ }).waitFor();
    await check(mailApp, 'form-8-page-en');
    expect(await chromium.db.prisma.complaint.count({ where: { source: 'web', locale: 'en', groupId: 'service' } })).toBe(1);
    expect(cspReports).toEqual([]);
  });

  it('sends the code again from the page once its cool-down, said in words, has passed; a double press sends one', async () => {
    const { h } = chromium.world;
    const page = await phone('en-GB');
    await page.goto(`${h.baseUrl}/complain`);
    await page.getByLabel('Your name').fill('Zhang Min');
    await page.getByLabel('Mobile number or e-mail address').fill('139 8765 4321');
    await page.getByLabel('What is it about?').selectOption('billing');
    await page.getByLabel('What happened?').fill('The meter was read twice.');
    const before = verifySms();
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByRole('heading', { name: 'Check your phone' }).waitFor();
    await expect.poll(verifySms, { timeout: 300_000 }).toBe(before + 1);
    // Just sent: no button yet, the wait in words.
    await page.getByText('You can ask for a new code in 60 seconds.').waitFor();
    expect(await page.getByRole('button', { name: 'Send the code again' }).count()).toBe(0);
    await check(page, 'form-10-resend-wait-en');

    h.clock.advance(60_000);
    await page.getByRole('link', { name: 'Check again' }).click();
    const again = page.getByRole('button', { name: 'Send the code again' });
    await again.waitFor();
    await check(page, 'form-11-resend-en');
    await again.dblclick();
    await page.getByText('A new code was sent to 139****4321. Only the latest code works.').waitFor();
    // The second press's answer, when it came second, also says why nothing more was sent.
    await page.getByText('You can ask for a new code in 60 seconds.').first().waitFor();
    await expect.poll(verifySms, { timeout: 300_000 }).toBe(before + 2);
    const submission = await chromium.db.prisma.webSubmission.findFirstOrThrow({ where: { sends: { gt: 1 } } });
    expect(submission.sends).toBe(2);
    expect(await chromium.db.prisma.notification.count({ where: { kind: 'web.verify', target: submission.id } })).toBe(2);

    await page.getByLabel('Code from the SMS').fill(lastCode(chromium.world.sms));
    await page.getByRole('button', { name: 'Check and register' }).click();
    await page.getByRole('heading', { name: /^Complaint PLG-\d{4}-\d{6}$/ }).waitFor();
    expect(verifySms()).toBe(before + 2);
    expect(cspReports).toEqual([]);
  });

  it('refuses a post whose CSRF token was taken out, keeping nothing', async () => {
    const page = await phone('en-GB');
    await page.goto(`${chromium.world.h.baseUrl}/complain`);
    const pending = await chromium.db.prisma.webSubmission.count();
    await page.locator('input[name=csrf]').evaluate((input) => input.remove());
    await page.getByLabel('Your name').fill('Mallory');
    await page.getByLabel('Mobile number or e-mail address').fill('13900001111');
    await page.getByLabel('What is it about?').selectOption('billing');
    await page.getByLabel('What happened?').fill('Forged');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByRole('heading', { name: 'We could not take your complaint' }).waitFor();
    await check(page, 'form-9-refused-en');
    expect(await chromium.db.prisma.webSubmission.count()).toBe(pending);
  });
});
