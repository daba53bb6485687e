/**
 * The satisfaction follow-up (回访) over signed HTTP into the real Bolt app, on both databases:
 * the filer rates from the DM's 1-5 buttons through a modal; the owner records an outside
 * customer's rating from a follow-up call; a change before the archive is allowed and audited.
 */
import { beforeEach, expect, it } from 'vitest';
import { formatDateTime } from '../../src/i18n';
import type { SlackMessage } from '../../src/slack/blocks/common';
import { ACTION_FIELD, REVEAL_CONTACT_ACTION, SURVEY_MODAL_VIEW, SURVEY_RECORD_ACTION, surveyRateActionId } from '../../src/slack/ids';
import { mrkdwnTexts } from '../unit/slack-limits';
import { describeEachDb } from '../support/db';
import { Driver, type Filed } from '../support/lifecycle-driver';
import { type DraftValues, useHarness } from '../support/pledge-harness';
import { inputValue, openedMetadata } from '../support/signed-requests';
import { withoutDates } from '../support/message-text';

const STALE = 'This complaint has moved on since that was shown, so nothing was changed. Its card in the channel shows where it stands now.';
const NOT_ALLOWED = "You're not allowed to do that.";
const NOT_SEALED = 'This form was not opened by Pledge for you, or it was opened before Pledge was reinstalled. Close it and open it again from the button.';
const ASK_TS = '1700000000.007700';

