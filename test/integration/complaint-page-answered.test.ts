/**
 * A request on the complainant's page answered by staff on the complainant's behalf (consent
 * given by phone, recorded with its evidence; an answer to a question taken by phone): the page
 * shows it answered, and by whom, in words; a second answer, from either side, is refused in
 * words and changes nothing. Whichever side answers first wins, also when both arrive at once.
 */
import { expect, it } from 'vitest';
import { refusalText } from '../../src/chat/render/refusal';
import { describeEachDb } from '../support/db';
import { browserLike, csrfOf, outsideComplaint, PUBLIC_URL } from '../support/complaint-page';
import { useHarness } from '../support/pledge-harness';

const DAY = 86_400_000;
const FORM = 'name="approval"';
const STAFF_RECORDED = 'Our staff recorded your agreement to this extension';
const ALREADY_BY_STAFF = 'Our staff already recorded your answer';

describeEachDb('a page request answered on the complainant\u2019s behalf', (getDb) => {
  const h = useHarness(getDb, { publicUrl: PUBLIC_URL });
  const extendedEvents = (complaintId: string) => h.db.prisma.event.count({ where: { complaintId, type: 'complaint.extended' } });

  async function asked() {
    const c = await outsideComplaint(h, h.baseUrl);
    await c.accept();
    const solution = await h.db.prisma.deadline.findFirstOrThrow({ where: { complaintId: c.id, stage: 'solution' } });
    const wanted = new Date(solution.dueAt.getTime() + 2 * DAY);
    expect(await c.askExtension(wanted, 'The bank needs two more days')).toBe('asked');
    const browser = browserLike();
    const page = await browser.get(c.pageUrl);
    expect(page.body).toContain(FORM);
    const approvalId = /name="approval" value="([^"]+)"/.exec(page.body)![1]!;
    const record = () =>
      h.pledge.services.requestExtension({ complaintId: c.id, actorId: c.owner, newDueAt: wanted, reason: 'The bank needs two more days', consentEvidence: 'Phone call, agreed' });
    return { c, solution, wanted, browser, page, approvalId, record };
  }

  it('staff record the consent by phone: the page shows it answered by staff, and the complainant\u2019s own answer is refused in words, changing nothing', async () => {
    const { c, solution, wanted, browser, page, approvalId, record } = await asked();
    expect(await record()).toBe('extended');
    expect(await h.db.prisma.approval.findUniqueOrThrow({ where: { id: approvalId } })).toMatchObject({ status: 'approved', decidedBy: c.owner });
    const after = await browser.get(c.pageUrl);
    expect(after.body).not.toContain(FORM);
    expect(after.body).toContain(STAFF_RECORDED);

    for (const act of ['agree', 'decline']) {
      const again = await browser.post(c.pageUrl, { do: act, approval: approvalId, csrf: csrfOf(page.body) });
      expect(again.res.status).toBe(409);
      expect(again.body).toContain(ALREADY_BY_STAFF);
    }
    expect(await h.db.prisma.deadline.findUniqueOrThrow({ where: { id: solution.id } })).toMatchObject({ dueAt: wanted, consent: 'recorded' });
    expect(await extendedEvents(c.id)).toBe(1);
    expect(await h.db.prisma.event.count({ where: { complaintId: c.id, type: 'approval.declined' } })).toBe(0);
  });

  it('the complainant answered first: staff\u2019s record of consent is refused in words and changes nothing', async () => {
    for (const answer of ['agree', 'decline'] as const) {
      const { c, solution, browser, page, approvalId, record } = await asked();
      expect((await browser.post(c.pageUrl, { do: answer, approval: approvalId, csrf: csrfOf(page.body) })).res.status).toBe(303);
      const before = await h.db.prisma.deadline.findUniqueOrThrow({ where: { id: solution.id } });
      const refused = await record().then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(refused).toMatchObject({ code: 'stale', params: { why: 'consent_answered' } });
      expect(refusalText('en', refused, { escape: (s) => s, person: (id) => id })).toContain(
        answer === 'agree' ? 'already agreed to this extension on their complaint page' : 'already declined this extension on their complaint page',
      );
      expect(await h.db.prisma.deadline.findUniqueOrThrow({ where: { id: solution.id } })).toEqual(before);
      expect(await extendedEvents(c.id)).toBe(answer === 'agree' ? 1 : 0);
    }
  });

  it('both at once: one answer wins, the other is refused, the limit moves once', async () => {
    for (let round = 0; round < 3; round++) {
      const { c, browser, page, approvalId, record } = await asked();
      const [pageAnswer, staff] = await Promise.allSettled([browser.post(c.pageUrl, { do: 'agree', approval: approvalId, csrf: csrfOf(page.body) }), record()]);
      const pageWon = pageAnswer.status === 'fulfilled' && pageAnswer.value.res.status === 303;
      const staffWon = staff.status === 'fulfilled';
      expect(pageWon !== staffWon).toBe(true);
      if (staffWon) expect(pageAnswer.status === 'fulfilled' && pageAnswer.value.body).toContain(ALREADY_BY_STAFF);
      else expect(staff.status === 'rejected' && staff.reason).toMatchObject({ code: 'stale', params: { why: 'consent_answered' } });
      expect(await extendedEvents(c.id)).toBe(1);
      expect(await h.db.prisma.approval.findUniqueOrThrow({ where: { id: approvalId } })).toMatchObject({ status: 'approved', decidedBy: staffWon ? c.owner : 'complainant' });
    }
  });

  it('staff record the answer to a question: the page says so, and the complainant\u2019s answer is refused in words', async () => {
    const c = await outsideComplaint(h, h.baseUrl);
    await c.accept();
    await c.investigate();
    await c.ask('Which account?');
    const browser = browserLike();
    const page = await browser.get(c.pageUrl);
    expect(page.body).toContain('name="answer"');
    await h.pledge.services.answerInfo({ complaintId: c.id, actorId: c.owner, answer: 'Account 42 (by phone)' });
    const after = await browser.get(c.pageUrl);
    expect(after.body).not.toContain('name="answer"');
    expect(after.body).toContain('Your answer, given by phone or otherwise, was recorded by our staff.');
    const again = await browser.post(c.pageUrl, { do: 'answer', answer: 'Account 43', csrf: csrfOf(page.body) });
    expect(again.res.status).toBe(409);
    expect(again.body).toContain(ALREADY_BY_STAFF);
    expect(await h.db.prisma.event.count({ where: { complaintId: c.id, type: 'complaint.info_answered' } })).toBe(1);
  });
});
