/**
 * sla.maxPause over signed HTTP into the real Bolt app, on both databases: "Ask the complainant"
 * stops the clocks for at most 5 working days. The handler is reminded at half; then the clocks
 * run again with the time they had, the handler and the leader are told, it is audited, and the
 * report shows the time the clocks stood still.
 */
import { beforeEach, expect, it } from 'vitest';
import { describeEachDb } from '../support/db';
import { Driver, type Filed } from '../support/lifecycle-driver';
import { useHarness } from '../support/pledge-harness';
import { withoutDates } from '../support/message-text';

const at = (local: string) => new Date(`${local}+08:00`);

describeEachDb('the longest wait on the complainant (sla.maxPause)', (getDb) => {
  const h = useHarness(getDb); // Monday 30 Nov, 10:00 in Shanghai
  const settle = h.settle;
  const d = new Driver(h, settle);
  let c: Filed;

  beforeEach(async () => {
    c = await d.file({}, 'UFILER');
    await d.accept(c.ownerId, c);
    await d.press(c.ownerId, 'start_investigation', c.id);
    await d.act(c.ownerId, 'request_info', c.id, { text: 'Which card was charged?' });
    await h.deliver();
  });

  const solution = () => h.db.prisma.deadline.findFirstOrThrow({ where: { complaintId: c.id, stage: 'solution' } });
  const dmTexts = (userId: string) => d.dmsTo(userId).map((p) => String(p.args.text));
  const sweepAt = (local: string) => d.sweepAt(at(local));

  it('reminds the handler at half, then restarts the clocks with the time they had, tells handler and leader, and audits it', async () => {
    const paused = await solution();
    expect(paused.pausedAt).toEqual(at('2026-11-30T10:00:00'));
    const leftWhenPaused = paused.dueAt.getTime() - paused.pausedAt!.getTime();

    await sweepAt('2026-12-01T10:00:00'); // a working day in: nothing yet
    expect(dmTexts(c.ownerId).filter((t) => t.includes('has not answered your question yet'))).toEqual([]);

    await sweepAt('2026-12-04T10:00:00'); // past half of the 5 working days
    await sweepAt('2026-12-04T11:00:00');
    const reminders = dmTexts(c.ownerId).filter((t) => t.includes('has not answered your question yet'));
    expect(reminders).toHaveLength(1);
    expect(withoutDates(reminders[0]!)).toContain('until Mon 7 Dec, 18:00 (GMT+8)');
    expect((await solution()).pausedAt).not.toBeNull();

    const report = await sweepAt('2026-12-08T10:00:00'); // the 5 working days have passed
    expect(report.pausesEnded).toBe(1);
    const running = await solution();
    expect(running.pausedAt).toBeNull();
    expect(running.dueAt.getTime()).toBeGreaterThan(at('2026-12-08T10:00:00').getTime());
    // The time left is kept (in working time: 3 working days from Monday 10:00 were all still to come).
    expect(running.dueAt.getTime() - at('2026-12-08T10:00:00').getTime()).toBeGreaterThanOrEqual(leftWhenPaused - 2 * 86_400_000);
    expect(dmTexts(c.ownerId).some((t) => t.includes('The complainant did not answer in time: the time limits run again.'))).toBe(true);
    expect(dmTexts('ULEAD1').some((t) => t.includes(`The complainant did not answer <@${c.ownerId}>’s question within the longest wait allowed`))).toBe(true);
    expect(await d.deliverThread(c)).toContain(
      'The complainant has not answered within the longest wait allowed; the time limits run again with the time they had. The answer is still welcome.',
    );
    expect(await d.eventTypes(c.id)).toEqual(expect.arrayContaining(['pause.reminded', 'pause.limit_passed']));
    const card = d.cardUpdates(c).at(-1)!;
    expect(JSON.stringify(card.args.blocks)).not.toContain('Paused: waiting on the complainant');
    expect(JSON.stringify(card.args.blocks)).toContain('Propose a solution by');

    // A second sweep does nothing more; the late answer is still taken and moves the complaint on.
    expect((await sweepAt('2026-12-08T11:00:00')).pausesEnded).toBe(0);
    await h.pledge.services.answerInfo({ complaintId: c.id, actorId: 'UFILER', answer: 'The Visa ending 4242.' });
    expect(await d.status(c.id)).toBe('investigating');
    expect((await solution()).dueAt).toEqual(running.dueAt);

    // The report shows how long the clocks stood still: Mon 10:00 to Tue 8 Dec 10:00, 192 hours.
    const before = h.standIn.callsTo('response_url').length;
    await h.command('stats quarter', 'USUP1');
    await settle();
    const stats = JSON.stringify(h.standIn.callsTo('response_url').slice(before).map((r) => r.args.blocks));
    expect(stats).toContain('*Paused, waiting on complainants (hours)*\\n192');
  });

  it('an answer within the limit ends the wait: no reminder, no restart by the sweep', async () => {
    await h.pledge.services.answerInfo({ complaintId: c.id, actorId: 'UFILER', answer: 'The Visa ending 4242.' });
    await sweepAt('2026-12-09T10:00:00');
    expect(dmTexts(c.ownerId).filter((t) => t.includes('has not answered your question yet') || t.includes('did not answer in time'))).toEqual([]);
    expect(await d.eventTypes(c.id)).not.toContain('pause.limit_passed');
  });
});
