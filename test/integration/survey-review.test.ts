/**
 * 回访不满意: a rating at or below survey.reviewAt puts the complaint before its group leader
 * instead of archiving it. Over signed HTTP into the real Bolt app, on both databases: the
 * leader's DM, Confirm closure with its note, Reopen, the archive limit when nobody answers, and
 * the buttons that can no longer work taken off the messages that carry them.
 */
import { beforeEach, expect, it } from 'vitest';
import { ACTION_FIELD, complaintActionId, REVIEW_CONFIRM_ACTION, REVIEW_CONFIRM_VIEW, surveyRateActionId } from '../../src/slack/ids';
import { describeEachDb } from '../support/db';
import { Driver, type Filed } from '../support/lifecycle-driver';
import { useHarness } from '../support/pledge-harness';
import { inputValue } from '../support/signed-requests';

const STALE = 'This complaint has moved on since that was shown, so nothing was changed. Its card in the channel shows where it stands now.';
const NOT_ALLOWED = "You're not allowed to do that.";
const ASK_TS = '1700000000.007700';

describeEachDb('satisfaction follow-up reviewed by the leader through Slack', (getDb) => {
  let c: Filed;
  const h = useHarness(getDb);
  const d = new Driver(h, h.settle);

  beforeEach(async () => {
    c = await d.file();
    await d.accept(c.ownerId, c);
    await d.press(c.ownerId, 'start_investigation', c.id);
    await d.act(c.ownerId, 'propose_solution', c.id, { text: 'Refund the second charge.' });
    await d.act(c.ownerId, 'resolve', c.id, { text: 'Refunded ¥268.', basis: 'Bank statement.' });
    await h.deliver();
  });

  async function rate(rating: number, comment = '') {
    await d.pressInDm('UFILER', surveyRateActionId(rating), c.id, 'DUFILER', ASK_TS);
    expect(await d.submitOpened('UFILER', d.lastModal(), { rating: inputValue.radio(String(rating)), text: comment })).toEqual({ status: 200, errors: undefined });
    await h.deliver();
  }

  const review = () => h.db.prisma.review.findFirstOrThrow({ where: { complaintId: c.id } });
  const reviewDm = () => d.dmsTo('ULEAD1').find((p) => JSON.stringify(p.args.blocks).includes(REVIEW_CONFIRM_ACTION));
  const surveyDm = () => d.dmsTo('UFILER').find((p) => JSON.stringify(p.args.blocks).includes('survey_rate:'))!;

  it('a rating of 2 is not archived: the leader is asked to review it, and Confirm closure takes a note, is audited and archives it', async () => {
    await rate(2, 'Nobody called me back.');
    expect(await d.standing(c.id)).toBe('resolved');
    expect(await review()).toMatchObject({ cause: 'low_rating', rating: 2, leaderId: 'ULEAD1', requestedBy: 'UFILER', outcome: null });
    const ask = reviewDm();
    expect(ask, 'the leader gets the review in a DM').toBeDefined();
    const askBlocks = JSON.stringify(ask!.args.blocks);
    expect(askBlocks).toContain('Unsatisfied follow-up: the complainant rated the result 2 out of 5.');
    expect(askBlocks).toContain('Nobody called me back.');
    expect(askBlocks).toContain(`"action_id":"${complaintActionId('reopen')}"`);
    expect(await d.deliverThread(c)).toContain('Unsatisfied follow-up: the complainant rated the result 2 out of 5. Put before <@ULEAD1> for review.');

    const { id } = await review();
    for (const who of [c.ownerId, 'USTRANGER']) await d.pressInDm(who, REVIEW_CONFIRM_ACTION, id);
    expect(d.replies().map((r) => r.args.text)).toEqual([NOT_ALLOWED, NOT_ALLOWED]);

    await d.pressInDm('ULEAD1', REVIEW_CONFIRM_ACTION, id);
    const modal = d.lastModal();
    expect(modal.callback_id).toBe(REVIEW_CONFIRM_VIEW);
    expect(await d.submitOpened('ULEAD1', modal, { text: '  ' })).toEqual({ status: 200, errors: { [ACTION_FIELD.text.block]: expect.any(String) } });
    expect(await d.standing(c.id)).toBe('resolved');
    expect(await d.submitOpened('ULEAD1', modal, { text: 'Called back: the refund is on its way.' })).toEqual({ status: 200, errors: undefined });

    expect(await d.standing(c.id)).toBe('resolved, archived');
    expect(await h.db.prisma.complaint.findUniqueOrThrow({ where: { id: c.id } })).toMatchObject({ archiveReason: 'review_confirmed' });
    expect(await review()).toMatchObject({ outcome: 'confirmed', decidedBy: 'ULEAD1', note: 'Called back: the refund is on its way.' });
    const confirmed = await h.db.prisma.event.findFirstOrThrow({ where: { complaintId: c.id, type: 'review.confirmed' } });
    expect(confirmed).toMatchObject({ actorId: 'ULEAD1', payload: { reviewId: id, note: 'Called back: the refund is on its way.' } });
    const thread = await d.deliverThread(c);
    expect(thread.join('\n')).toContain('reviewed the complaint and confirmed its closure');
    expect(thread).toContain('The complaint is archived.');

    // Archived: the leader's DM shows the answer instead of its buttons; the filer's rating and Reopen buttons are gone.
    const leaderNow = d.shownNow(ask!);
    expect(leaderNow).not.toContain(REVIEW_CONFIRM_ACTION);
    expect(leaderNow).not.toContain(complaintActionId('reopen'));
    expect(leaderNow).toContain('Closure confirmed by <@ULEAD1>');
    const filerNow = d.shownNow(surveyDm());
    expect(filerNow).not.toContain('survey_rate:');
    expect(filerNow).not.toContain(complaintActionId('reopen'));
    expect(filerNow).toContain('You rated the result 2 out of 5');

    // Old buttons pressed anyway change nothing.
    await d.pressInDm('ULEAD1', REVIEW_CONFIRM_ACTION, id);
    await d.pressInDm('UFILER', surveyRateActionId(5), c.id, 'DUFILER', ASK_TS);
    expect(d.replies().slice(-2).map((r) => r.args.text)).toEqual([STALE, STALE]);
  });

  it('Reopen from the leader’s DM settles the review as reopened; the DMs lose the buttons that no longer work', async () => {
    await rate(1);
    const ask = reviewDm()!;
    await d.pressInDm('ULEAD1', complaintActionId('reopen'), `reopen:${c.id}`);
    expect(await d.submitOpened('ULEAD1', d.lastModal(), { text: 'The customer was never called.' })).toEqual({ status: 200, errors: undefined });
    expect(await d.standing(c.id)).toBe('investigating');
    expect(await review()).toMatchObject({ outcome: 'reopened', decidedBy: 'ULEAD1' });
    await h.deliver();
    const leaderNow = d.shownNow(ask);
    expect(leaderNow).not.toContain(REVIEW_CONFIRM_ACTION);
    expect(leaderNow).toContain('Reopened by <@ULEAD1>');
    expect(d.shownNow(surveyDm())).not.toContain('survey_rate:');
  });

  it('a review nobody answers lapses when the archive limit archives the complaint', async () => {
    await rate(2);
    const ask = reviewDm()!;
    const archive = await h.db.prisma.deadline.findFirstOrThrow({ where: { complaintId: c.id, stage: 'archive', metAt: null } });
    // The limit passes at 18:00 (a Wednesday); the sweep acts in working hours, the next morning.
    h.clock.set(new Date(archive.dueAt.getTime() + 16 * 3_600_000));
    expect((await h.pledge.services.sweep()).archived).toBe(1);
    expect(await d.standing(c.id)).toBe('resolved, archived');
    expect(await review()).toMatchObject({ outcome: 'lapsed', decidedBy: 'system' });
    const archived = await h.db.prisma.event.findFirstOrThrow({ where: { complaintId: c.id, type: 'complaint.archived' } });
    expect(archived.payload).toMatchObject({ reason: 'limit', lapsedReview: (await review()).id });
    await h.deliver();
    expect(d.shownNow(ask)).not.toContain(REVIEW_CONFIRM_ACTION);
    expect(d.shownNow(ask)).toContain('Not answered: archived at the archive limit');
    expect(d.shownNow(surveyDm())).not.toContain('survey_rate:');
    await d.pressInDm('ULEAD1', REVIEW_CONFIRM_ACTION, (await review()).id);
    expect(d.replies().map((r) => r.args.text)).toEqual([STALE]);
  });

  it('a rating above survey.reviewAt archives at once and asks nobody', async () => {
    await rate(3);
    expect(await d.standing(c.id)).toBe('resolved, archived');
    expect(await h.db.prisma.review.count()).toBe(0);
    expect(reviewDm()).toBeUndefined();
  });

  it('a rejected complaint is followed up too: the filer rates it from the DM that explains the rejection', async () => {
    c = await d.file();
    await d.accept(c.ownerId, c);
    await d.press(c.ownerId, 'start_investigation', c.id);
    await d.act(c.ownerId, 'request_rejection', c.id, { text: 'The contract allows the deposit.' });
    await h.deliver();
    const approval = await d.pendingApproval(c.id, 'rejection');
    await d.answerRequest('ULEAD1', 'approval_approve', approval.id);
    await h.deliver();
    expect(await d.standing(c.id)).toBe('rejected');
    const ask = d.dmsTo('UFILER').filter((p) => JSON.stringify(p.args.blocks).includes('survey_rate:')).at(-1)!;
    expect(ask.args.text).toBe(`Your complaint ${c.reference} was rejected: how satisfied are you with how it was handled?`);
    expect(JSON.stringify(ask.args.blocks)).toContain('rejected as unreasonable');
    const followUp = await h.db.prisma.deadline.findFirst({ where: { complaintId: c.id, stage: 'follow_up', metAt: null } });
    expect(followUp).not.toBeNull();
    await rate(1, 'It is not a deposit.');
    expect(await d.standing(c.id)).toBe('rejected');
    expect(await review()).toMatchObject({ rating: 1, outcome: null });
  });
});
