/** `npm run demo` tells the whole story, in English and in Chinese. */
import { describe, expect, it } from 'vitest';
import { runDemo } from '../../demo/run';

describe('the offline demo', () => {
  it('tells the story in English: filing, weekend, warning, escalation, approval, resolution, survey, digest', async () => {
    const lines: string[] = [];
    const sent = await runDemo('en', (l) => lines.push(l));
    const out = lines.join('\n');
    expect(out).toContain('PLG-2026-000001');
    expect(out).toMatch(/Alice sees a form/);
    expect(out).toMatch(/Bob sees in a direct message/);
    expect(out).toMatch(/The weekend passes/);
    expect(out).toMatch(/Daily digest/i);
    expect(out).toMatch(/Reminder/);
    expect(out).toMatch(/Carol sees in a direct message/);
    expect(out).toMatch(/Resolved/i);
    expect(out).toMatch(/Alice sees in a direct message[\s\S]*(rate|Rate)/);
    expect(sent).toBeGreaterThan(20);
    expect(out).toContain(`${sent} messages were sent, each exactly once`);
  }, 120_000);

  it('tells it in Chinese with --locale zh-CN', async () => {
    const lines: string[] = [];
    await runDemo('zh-CN', (l) => lines.push(l));
    const out = lines.join('\n');
    expect(out).toContain('受理');
    expect(out).toContain('首问负责人');
    expect(out).toContain('每日简报');
    expect(out).toMatch(/回访/);
  }, 120_000);
});
