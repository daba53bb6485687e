/**
 * A major complaint's report to the leader carries the escalation's choices while they wait
 * (issue 10, point 8: buttons that can no longer work are taken off the messages that carry
 * them). When the complaint is archived before the leader answered, archiving closes that
 * escalation, and the report DM is shown again without its choices. Over signed HTTP into the
 * real Bolt app, on both databases.
 */
import { expect, it } from 'vitest';
import { ESCALATION_ACTIONS_BLOCK, surveyRateActionId } from '../../src/slack/ids';
import { describeEachDb } from '../support/db';
import { Driver } from '../support/lifecycle-driver';
import { useHarness } from '../support/pledge-harness';
import { inputValue } from '../support/signed-requests';

describeEachDb('the major report after archiving', (getDb) => {
  const h = useHarness(getDb);
  const d = new Driver(h, h.settle);

  it('loses the escalation choices once archiving closed the escalation', async () => {
    const c = await d.file({ priority: 'major' });
    await h.deliver();
    const report = d.dmsTo('ULEAD1').find((p) => JSON.stringify(p.args.blocks).includes(ESCALATION_ACTIONS_BLOCK));
    expect(report, 'the leader gets the major report with the escalation choices').toBeDefined();

    await d.accept(c.ownerId, c);
    await d.press(c.ownerId, 'start_investigation', c.id);
    await d.act(c.ownerId, 'propose_solution', c.id, { text: 'Refund the second charge.' });
    await d.act(c.ownerId, 'resolve', c.id, { text: 'Refunded ¥268.', basis: 'Bank statement.' });
    await h.deliver();
    await d.pressInDm('UFILER', surveyRateActionId(5), c.id, 'DUFILER', '1700000000.007700');
    expect(await d.submitOpened('UFILER', d.lastModal(), { rating: inputValue.radio('5'), text: '' })).toEqual({ status: 200, errors: undefined });
    await h.deliver();

    expect(await d.standing(c.id)).toBe('resolved, archived');
    const escalation = await h.db.prisma.escalation.findFirstOrThrow({ where: { complaintId: c.id } });
    expect(escalation.decision).toBe('closed');
    expect(d.shownNow(report!)).not.toContain(ESCALATION_ACTIONS_BLOCK);
    expect(d.shownNow(report!)).toContain(c.reference);
  });
});
