/**
 * Asking for a review in a real Chromium, phone-sized (issue 13, points 6 and 11): the
 * complainant opens the link in the e-mail that arrived over SMTP on loopback, and after a
 * rejection asks for a review on their page, or rates the result low; either way the group
 * leader gets the review in a DM. Each page state passes axe-core with no serious violation and
 * leaves a screenshot in test-results/pages/. The service path runs on both databases in
 * complaint-page-review.test.ts.
 */
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smtpSender } from '../../src/reach/email';
import { REVIEW_CONFIRM_ACTION } from '../../src/slack/ids';
import { checkPage as check, launchChromium, PHONE } from '../support/browser';
import { outsideComplaint } from '../support/complaint-page';
import { openTestDb, type TestDb } from '../support/db';
import { messageAsText } from '../support/message-text';
import { startHarness, TEST_CONFIG_YAML, testConfig, type Harness } from '../support/pledge-harness';
import { SMTP_PASSWORD, SMTP_USER, startLoopbackSmtp, type LoopbackSmtp } from '../support/smtp';

const PUBLIC = 'https://pledge.example.com';
const LINK = /https:\/\/pledge\.example\.com\/p\/[A-Za-z0-9_-]{43}/;

describe('asking for a review in Chromium, from the e-mail', () => {
  let db: TestDb;
  let smtp: LoopbackSmtp;
  let h: Harness;
  let browser: Browser;
  let context: BrowserContext;

  beforeAll(async () => {
    [db, smtp, browser] = await Promise.all([openTestDb('embedded'), startLoopbackSmtp(), launchChromium()]);
    const config = await testConfig(`${TEST_CONFIG_YAML}
reach:
  organisation: Acme Water
  email: { host: 127.0.0.1, port: ${smtp.port}, requireTLS: false, user: ${SMTP_USER}, from: "Acme complaints <complaints@acme.example>" }
`);
    h = await startHarness(db, { config, reach: { email: smtpSender(config.reach!.email!, SMTP_PASSWORD) }, publicUrl: new URL(`${PUBLIC}/`) });
    context = await browser.newContext({ ...PHONE, locale: 'en-GB' });
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await h?.stop();
    await smtp?.close();
    await db?.close();
  });

  /**
   * The page link in the latest e-mail to `to` whose subject matches, opened where the test's
   * Pledge listens: the public base stands for a proxy in front of this port.
   */
  async function linkInMail(to: string, subject: RegExp): Promise<string> {
    await h.deliver();
    const mail = smtp.arrived.filter((a) => a.envelopeTo.includes(to) && subject.test(a.mail.subject ?? '')).at(-1);
    expect(mail, `an e-mail "${subject}" to ${to}`).toBeDefined();
    const link = LINK.exec(mail!.mail.text ?? '')?.[0];
    expect(link, 'a page link in the e-mail').toBeDefined();
    return link!.replace(PUBLIC, h.baseUrl);
  }


  /** The review DMs the leader got for a complaint, as text. */
  const reviewDms = (reference: string) =>
    h.standIn
      .callsTo('chat.postMessage')
      .filter((c) => c.args.channel === 'ULEAD1' && JSON.stringify(c.args.blocks ?? '').includes(REVIEW_CONFIRM_ACTION))
      .map((c) => messageAsText(c.args as { text?: string; blocks?: unknown }))
      .filter((text) => text.includes(reference));

  it('after a rejection, asks for a review with a reason from the link in the rejection e-mail; the leader gets it', async () => {
    const c = await outsideComplaint(h, h.baseUrl, { customerContact: 'li.hua@example.cn', customerName: 'Li Hua' });
    await c.accept();
    await c.investigate();
    await c.reject('The meter was read correctly.');
    const url = await linkInMail('li.hua@example.cn', /was rejected/);

    const page = await context.newPage();
    expect((await page.goto(url))?.status()).toBe(200);
    await page.getByRole('heading', { name: 'Ask for a review' }).waitFor();
    await check(page, 'review-1-rejected');
    await page.getByRole('button', { name: 'Ask for a review' }).click();
    // The browser's own check: the reason is required, nothing was sent.
    expect(await page.getByLabel('Why should we look again?').evaluate((el) => (el as unknown as { validity: { valueMissing: boolean } }).validity.valueMissing)).toBe(true);
    expect(await h.db.prisma.review.count({ where: { complaintId: c.id } })).toBe(0);

    await page.getByLabel('Why should we look again?').fill('The meter was replaced in May; the old one was faulty.');
    await page.getByRole('button', { name: 'Ask for a review' }).click();
    await page.getByText('Your request for a review was sent to the group leader.').waitFor();
    await expect.poll(() => page.getByText('the group leader will look at it again.').isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Ask for a review' }).count()).toBe(0);
    await check(page, 'review-2-asked');
    expect(await h.db.prisma.review.findFirstOrThrow({ where: { complaintId: c.id } })).toMatchObject({ cause: 'requested', requestedBy: 'complainant', leaderId: 'ULEAD1' });

    await h.deliver();
    const [dm, ...more] = reviewDms(c.reference);
    expect(more).toEqual([]);
    expect(dm).toContain('The complainant asked for a review of the result.');
    expect(dm).toContain('The meter was replaced in May; the old one was faulty.');
    expect(dm).toContain('[Reopen] [Confirm closure]');
  });

  it('rates the result low from the link in the result e-mail: the leader is asked, and the page says a review is open', async () => {
    const c = await outsideComplaint(h, h.baseUrl, { customerContact: 'wang.wei@example.cn', customerName: 'Wang Wei' });
    await c.throughToResult();
    const url = await linkInMail('wang.wei@example.cn', /is resolved/);

    const page = await context.newPage();
    expect((await page.goto(url))?.status()).toBe(200);
    await page.getByLabel('2 out of 5').check();
    await page.getByLabel('Comment (optional)').fill('Still billed twice in December.');
    await page.getByRole('button', { name: 'Send rating' }).click();
    await page.getByText('Thank you for your rating.').waitFor();
    await expect.poll(() => page.getByText('the group leader is looking at your complaint again.').isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Ask for a review' }).count()).toBe(0);
    await check(page, 'review-3-rated-low');

    await h.deliver();
    const [dm, ...more] = reviewDms(c.reference);
    expect(more).toEqual([]);
    expect(dm).toContain('the complainant rated the result 2 out of 5');
    expect(dm).toContain('Still billed twice in December.');
  });
});