describeEachDb('satisfaction follow-up through Slack', (getDb) => {
  let c: Filed;

  const h = useHarness(getDb);
  const d = new Driver(h, h.settle);

  beforeEach(async (ctx) => {
    // Every test but the outside customer's starts from a complaint resolved for the filer.
    if (!ctx.task.name.includes('outside customer')) await resolved();
  });

  async function resolved(values: DraftValues = {}) {
    c = await d.file(values);
    await d.accept(c.ownerId, c);
    await d.press(c.ownerId, 'start_investigation', c.id);
    await d.act(c.ownerId, 'propose_solution', c.id, { text: 'Refund the second charge.' });
    const outside = values.customerContact ? { delivery: inputValue.select('phone'), deliveryNote: 'Called at 15:00.' } : {};
    await d.act(c.ownerId, 'resolve', c.id, { text: 'Refunded ¥268.', basis: 'Bank statement.', ...outside });
    await h.deliver();
  }

  const surveyDms = () => d.dmsTo('UFILER').filter((p) => JSON.stringify(p.args.blocks).includes('survey_rate:'));
  const survey = () => h.db.prisma.survey.findUnique({ where: { complaintId: c.id } });
  const status = () => d.standing(c.id);

  async function rate(userId: string, rating: number) {
    await d.pressInDm(userId, surveyRateActionId(rating), c.id, `D${userId}`, ASK_TS);
  }

  it('the filer rates from the DM: the modal comes with the rating chosen, the DM then shows it, the complaint is archived', async () => {
    const [ask, ...more] = surveyDms();
    expect(more).toEqual([]);
    expect(ask!.args.text).toBe('Your complaint PLG-2026-000001 is resolved: how satisfied are you?');
    // One DM: the result and its basis come with the question, not in a DM of their own.
    const askText = mrkdwnTexts(ask!.args as unknown as SlackMessage);
    expect(askText).toContain('Your complaint is resolved. Result:\n>Refunded ¥268.\nBasis:\n>Bank statement.');
    expect(askText.indexOf('Refunded ¥268.')).toBeLessThan(askText.indexOf('How satisfied are you with the result?'));
    expect(d.dmsTo('UFILER').filter((p) => String(p.args.text).includes('Your complaint is resolved'))).toEqual([]);
    for (const r of [1, 2, 3, 4, 5]) expect(JSON.stringify(ask!.args.blocks)).toContain(`"action_id":"survey_rate:${r}","text":{"type":"plain_text","text":"${r}","emoji":true},"value":"${c.id}"`);

    await rate('UFILER', 4);
    const modal = d.lastModal();
    expect(modal.callback_id).toBe(SURVEY_MODAL_VIEW);
    expect(openedMetadata(modal.private_metadata!)).toEqual({ id: c.id, m: 'dm', c: 'DUFILER', t: ASK_TS });
    expect(JSON.stringify(modal.blocks)).toContain('"initial_option":{"text":{"type":"plain_text","text":"4 · Satisfied","emoji":true},"value":"4"}');
    expect(await survey()).toBeNull(); // a press alone records nothing

    expect(await d.submitOpened('UFILER', modal, { rating: inputValue.radio(null) })).toEqual({ status: 200, errors: { [ACTION_FIELD.rating.block]: 'Choose a rating from 1 to 5.' } });
    expect(await d.submitOpened('UFILER', modal, { rating: inputValue.radio('4'), text: 'Quick and polite.' })).toEqual({ status: 200, errors: undefined });
    expect(await survey()).toMatchObject({ rating: 4, comment: 'Quick and polite.', channel: 'dm', recordedBy: 'UFILER' });
    expect(await status()).toBe('resolved, archived');
    const shown = d.updatesOf({ channel: 'DUFILER', ts: ASK_TS }).at(-1)!;
    // Archived, the follow-up is settled: the DM shows the rating, and its buttons are gone.
    expect(withoutDates(JSON.stringify(shown.args.blocks))).toContain('You rated the result 4 out of 5 at Mon 30 Nov, 10:00 (GMT+8). Thank you!');
    expect(JSON.stringify(shown.args.blocks)).not.toContain('You can still change it.');
    expect(JSON.stringify(shown.args.blocks)).not.toContain('survey_rate:1');
    const thread = await d.deliverThread(c);
    expect(thread).toContain('The complainant rated the result 4 out of 5.');
    expect(thread).toContain('The complaint is archived.');
  });

  it('a change of rating before the archive is allowed and audited with the old value; the modal shows the rating so far', async () => {
    // A rating of 2 waits for the leader's review, so the complaint is not archived yet.
    await rate('UFILER', 2);
    expect(await d.submitOpened('UFILER', d.lastModal(), { rating: inputValue.radio('2'), text: 'Slow.' })).toEqual({ status: 200, errors: undefined });
    h.clock.set(new Date('2026-12-02T03:00:00Z'));
    await rate('UFILER', 4);
    const change = d.lastModal();
    const blocks = JSON.stringify(change.blocks);
    expect(blocks).toContain('Rated 2 out of 5 so far. A new rating replaces it; the change is recorded.');
    expect(blocks).toContain('"initial_value":"Slow."');
    expect(blocks).toContain('"value":"4"}');
    expect(await d.submitOpened('UFILER', change, { rating: inputValue.radio('4'), text: 'Sorted in the end.' })).toEqual({ status: 200, errors: undefined });
    expect(await survey()).toMatchObject({ rating: 4, comment: 'Sorted in the end.' });
    const events = await h.db.prisma.event.findMany({ where: { complaintId: c.id, type: 'survey.recorded' }, orderBy: { id: 'asc' } });
    expect(events.map((e) => e.payload)).toEqual([{ rating: 2, channel: 'dm' }, { rating: 4, channel: 'dm', changed: true, previousRating: 2 }]);
    expect(await d.deliverThread(c)).toContain('The complainant changed the rating to 4 out of 5.');
    const shown = h.standIn.callsTo('chat.update').filter((u) => u.args.channel === 'DUFILER').at(-1)!;
    expect(withoutDates(JSON.stringify(shown.args.blocks))).toContain('You rated the result 4 out of 5 at Wed 2 Dec, 11:00 (GMT+8). Thank you! You can still change it.');
    // The leader's review, asked for by the low rating, still stands.
    expect(await status()).toBe('resolved');
  });

  it('nobody but the filer rates in a DM: the owner, the leader and a stranger are refused at the press', async () => {
    const modals = h.standIn.callsTo('views.open').length;
    for (const who of [c.ownerId, 'ULEAD1', 'USTRANGER']) await rate(who, 5);
    expect(d.replies().map((r) => r.args.text)).toEqual(Array(3).fill(NOT_ALLOWED));
    expect(h.standIn.callsTo('views.open')).toHaveLength(modals);
    // The filer's modal submitted by someone else is refused: its metadata was sealed for the filer.
    await rate('UFILER', 3);
    expect(await d.submitOpened(c.ownerId, d.lastModal(), { rating: inputValue.radio('3') })).toEqual({ status: 200, errors: { [ACTION_FIELD.rating.block]: NOT_SEALED } });
    expect(await survey()).toBeNull();
  });

  it('the owner records an outside customer’s rating from a follow-up call; the filer cannot rate for them', async () => {
    await resolved({ customerName: 'Li Lei', customerContact: '13812345678' });
    expect(surveyDms()).toEqual([]); // the customer is called, not messaged
    const reminder = d.dmsTo(c.ownerId).find((p) => String(p.args.text).includes('Please call the customer for the satisfaction follow-up'));
    expect(JSON.stringify(reminder?.args.blocks)).toContain(`"action_id":"${SURVEY_RECORD_ACTION}"`);
    // It says by when to call, and carries the number to call.
    const followUp = await h.db.prisma.deadline.findFirstOrThrow({ where: { complaintId: c.id, stage: 'follow_up' } });
    expect(withoutDates(String(reminder!.args.text))).toContain(`for the satisfaction follow-up by ${formatDateTime('en', followUp.dueAt, 'Asia/Shanghai')} and record`);
    expect(JSON.stringify(reminder!.args.blocks)).toContain(`"action_id":"${REVEAL_CONTACT_ACTION}"`);
    await d.pressInDm(c.ownerId, REVEAL_CONTACT_ACTION, c.id);
    expect(JSON.stringify(d.replies().at(-1)?.args.blocks)).toContain('13812345678');
    const card = d.cardUpdates(c).at(-1)!;
    expect(JSON.stringify(card.args.blocks)).toContain(`"action_id":"${SURVEY_RECORD_ACTION}","text":{"type":"plain_text","text":"Record follow-up","emoji":true},"value":"${c.id}"`);

    await d.pressInDm('UFILER', SURVEY_RECORD_ACTION, c.id);
    expect(d.replies().map((r) => r.args.text).slice(1)).toEqual([NOT_ALLOWED]); // after the reveal's answer

    await d.pressInDm(c.ownerId, SURVEY_RECORD_ACTION, c.id);
    const modal = d.lastModal();
    expect(openedMetadata(modal.private_metadata!)).toEqual({ id: c.id, m: 'record' });
    expect(await d.submitOpened(c.ownerId, modal, { rating: inputValue.radio('5'), channel: inputValue.select(null) })).toEqual({
      status: 200,
      errors: { [ACTION_FIELD.channel.block]: 'Choose how you reached the customer.' },
    });
    expect(
      await d.submitOpened(c.ownerId, modal, { rating: inputValue.radio('5'), text: 'Very happy with the refund.', channel: inputValue.select('phone'), note: 'Called 1 Dec 10:00, spoke to Mr Li.' }),
    ).toEqual({ status: 200, errors: undefined });
    expect(await survey()).toMatchObject({ rating: 5, channel: 'phone', comment: 'Very happy with the refund.', note: 'Called 1 Dec 10:00, spoke to Mr Li.', recordedBy: c.ownerId });
    expect(await status()).toBe('resolved, archived');
    await h.deliver();
    const archivedCard = d.cardUpdates(c).at(-1)!;
    expect(JSON.stringify(archivedCard.args.blocks)).not.toContain(SURVEY_RECORD_ACTION);

    // Archived, the follow-up is settled: the reminder loses its Record follow-up, and a press on an old copy changes nothing.
    const reminderNow = d.updatesOf({ channel: `D${c.ownerId}`, ts: (reminder as unknown as { response: { body: { ts: string } } }).response.body.ts }).at(-1);
    expect(JSON.stringify(reminderNow?.args.blocks)).not.toContain(SURVEY_RECORD_ACTION);
    await d.pressInDm(c.ownerId, SURVEY_RECORD_ACTION, c.id);
    expect(d.replies().at(-1)?.args.text).toBe(STALE);
    expect(await survey()).toMatchObject({ rating: 5, channel: 'phone' });
  });

  it('a rating before there is a result is stale', async () => {
    // Reopened: the result is gone again, so the old DM's buttons are stale.
    await d.act('UFILER', 'reopen', c.id, { text: 'The refund never arrived.' });
    await rate('UFILER', 1);
    expect(d.replies().map((r) => r.args.text)).toEqual([STALE]);
  });
});
