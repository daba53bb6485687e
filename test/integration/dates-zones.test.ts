/**
 * Dates as people read them, through the real Bolt app (issue 11, point 3): a group with its own
 * time zone reads its own. On both databases.
 */
import { afterEach, expect, it } from 'vitest';
import { describeEachDb } from '../support/db';
import { trackRequests } from '../support/in-flight';
import { Driver } from '../support/lifecycle-driver';
import { withoutDates } from '../support/message-text';
import { startHarness, testConfig, TEST_CONFIG_YAML, type Harness } from '../support/pledge-harness';

const at = (local: string) => new Date(`${local}+08:00`);

/** The Service group works in Berlin; the team (and Billing) in Shanghai. */
const BERLIN_YAML = TEST_CONFIG_YAML.replace('    channel: CSERVICE\n', '    channel: CSERVICE\n    calendar:\n      timezone: Europe/Berlin\n');

describeEachDb('dates as people read them', (getDb) => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  async function start(yaml: string, now: Date): Promise<Driver> {
    h = await startHarness(getDb(), { config: await testConfig(yaml), now });
    return new Driver(h, trackRequests(h.pledge.slack.app));
  }

  it('a group in its own zone reads its dates in that zone; the team reads its own', async () => {
    const d = await start(BERLIN_YAML, at('2026-11-30T10:00:00')); // Monday 03:00 in Berlin
    const service = await d.file({ category: 'service', title: 'Late engineer' });
    const billing = await d.file({ category: 'billing', title: 'Charged twice' });
    const dm = (userId: string) => withoutDates(d.dmsTo(userId).map((p) => `${String(p.args.text)}\n${JSON.stringify(p.args.blocks)}`).join('\n'));
    // Accept within 24 h: Tue 1 Dec 10:00 in Shanghai is 03:00 in Berlin.
    expect(dm(service.ownerId)).toContain('Tue 1 Dec, 03:00 (GMT+1)');
    expect(dm(service.ownerId)).not.toContain('GMT+8');
    expect(dm(billing.ownerId)).toContain('Tue 1 Dec, 10:00 (GMT+8)');
    // The Slack token itself renders in each reader's zone.
    const raw = JSON.stringify(d.dmsTo(service.ownerId).map((p) => p.args.blocks));
    expect(raw).toContain(`<!date^${at('2026-12-01T10:00:00').getTime() / 1000}^{date_short_pretty} {time}|Tue 1 Dec, 03:00 (GMT+1)>`);
  });
});
