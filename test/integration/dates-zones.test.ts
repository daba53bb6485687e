/**
 * Dates as people read them, through the real Bolt app (issue 11, point 3): a group with its own
 * time zone reads its own, and an extension's suggested new due time is the close of a working
 * day, never a day off (a weekend, a public holiday; China's adjusted working days count).
 * On both databases.
 */
import type { ModalView } from '@slack/types';
import { expect, it } from 'vitest';
import { ACTION_FIELD } from '../../src/slack/ids';
import { describeEachDb } from '../support/db';
import { Driver } from '../support/lifecycle-driver';
import { withoutDates } from '../support/message-text';
import { harnessPerTest, testConfig, TEST_CONFIG_YAML } from '../support/pledge-harness';

const at = (local: string) => new Date(`${local}+08:00`);

/** The Service group works in Berlin; the team (and Billing) in Shanghai. */
const BERLIN_YAML = TEST_CONFIG_YAML.replace('    channel: CSERVICE\n', '    channel: CSERVICE\n    calendar:\n      timezone: Europe/Berlin\n');

/** The new due time the extension modal offers, as the datetimepicker's initial value. */
function suggested(view: ModalView): Date | undefined {
  const block = view.blocks.find((b) => b.type === 'input' && b.block_id === ACTION_FIELD.due.block) as { element?: { initial_date_time?: number } } | undefined;
  const initial = block?.element?.initial_date_time;
  return initial === undefined ? undefined : new Date(initial * 1000);
}

describeEachDb('dates as people read them', (getDb) => {
  const harness = harnessPerTest(getDb);

  async function start(yaml: string, now: Date): Promise<Driver> {
    const h = await harness.start({ config: await testConfig(yaml), now });
    return new Driver(h, h.settle);
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

  it('suggests the close of the next working day, never a Saturday', async () => {
    const d = await start(TEST_CONFIG_YAML, at('2026-12-01T10:00:00')); // Tuesday
    const c = await d.file();
    await d.accept(c.ownerId, c);
    const solution = await d.prisma.deadline.findFirstOrThrow({ where: { complaintId: c.id, stage: 'solution' } });
    expect(solution.dueAt).toEqual(at('2026-12-04T18:00:00')); // Friday's close
    const view = await d.openModal(c.ownerId, 'request_extension', c.id);
    expect(suggested(view)).toEqual(at('2026-12-07T18:00:00')); // Monday's close, not Saturday
  });

  it('skips a public holiday and counts an adjusted working Saturday (China)', async () => {
    const d = await start(`${TEST_CONFIG_YAML}\ncalendar:\n  country: CN\n`, at('2026-09-25T10:00:00')); // Friday
    const c = await d.file();
    await d.accept(c.ownerId, c);
    // Mon 28, Tue 29, Wed 30 September; then the National Day holidays until Wed 7 October.
    const solution = await d.prisma.deadline.findFirstOrThrow({ where: { complaintId: c.id, stage: 'solution' } });
    expect(solution.dueAt).toEqual(at('2026-09-30T18:00:00'));
    expect(suggested(await d.openModal(c.ownerId, 'request_extension', c.id))).toEqual(at('2026-10-08T18:00:00'));
    // Moved to Fri 9 October, the next working day is Saturday 10 October, worked in exchange.
    await d.prisma.deadline.update({ where: { id: solution.id }, data: { dueAt: at('2026-10-09T18:00:00') } });
    expect(suggested(await d.openModal(c.ownerId, 'request_extension', c.id))).toEqual(at('2026-10-10T18:00:00'));
  });
});
