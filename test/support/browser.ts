/**
 * A real Chromium for page tests: Debian's `chromium` package (.ci/run installs it when missing)
 * driven by playwright-core, which downloads no browser of its own. One browser per test file.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { openTestDb, type TestDb } from './db';

export const CHROMIUM = process.env.PLEDGE_CHROMIUM ?? '/usr/bin/chromium';
/** Screenshots kept by the run, for a person to look at (gitignored). */
export const SHOTS = join(process.cwd(), 'test-results', 'pages');

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
}

/** A phone: 390 x 844 CSS pixels, touch, as a mid-size smartphone. */
export const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true } as const;

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/**
 * Runs axe-core in the page and returns its serious and critical violations. The script goes in
 * through the DevTools protocol (page.evaluate), which the page's CSP does not govern, so the
 * page is checked exactly as served.
 */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(): Promise<{ violations: AxeViolation[] }> } }).axe;
    return (await axe.run()).violations;
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SHOTS, { recursive: true });
  const path = join(SHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Each state of a page is checked alike: no serious axe violation, and its screenshot kept as `shot`. */
export async function checkPage(page: Page, shot: string): Promise<void> {
  expect(await seriousViolations(page), shot).toEqual([]);
  await screenshot(page, shot);
}

export interface PagesInChromium<W> {
  readonly db: TestDb;
  /** What the suite's `start` built on the database: the server whose pages are visited. */
  readonly world: W;
  /** What the browser reported its Content Security Policy refused, on any page opened by phone(). */
  readonly cspReports: string[];
  /** A page in a fresh phone-sized browser context (no cookies) whose language is `locale`. */
  phone(locale: string): Promise<Page>;
}

/**
 * The set-up a suite of pages in Chromium shares: the embedded database, the world `start`
 * builds on it and Chromium, started together before the suite and stopped after it.
 */
export function usePagesInChromium<W extends { stop(): Promise<void> }>(start: (db: TestDb) => Promise<W>): PagesInChromium<W> {
  let db: TestDb | undefined;
  let world: W | undefined;
  let browser: Browser | undefined;
  const cspReports: string[] = [];
  beforeAll(async () => {
    db = await openTestDb('embedded');
    [world, browser] = await Promise.all([start(db), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await world?.stop();
    await db?.close();
  });
  const started = <T>(what: T | undefined): T => {
    if (what === undefined) throw new Error('pages in Chromium start before the suite (usePagesInChromium)');
    return what;
  };
  return {
    get db() {
      return started(db);
    },
    get world() {
      return started(world);
    },
    cspReports,
    async phone(locale) {
      const context = await started(browser).newContext({ ...PHONE, locale });
      const page = await context.newPage();
      page.on('console', (m) => m.text().includes('Content Security Policy') && cspReports.push(m.text()));
      return page;
    },
  };
}
