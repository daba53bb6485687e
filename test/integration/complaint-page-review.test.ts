/**
 * The complainant asks for a review (复核) on their own page (issue 13, point 6), on both
 * databases: after a result or a rejection, within page.reviewWithinDays and before the archive;
 * the leader is asked as for a low rating, with the complainant's reason; asked twice, too late
 * or after the archive, the page says why and nothing changes. The page also names the
 * supervision hotline, mailbox and regulator, and labels consent staff recorded as theirs.
 */
import { expect, it } from 'vitest';
import { REVIEW_CONFIRM_ACTION } from '../../src/slack/ids';
import { describeEachDb } from '../support/db';
import { browserLike, csrfOf, outsideComplaint, PUBLIC_URL } from '../support/complaint-page';
import { messageAsText } from '../support/message-text';
import { TEST_CONFIG_YAML, testConfig, useHarness } from '../support/pledge-harness';

const DAY = 86_400_000;
const REVIEW_DAYS = 3;
const FORM = 'value="review"';
const TOO_LATE = `It is too late to ask for a review: that is possible for ${REVIEW_DAYS} days after the result or the rejection`;

const CONFIG = `${TEST_CONFIG_YAML}
page:
  reviewWithinDays: ${REVIEW_DAYS}
  supervision: { hotline: "0571-12345", mailbox: "jiandu@acme.example" }
  regulator: { name: { en: City Water Authority, zh-CN: 市水务局 }, contact: "12319" }
`;

