/**
 * The complainant's page in a real Chromium, phone-sized (issue 13, point 11): they open the
 * link, answer a question, agree to an extension and rate the result; a forged token and a post
 * without its CSRF token are refused. Each page passes axe-core with no serious violation, and a
 * screenshot of each is kept in test-results/pages/. On the embedded database: the same routes
 * run on both databases in complaint-page-http.test.ts.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPage as check, launchChromium, PHONE } from '../support/browser';
import { outsideComplaint } from '../support/complaint-page';
import { openTestDb, type TestDb } from '../support/db';
import { startHarness, type Harness } from '../support/pledge-harness';

const DAY = 86_400_000;

describe('complaint page in Chromium', () => {
  let db: TestDb;
  let h: Harness;
  let browser: Browser;
  let context: BrowserContext;
  const cspReports: string[] = [];

  beforeAll(async () => {
    db = await openTestDb('embedded');
    [h, browser] = await Promise.all([startHarness(db, { publicUrl: new URL('http://127.0.0.1/') }), launchChromium()]);
    context = await browser.newContext({ ...PHONE, locale: 'en-GB' });
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await h?.stop();
    await db?.close();
  });

  /** Opens a page, records any CSP refusal the browser reports, checks it with axe, keeps its picture. */
  async function visit(page: Page, url: string, shot: string, expectStatus = 200) {
    const response = await page.goto(url);
    expect(response?.status()).toBe(expectStatus);
    await check(page, shot);
  }

  it('lets the complainant answer, agree to an extension and rate, from their phone', async () => {
    const page = await context.newPage();
    page.on('console', (m) => m.text().includes('Content Security Policy') && cspReports.push(m.text()));
    const c = await outsideComplaint(h, h.baseUrl);
    await c.accept();
    await c.investigate();
    await c.ask('Which account number is on the bill?');

    await visit(page, c.pageUrl, '1-question');
    await expect.poll(() => page.getByRole('heading', { name: 'We have a question for you' }).isVisible()).toBe(true);
    await page.getByLabel('Your answer').fill('Account 42-001');
    await page.getByRole('button', { name: 'Send answer' }).click();
    await page.getByText('your answer was sent').waitFor();
    await check(page, '2-answered');
    expect((await h.db.prisma.complaint.findUniqueOrThrow({ where: { id: c.id } })).status).toBe('investigating');

    const solution = await h.db.prisma.deadline.findFirstOrThrow({ where: { complaintId: c.id, stage: 'solution' } });
    await c.askExtension(new Date(solution.dueAt.getTime() + 2 * DAY), 'The bank needs two more days to trace the payment.');
    await visit(page, c.pageUrl, '3-extension');
    await page.getByRole('button', { name: 'I agree to the extension' }).click();
    await page.getByText('you agreed to the extension').waitFor();
    expect((await h.db.prisma.deadline.findUniqueOrThrow({ where: { id: solution.id } })).consent).toBe('complainant');

    await c.propose();
    await c.resolve();
    await visit(page, c.pageUrl, '4-result');
    await page.getByLabel('4 out of 5').check();
    await page.getByLabel('Comment (optional)').fill('Quick once it started.');
    await page.getByRole('button', { name: 'Send rating' }).click();
    await page.getByText('Thank you for your rating.').waitFor();
    await check(page, '5-rated');
    expect(await h.db.prisma.survey.findUniqueOrThrow({ where: { complaintId: c.id } })).toMatchObject({ rating: 4, channel: 'web' });
    expect(cspReports).toEqual([]);
  });

  it('refuses a forged token and a post whose CSRF token was taken out', async () => {
    const page = await context.newPage();
    const c = await outsideComplaint(h, h.baseUrl);
    await c.accept();
    await c.investigate();
    await c.ask('Which account?');
    await visit(page, `${h.baseUrl}/p/${'A'.repeat(43)}`, '6-forged', 404);
    await expect.poll(() => page.getByRole('heading', { name: 'This link does not open a complaint' }).isVisible()).toBe(true);

    await page.goto(c.pageUrl);
    // As a form posted from elsewhere would arrive: without the page's token.
    await page.locator('form:has(textarea[name=answer]) input[name=csrf]').evaluate((input) => input.remove());
    await page.getByLabel('Your answer').fill('Account 7');
    await page.getByRole('button', { name: 'Send answer' }).click();
    await page.getByRole('heading', { name: 'Your form could not be accepted' }).waitFor();
    await check(page, '7-refused');
    expect((await h.db.prisma.complaint.findUniqueOrThrow({ where: { id: c.id } })).status).toBe('waiting_on_complainant');
  });
});
