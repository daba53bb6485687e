/**
 * Pages inside WeCom in a real Chromium, phone-sized (issue 14, point 5): a member arrives as
 * WeCom's OAuth redirect brings them (the page's URL with a one-time code from the stand-in),
 * files a complaint in Chinese after a refused first try, lands on it, opens 我的投诉, and its
 * handler adds a note on the step's page. Each page passes axe-core with no serious violation,
 * under the pages' own CSP, and a screenshot of each is kept in test-results/pages/. On the
 * embedded database: the same routes run on both databases in wecom-pages.test.ts.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { checkPage as check, usePagesInChromium } from '../support/browser';
import { zhConfig } from '../support/pledge-harness';
import { startPagesWorld } from '../support/wecom-pages';

describe('pages inside WeCom in Chromium', () => {
  // Plain http, as the test server is: the session cookie is then not marked Secure.
  const chromium = usePagesInChromium(async (db) => startPagesWorld(db, { config: await zhConfig(), publicUrl: new URL('http://127.0.0.1/') }));
  const { cspReports } = chromium;
  const phone = () => chromium.phone('zh-CN');
  /** What WeCom's authorize page does: back to the page with a fresh code. */
  const arrive = (page: Page, userid: string, path: string) => {
    const w = chromium.world;
    return page.goto(`${w.h.baseUrl}${path}?code=${w.wecom.oauthCode(userid)}&state=pledge`);
  };

  it('files a complaint in Chinese after a refused first try, and shows it and 我的投诉', async () => {
    const page = await phone();
    await arrive(page, 'UFILER', '/wecom/app/file');
    await page.getByRole('heading', { name: '登记投诉' }).waitFor();
    expect(page.url()).toBe(`${chromium.world.h.baseUrl}/wecom/app/file`);
    await check(page, 'wecom-1-file-zh');

    await page.getByRole('button', { name: '登记', exact: true }).click();
    // The browser's own check stops an empty required field; a title of spaces passes it and is refused by Pledge.
    await page.getByLabel('标题', { exact: true }).fill('   ');
    await page.getByLabel('投诉类别').selectOption('billing');
    await page.getByRole('button', { name: '登记', exact: true }).click();
    await page.getByRole('alert').first().waitFor();
    await check(page, 'wecom-2-file-errors-zh');
    expect(await chromium.db.prisma.complaint.count()).toBe(0);

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
    const complaint = await chromium.db.prisma.complaint.findFirstOrThrow();
    await chromium.world.h.pledge.services.acceptComplaint({ complaintId: complaint.id, actorId: complaint.ownerId });
    const page = await phone();
    await arrive(page, complaint.ownerId, `/wecom/app/complaints/${complaint.id}`);
    await page.getByRole('link', { name: '添加进展' }).click();
    await page.getByRole('heading', { name: '添加进展' }).waitFor();
    await check(page, 'wecom-5-step-zh');
    await page.getByRole('textbox').fill('已联系银行核实。');
    await page.getByRole('button', { name: '添加' }).click();
    await page.getByRole('status').waitFor();
    expect(await chromium.db.prisma.event.count({ where: { complaintId: complaint.id, type: 'complaint.note_added' } })).toBe(1);
    expect(cspReports).toEqual([]);
  });
});