describeEachDb('review asked on the complaint page', (getDb) => {
  const h = useHarness(getDb, async () => ({ config: await testConfig(CONFIG), publicUrl: PUBLIC_URL }));

  const reviews = (complaintId: string) => h.db.prisma.review.findMany({ where: { complaintId } });
  const requestedEvents = (complaintId: string) => h.db.prisma.event.count({ where: { complaintId, type: 'review.requested' } });
  const leaderDms = () => h.standIn.callsTo('chat.postMessage').filter((c) => c.args.channel === 'ULEAD1' && JSON.stringify(c.args.blocks ?? '').includes(REVIEW_CONFIRM_ACTION));

  it('after a rejection: asked with a reason, audited, put before the leader in a DM; the page shows it open, and a second request changes nothing', async () => {
    const c = await outsideComplaint(h, h.baseUrl);
    await c.accept();
    await c.investigate();
    await c.reject();
    const browser = browserLike();
    let page = await browser.get(c.pageUrl);
    const csrf = csrfOf(page.body);
    expect(page.body).toContain('Ask for a review');
    expect(page.body).toContain('You can ask for a second look until');
    expect(page.body).toContain(FORM);
    expect(page.body).toContain('Supervision hotline: 0571-12345');
    expect(page.body).toContain('Supervision mailbox: jiandu@acme.example');
    expect(page.body).toContain('You may also turn to City Water Authority: 12319');

    const empty = await browser.post(c.pageUrl, { do: 'review', reason: ' ', csrf: csrfOf(page.body) });
    expect(empty.res.status).toBe(400);
    expect(empty.body).toContain('Say why before sending.');
    expect(await reviews(c.id)).toEqual([]);

    const asked = await browser.post(c.pageUrl, { do: 'review', reason: 'The meter was replaced in May <b>twice</b>', csrf: csrfOf(page.body) });
    expect(asked.res.status).toBe(303);
    expect(asked.res.headers.get('location')).toBe(`${c.token}?done=review`);
    expect(await reviews(c.id)).toEqual([
      expect.objectContaining({ cause: 'requested', reason: 'The meter was replaced in May <b>twice</b>', requestedBy: 'complainant', leaderId: 'ULEAD1', outcome: null, requestedAt: h.clock.now() }),
    ]);
    const event = await h.db.prisma.event.findFirstOrThrow({ where: { complaintId: c.id, type: 'review.requested' } });
    expect(event).toMatchObject({ actorId: 'complainant', payload: { cause: 'requested', approverId: 'ULEAD1', reason: 'The meter was replaced in May <b>twice</b>' } });

    page = await browser.get(`${c.pageUrl}?done=review`);
    expect(page.body).toContain('Your request for a review was sent to the group leader.');
    expect(page.body).toContain('the group leader will look at it again.');
    expect(page.body).toContain('You asked for a review.');
    expect(page.body).not.toContain(FORM);

    // The form of the page as it was, sent again: one review, one audit entry.
    const again = await browser.post(c.pageUrl, { do: 'review', reason: 'Please', csrf });
    expect(again.res.status).toBe(409);
    expect(again.body).toContain('A review is already open');
    expect(await reviews(c.id)).toHaveLength(1);
    expect(await requestedEvents(c.id)).toBe(1);

    await h.deliver();
    const dms = leaderDms();
    expect(dms).toHaveLength(1);
    const dm = messageAsText(dms[0]!.args as { text?: string; blocks?: unknown });
    expect(dm).toContain('The complainant asked for a review of the result.');
    expect(dm).toContain('Why the complainant asks');
    expect(dm).toContain('The meter was replaced in May <b>twice</b>');
    expect(JSON.stringify(dms[0]!.args.blocks)).toContain('The meter was replaced in May &lt;b&gt;twice&lt;/b&gt;');
    // The complainant has no App Home: none is published for them (Slack would refuse the user).
    expect(h.standIn.callsTo('views.publish').filter((c) => c.args.user_id === 'complainant')).toEqual([]);
    const thread = h.standIn.callsTo('chat.postMessage').filter((p) => p.args.channel === 'CBILLING' && p.args.thread_ts).map((p) => String(p.args.text ?? JSON.stringify(p.args.blocks)));
    expect(thread.some((t) => t.includes('The complainant asked for a review. Put before'))).toBe(true);
  });

  it('two requests sent at once put it before the leader once', async () => {
    const c = await outsideComplaint(h, h.baseUrl);
    await c.throughToResult();
    const browser = browserLike();
    const page = await browser.get(c.pageUrl);
    const both = await Promise.all([1, 2].map((n) => browser.post(c.pageUrl, { do: 'review', reason: `Not refunded (${n})`, csrf: csrfOf(page.body) })));
    expect(both.map((b) => b.res.status).sort()).toEqual([303, 409]);
    expect(await reviews(c.id)).toHaveLength(1);
    expect(await requestedEvents(c.id)).toBe(1);
  });

  it('a low rating on the page puts it before the leader already: the page says so and offers no second request', async () => {
    const c = await outsideComplaint(h, h.baseUrl);
    await c.throughToResult();
    const browser = browserLike();
    let page = await browser.get(c.pageUrl);
    expect(page.body).toContain(FORM);
    expect((await browser.post(c.pageUrl, { do: 'rating', rating: '2', comment: 'Still billed twice', csrf: csrfOf(page.body) })).res.status).toBe(303);
    expect(await reviews(c.id)).toEqual([expect.objectContaining({ cause: 'low_rating', rating: 2, requestedBy: 'complainant' })]);
    page = await browser.get(c.pageUrl);
    expect(page.body).toContain('the group leader is looking at your complaint again.');
    expect(page.body).toContain('Your rating put your complaint before the group leader for review.');
    expect(page.body).not.toContain(FORM);
    const again = await browser.post(c.pageUrl, { do: 'review', reason: 'And again', csrf: csrfOf(page.body) });
    expect(again.res.status).toBe(409);
    expect(again.body).toContain('A review is already open');
    expect(await reviews(c.id)).toHaveLength(1);
  });

  it('too late: after the configured days, or once archived, the page offers none, a request is refused with why, and nothing changes', async () => {
    const late = await outsideComplaint(h, h.baseUrl);
    await late.throughToResult();
    const browser = browserLike();
    const page = await browser.get(late.pageUrl);
    expect(page.body).toContain(FORM);
    h.clock.set(new Date(h.clock.now().getTime() + REVIEW_DAYS * DAY + 60_000));
    const now = await browser.get(late.pageUrl);
    expect(now.body).not.toContain(FORM);
    expect(now.body).not.toContain('Ask for a review');
    const refused = await browser.post(late.pageUrl, { do: 'review', reason: 'Too slow', csrf: csrfOf(page.body) });
    expect(refused.res.status).toBe(409);
    expect(refused.body).toContain(TOO_LATE);

    // Rated 5: the follow-up archives it at once; a review is then too late as well.
    const archived = await outsideComplaint(h, h.baseUrl);
    await archived.throughToResult();
    const second = await browser.get(archived.pageUrl);
    expect((await browser.post(archived.pageUrl, { do: 'rating', rating: '5', comment: '', csrf: csrfOf(second.body) })).res.status).toBe(303);
    expect((await h.db.prisma.complaint.findUniqueOrThrow({ where: { id: archived.id } })).archivedAt).not.toBeNull();
    // Archived, the follow-up is settled: the page shows the rating given and offers no form to change it.
    const settled = await browser.get(archived.pageUrl);
    expect(settled.body).toContain('Your rating was recorded: 5 out of 5.');
    expect(settled.body).toContain('Your rating: 5 out of 5.</p>');
    expect(settled.body).not.toContain('value="rating"');
    const afterArchive = await browser.post(archived.pageUrl, { do: 'review', reason: 'Changed my mind', csrf: csrfOf(second.body) });
    expect(afterArchive.res.status).toBe(409);
    expect(afterArchive.body).toContain(TOO_LATE);
    await expect(h.pledge.services.requestReview({ complaintId: archived.id, cause: 'requested', requestedBy: 'complainant', reason: 'x' })).rejects.toMatchObject({
      code: 'stale',
      params: { why: 'review_too_late', days: REVIEW_DAYS },
    });

    // Still being handled: there is no result to review yet.
    const open = await outsideComplaint(h, h.baseUrl);
    await expect(h.pledge.services.requestReview({ complaintId: open.id, cause: 'requested', requestedBy: 'complainant', reason: 'x' })).rejects.toMatchObject({ code: 'stale' });
    for (const id of [late.id, archived.id, open.id]) {
      expect(await reviews(id)).toEqual([]);
      expect(await requestedEvents(id)).toBe(0);
    }
  });

  it('ends the window at the archive limit when that comes first', async () => {
    const c = await outsideComplaint(h, h.baseUrl);
    await c.throughToResult();
    // The archive limit brought forward, as a short one configured would be: the window ends with it.
    const archive = await h.db.prisma.deadline.findFirstOrThrow({ where: { complaintId: c.id, stage: 'archive', metAt: null } });
    await h.db.prisma.deadline.update({ where: { id: archive.id }, data: { dueAt: new Date(h.clock.now().getTime() + DAY) } });
    h.clock.set(new Date(h.clock.now().getTime() + DAY + 60_000));
    const browser = browserLike();
    const page = await browser.get(c.pageUrl);
    expect(page.body).not.toContain(FORM);
    await expect(h.pledge.services.requestReview({ complaintId: c.id, cause: 'requested', requestedBy: 'complainant', reason: 'x' })).rejects.toMatchObject({ params: { why: 'review_too_late' } });
  });

  it("labels an extension on consent staff recorded as theirs, apart from the complainant's own", async () => {
    const c = await outsideComplaint(h, h.baseUrl);
    await c.accept();
    const solution = await h.db.prisma.deadline.findFirstOrThrow({ where: { complaintId: c.id, stage: 'solution' } });
    const extended = await h.pledge.services.requestExtension({
      complaintId: c.id,
      actorId: c.owner,
      newDueAt: new Date(solution.dueAt.getTime() + DAY),
      reason: 'Waiting for the bank',
      consentEvidence: 'Phone call 30 Nov 10:10, agreed',
    });
    expect(extended).toBe('extended');
    const { body } = await browserLike().get(c.pageUrl);
    expect(body).toContain('extended with the consent you gave us, as our staff recorded it');
    expect(body).toContain('with the consent you gave us by phone or otherwise, as our staff recorded it.');
    expect(body).not.toContain('extended with your consent');
    expect(body).not.toContain('Phone call 30 Nov');
  });
});
