/**
 * Pages inside WeCom in a real Chromium, phone-sized (issue 14, point 5): a member arrives as
 * WeCom's OAuth redirect brings them (the page's URL with a one-time code from the stand-in),
 * files a complaint in Chinese after a refused first try, lands on it, opens 我的投诉, and its
 * handler adds a note on the step's page. Each page passes axe-core with no serious violation,
 * under the pages' own CSP, and a screenshot of each is kept in test-results/pages/. On the
 * embedded database: the same routes run on both databases in wecom-pages.test.ts.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, PHONE, screenshot, seriousViolations } from '../support/browser';
import { openTestDb, type TestDb } from '../support/db';
import { zhConfig } from '../support/pledge-harness';
import { startPagesWorld, type PagesWorld } from '../support/wecom-pages';

describe('pages inside WeCom in Chromium', () => {
  let db: TestDb;
  let w: PagesWorld;
  let browser: Browser;
  const cspReports: string[] = [];

  beforeAll(async () => {
    db = await openTestDb('embedded');
    // Plain http, as the test server is: the session cookie is then not marked Secure.
    [w, browser] = await Promise.all([(async () => startPagesWorld(db, { config: await zhConfig(), publicUrl: new URL('http://127.0.0.1/') }))(), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await w?.stop();
    await db?.close();
  });

  async function phone(): Promise<Page> {
    const context = await browser.newContext({ ...PHONE, locale: 'zh-CN' });
    const page = await context.newPage();
    page.on('console', (m) => m.text().includes('Content Security Policy') && cspReports.push(m.text()));
    return page;
  }
  async function check(page: Page, shot: string) {
    expect(await seriousViolations(page), shot).toEqual([]);
    await screenshot(page, shot);
  }
  /** What WeCom's authorize page does: back to the page with a fresh code. */
  const arrive = (page: Page, userid: string, path: string) => page.goto(`${w.h.baseUrl}${path}?code=${w.wecom.oauthCode(userid)}&state=pledge`);

  it('files a complaint in Chinese after a refused first try, and shows it and 我的投诉', async () => {
    const page = await phone();
    await arrive(page, 'UFILER', '/wecom/app/file');
    await page.getByRole('heading', { name: '登记投诉' }).waitFor();
    expect(page.url()).toBe(`${w.h.baseUrl}/wecom/app/file`);
    await check(page, 'wecom-1-file-zh');

    await page.getByRole('button', { name: '登记', exact: true }).click();
    // The browser's own check stops an empty required field; a title of spaces passes it and is refused by Pledge.
    await page.getByLabel('标题', { exact: true }).fill('   ');
    await page.getByLabel('投诉类别').selectOption('billing');
    await page.getByRole('button', { name: '登记', exact: true }).click();
    await page.getByRole('alert').first().waitFor();
    await check(page, 'wecom-2-file-errors-zh');
    expect(await db.prisma.complaint.count()).toBe(0);

    await page.getByLabel('标题', { exact: true }).fill('账单重复扣费');
    await page.getByLabel('详细情况').fill('十一月的账单被扣了两次。');
    await page.getByRole('button', { name: '登记', exact: true }).click();
    await page.getByRole('heading', { name: /^PLG-\d{4}-\d{6}$/ }).waitFor();
    await page.getByRole('status').waitFor();
    await check(page, 'wecom-3-complaint-zh');

    await page.getByRole('link', { name: '我的投诉' }).click();
    await page.getByRole('heading', { name: '我的投诉' }).waitFor();
    await check(page, 'wecom-4-mine-zh');
    expect(cspReports).toEqual([]);
  });

  it('lets the handler add a note on the step\u2019s page', async () => {
    const complaint = await db.prisma.complaint.findFirstOrThrow();
    await w.h.pledge.services.acceptComplaint({ complaintId: complaint.id, actorId: complaint.ownerId });
    const page = await phone();
    await arrive(page, complaint.ownerId, `/wecom/app/complaints/${complaint.id}`);
    await page.getByRole('link', { name: '添加进展' }).click();
    await page.getByRole('heading', { name: '添加进展' }).waitFor();
    await check(page, 'wecom-5-step-zh');
    await page.getByRole('textbox').fill('已联系银行核实。');
    await page.getByRole('button', { name: '添加' }).click();
    await page.getByRole('status').waitFor();
    expect(await db.prisma.event.count({ where: { complaintId: complaint.id, type: 'complaint.note_added' } })).toBe(1);
    expect(cspReports).toEqual([]);
  });
});
