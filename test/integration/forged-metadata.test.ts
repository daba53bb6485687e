/**
 * What a modal carries back in private_metadata is sealed by Pledge for the person it was opened
 * for; anything else is refused in the modal before a listener runs. Each case forges, over
 * signed HTTP into the real Bolt app, what a crafted client could send: another person's DM for
 * the bot to overwrite (survey, decline, escalation), or an "Original message" link of its own.
 */
import { expect, it } from 'vitest';
import {
  ACTION_FIELD,
  DECLINE_ACTION,
  DECLINE_MODAL_VIEW,
  ESCALATION_DECLINE_ACTION,
  ESCALATION_MODAL_VIEW,
  FIELD,
  SURVEY_MODAL_VIEW,
  surveyRateActionId,
} from '../../src/slack/ids';
import { describeEachDb } from '../support/db';
import { Driver, newViewId } from '../support/lifecycle-driver';
import { complaintSubmission, useHarness } from '../support/pledge-harness';
import { inputValue, viewSubmissionPayload } from '../support/signed-requests';

const REFUSED = 'This form was not opened by Pledge for you, or it was opened before Pledge was reinstalled. Close it and open it again from the button.';
const VICTIM_DM = 'DUVICTIM';
const VICTIM_TS = '1700000000.424242';
const ASK_TS = '1700000000.007700';

/** The metadata inside a sealed value (p1.<mac>.<metadata>), as Pledge wrote it. */
const inner = (sealed: string) => sealed.replace(/^p1\.[A-Za-z0-9_-]{43}\./, '');

