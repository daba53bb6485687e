/**
 * What people read about a limit, through the real Bolt app and the sweep, at night and after
 * it: a passed limit always reads overdue, and a limit in clock time reads in clock time
 * (issue 11, points 1 and 2). On both databases.
 */
import { expect, it } from 'vitest';
import { digestMessage } from '../../src/slack/blocks/digest';
import { messageAsText } from '../../src/slack/blocks/plain-text';
import { ESCALATION_APPROVE_ACTION } from '../../src/slack/ids';
import { describeEachDb } from '../support/db';
import { Driver } from '../support/lifecycle-driver';
import { useHarness } from '../support/pledge-harness';
import { withoutDates } from '../support/message-text';

const at = (local: string) => new Date(`${local}+08:00`);

describeEachDb('limits as people read them', (getDb) => {
  const h = useHarness(getDb); // Monday 30 Nov, 10:00 in Shanghai
  const d = new Driver(h, h.settle);

  const sweepAt = (local: string) => d.sweepAt(at(local));
  /** The last escalation asked of `userId` about `stage` (its name as the DM shows it). */
  const askText = (userId: string, stage: string) =>
    withoutDates(JSON.stringify(
      d.dmsTo(userId).filter((p) => JSON.stringify(p.args.blocks).includes(`"action_id":"${ESCALATION_APPROVE_ACTION}"`) && JSON.stringify(p.args.blocks).includes(`*${stage}*`)).at(-1)?.args.blocks ?? [],
    ));
  const channelPings = () => d.posts((p) => p.args.channel === 'CBILLING' && !p.args.thread_ts).map((p) => String(p.args.text));

  it('a working-time limit that passed at 18:00 reads overdue at 09:00 next morning, not "0 min of working time left"', async () => {
    const c = await d.file();
    await d.accept(c.ownerId, c);
    // The solution is due at the end of the 3rd working day: Thu 3 Dec, 18:00. The sweep next
    // runs at 09:00 Friday (after downtime): the breach is its first escalation.
    await sweepAt('2026-12-04T09:00:00');
    const ask = askText('ULEAD1', 'Propose a solution');
    expect(ask).toContain('Due Thu 3 Dec, 18:00 (GMT+8): overdue.');
    expect(ask).not.toContain('0 min');
    expect(channelPings().filter((t) => t.includes('Propose a solution (limit passed)'))).toEqual([
      'PLG-2026-000001 · :rotating_light: Escalated to <@ULEAD1>: Propose a solution (limit passed), overdue.',
    ]);
    expect(JSON.stringify(d.dmsTo('ULEAD1').map((p) => p.args.blocks))).not.toMatch(/0 min of working time left/);
    // The digest's Breached list reads the same.
    const digest = messageAsText(digestMessage({ locale: 'en' }, await h.pledge.services.digestFor('billing')));
    expect(digest).toContain('Propose a solution: overdue');
  });

  it('an urgent complaint filed at night counts its 30 minutes in clock time: "6 min left", not "0 min of working time left"', async () => {
    h.clock.set(at('2026-12-01T23:00:00'));
    const c = await d.file({ priority: 'urgent' });
    await sweepAt('2026-12-01T23:24:00'); // 80% of 30 min: the last warning escalates at once (urgent)
    expect(askText('ULEAD1', 'Accept')).toContain('Due Tue 1 Dec, 23:30 (GMT+8): 6 min left.');
    const warning = d.dmsTo(c.ownerId).map((p) => String(p.args.text)).find((t) => t.includes('Reminder'));
    expect(warning).toContain('6 min left');
  });

  it('a 24-hour limit 53 hours late reads "overdue by 2 days 5 h", not in working time', async () => {
    await d.file();
    await sweepAt('2026-12-03T15:00:00'); // due Tue 1 Dec, 10:00 (24 h after filing); swept 53 h later
    expect(askText('ULEAD1', 'Accept')).toContain('Due Tue 1 Dec, 10:00 (GMT+8): overdue by 2 days 5 h.');
    expect(channelPings()).toContain('PLG-2026-000001 · :rotating_light: Escalated to <@ULEAD1>: Accept (limit passed), overdue by 2 days 5 h.');
  });
});