describeEachDb('forged private_metadata', (getDb) => {
  const h = useHarness(getDb);
  const d = new Driver(h, h.settle);
  const victimDmTouched = () => h.standIn.callsTo('chat.update').filter((u) => u.args.channel === VICTIM_DM);

  async function submit(callbackId: string, userId: string, privateMetadata: string, values: Parameters<typeof viewSubmissionPayload>[0]['values']) {
    const res = await h.interact(viewSubmissionPayload({ callbackId, userId, viewId: newViewId(), privateMetadata, values }));
    await h.settle();
    return { status: res.status, body: res.body ? (res.json() as { response_action?: string; errors?: Record<string, string> }) : undefined };
  }

  it('survey: the filer cannot make the bot edit another person\'s DM, by plain, re-signed or borrowed metadata', async () => {
    const c = await d.file();
    await d.accept(c.ownerId, c);
    await d.press(c.ownerId, 'start_investigation', c.id);
    await d.act(c.ownerId, 'propose_solution', c.id, { text: 'Refund the second charge.' });
    await d.act(c.ownerId, 'resolve', c.id, { text: 'Refunded.', basis: 'Bank statement.' });
    await h.deliver();
    await d.pressInDm('UFILER', surveyRateActionId(4), c.id, 'DUFILER', ASK_TS);
    const sealed = d.lastModal().private_metadata!;
    expect(JSON.parse(inner(sealed))).toEqual({ id: c.id, m: 'dm', c: 'DUFILER', t: ASK_TS });
    const rating = { [ACTION_FIELD.rating.block]: { [ACTION_FIELD.rating.action]: inputValue.radio('4') } };

    const forged = JSON.stringify({ id: c.id, m: 'dm', c: VICTIM_DM, t: VICTIM_TS });
    const tampered = sealed.replace(`"c":"DUFILER","t":"${ASK_TS}"`, `"c":"${VICTIM_DM}","t":"${VICTIM_TS}"`);
    expect(tampered).not.toBe(sealed);
    for (const metadata of [forged, tampered, `p1.${'A'.repeat(43)}.${forged}`]) {
      const res = await submit(SURVEY_MODAL_VIEW, 'UFILER', metadata, rating);
      expect(res).toEqual({ status: 200, body: { response_action: 'errors', errors: { [ACTION_FIELD.rating.block]: REFUSED } } });
    }
    // Sealed for the filer, submitted by someone else.
    expect((await submit(SURVEY_MODAL_VIEW, c.ownerId, sealed, rating)).body?.errors).toEqual({ [ACTION_FIELD.rating.block]: REFUSED });
    expect(victimDmTouched()).toEqual([]);
    expect(await h.db.prisma.survey.findUnique({ where: { complaintId: c.id } })).toBeNull();

    // The modal as Pledge opened it still works, and marks the filer's own DM.
    expect((await submit(SURVEY_MODAL_VIEW, 'UFILER', sealed, rating)).body).toBeUndefined();
    expect(await h.db.prisma.survey.findUnique({ where: { complaintId: c.id } })).toMatchObject({ rating: 4 });
    expect(d.updatesOf({ channel: 'DUFILER', ts: ASK_TS })).not.toEqual([]);
  });

  it('decline: the leader\'s reason modal cannot name another DM to mark answered', async () => {
    const c = await d.file();
    await d.accept(c.ownerId, c);
    await d.press(c.ownerId, 'start_investigation', c.id);
    await d.act(c.ownerId, 'request_rejection', c.id, { text: 'Charged as agreed.' });
    const approval = await d.pendingApproval(c.id, 'rejection');
    const forged = JSON.stringify({ id: approval.id, c: VICTIM_DM, t: VICTIM_TS });
    const reason = { [ACTION_FIELD.text.block]: { [ACTION_FIELD.text.action]: inputValue.text('Not covered.') } };
    expect(await submit(DECLINE_MODAL_VIEW, 'ULEAD1', forged, reason)).toEqual({ status: 200, body: { response_action: 'errors', errors: { [ACTION_FIELD.text.block]: REFUSED } } });
    expect(victimDmTouched()).toEqual([]);
    expect(await h.db.prisma.approval.findUniqueOrThrow({ where: { id: approval.id } })).toMatchObject({ status: 'pending' });

    await d.answerRequest('ULEAD1', DECLINE_ACTION, approval.id, 'DULEAD1', '1700000000.001234');
    expect(JSON.parse(inner(d.lastModal().private_metadata!))).toEqual({ id: approval.id, c: 'DULEAD1', t: '1700000000.001234' });
    expect((await submit(DECLINE_MODAL_VIEW, 'ULEAD1', d.lastModal().private_metadata!, reason)).body).toBeUndefined();
    expect(await h.db.prisma.approval.findUniqueOrThrow({ where: { id: approval.id } })).toMatchObject({ status: 'declined' });
  });

  it('escalation: the decision modal cannot name another DM to mark decided', async () => {
    await d.file({ priority: 'major' });
    const escalation = await h.db.prisma.escalation.findFirstOrThrow();
    const forged = JSON.stringify({ d: 'decline', id: escalation.id, c: VICTIM_DM, t: VICTIM_TS });
    const reason = { [ACTION_FIELD.text.block]: { [ACTION_FIELD.text.action]: inputValue.text('Not major.') } };
    expect(await submit(ESCALATION_MODAL_VIEW, 'ULEAD1', forged, reason)).toEqual({ status: 200, body: { response_action: 'errors', errors: { [ACTION_FIELD.text.block]: REFUSED } } });
    expect(victimDmTouched()).toEqual([]);
    expect(await h.db.prisma.escalation.findUniqueOrThrow({ where: { id: escalation.id } })).toMatchObject({ decision: null });

    await d.pressInDm('ULEAD1', ESCALATION_DECLINE_ACTION, escalation.id, 'DULEAD1', ASK_TS);
    expect((await submit(ESCALATION_MODAL_VIEW, 'ULEAD1', d.lastModal().private_metadata!, reason)).body).toBeUndefined();
    expect(await h.db.prisma.escalation.findUniqueOrThrow({ where: { id: escalation.id } })).toMatchObject({ decision: 'decline' });
  });

  it('filing: an origin link Pledge did not look up is refused, and nothing is filed', async () => {
    const forged = JSON.stringify({ c: 'C0ORIGIN', t: '1764482400.000100', p: 'https://evil.example/login' });
    const res = await h.interact(complaintSubmission('UFILER', { title: 'Charged twice' }, 'VFORGED1', forged));
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ response_action: 'errors', errors: { [FIELD.title.block]: REFUSED } });
    expect(await h.db.prisma.complaint.count()).toBe(0);
    await h.deliver();
    expect(JSON.stringify(h.standIn.callsTo('chat.postMessage'))).not.toContain('evil.example');
  });
});
