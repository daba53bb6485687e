/**
 * Steps that need typed input, as pages inside WeCom (issue 14, point 4), on both databases:
 * an escalation answered by the person it is before (and refused, in words, to anyone else),
 * a new due time read in the group's own zone, a leader's page refused for a consent, and the
 * pages in Chinese.
 */
import { afterEach, expect, it } from 'vitest';
import { t } from '../../src/i18n';
import { describeEachDb } from '../support/db';
import { zhConfig } from '../support/pledge-harness';
import { hiddenOf, startPagesWorld, type PagesWorld } from '../support/wecom-pages';

const en = (key: Parameters<typeof t>[1], params?: Record<string, string | number>) => t('en', key, params);
const html = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&#34;').replace(/'/g, '&#39;');

describeEachDb('steps as pages inside WeCom', (getDb) => {
  let w: PagesWorld | undefined;
  afterEach(async () => {
    await w?.stop();
    w = undefined;
  });
  const db = () => getDb().prisma;

  async function filed(priority = 'normal', filerId = 'UFILER') {
    const result = await w!.h.pledge.services.fileComplaint({ filerId, submissionKey: `k${Math.random()}`, draft: { title: 'Charged twice', details: '', category: 'billing', priority, source: 'chat' } });
    if (!result.ok) throw new Error('not filed');
    return result.complaint;
  }

  it('lets the leader reassign a major complaint reported to them, and refuses the escalation to anyone else', async () => {
    w = await startPagesWorld(getDb());
    const card = await filed('major');
    const escalation = await db().escalation.findFirstOrThrow({ where: { complaintId: card.id } });
    const path = `/wecom/app/complaints/${card.id}/escalation_reassign?request=${escalation.id}`;

    const stranger = await w.browser().signIn(card.ownerId, path);
    expect(stranger.res.status).toBe(403);
    expect(stranger.body).toContain(html(en('error.not_allowed.approval')));

    const leader = w.browser();
    const form = await leader.signIn('ULEAD1', path);
    expect(form.res.status).toBe(200);
    const newOwner = card.ownerId === 'UOWN1' ? 'UOWN2' : 'UOWN1';
    // The people offered are the group's, not the one who has it now.
    expect(form.body).toContain(`<option value="${newOwner}">`);
    expect(form.body).not.toContain(`<option value="${card.ownerId}">`);
    const fields = { csrf: hiddenOf(form.body, 'csrf'), key: hiddenOf(form.body, 'key') };
    const none = await leader.post(w.at(path), { ...fields, to: '' });
    expect(none.res.status).toBe(400);
    expect(none.body).toContain(html(en('field.to.required')));
    const outsider = await leader.post(w.at(path), { ...fields, to: 'USRV1' });
    expect(outsider.res.status).toBe(400);
    expect(outsider.body).toContain(html(en('field.to.invalid')));
    expect((await db().complaint.findUniqueOrThrow({ where: { id: card.id } })).ownerId).toBe(card.ownerId);

    const done = await leader.post(w.at(path), { ...fields, to: newOwner, note: 'Owner is on leave' });
    expect(done.res.status).toBe(303);
    expect(done.res.headers.get('location')).toBe(`../${card.id}?done=escalation_reassign`);
    expect((await db().complaint.findUniqueOrThrow({ where: { id: card.id } })).ownerId).toBe(newOwner);
    expect((await db().escalation.findUniqueOrThrow({ where: { id: escalation.id } })).decision).toBe('reassign');
    // Answered: the same page now says so instead of offering the form again.
    const again = await leader.get(w.at(path));
    expect(again.res.status).toBe(409);
  });

  it('reads a new due time in the group\u2019s own zone, and refuses one before the current limit on its field', async () => {
    w = await startPagesWorld(getDb());
    const card = await filed();
    await w.h.pledge.services.acceptComplaint({ complaintId: card.id, actorId: card.ownerId });
    const b = w.browser();
    const path = `/wecom/app/complaints/${card.id}/request_extension`;
    const form = await b.signIn(card.ownerId, path);
    expect(form.res.status).toBe(200);
    expect(form.body).toContain(html(en('wecom.page.zone', { zone: 'Asia/Shanghai' })));
    const fields = { csrf: hiddenOf(form.body, 'csrf'), key: hiddenOf(form.body, 'key'), text: 'Waiting for the bank' };
    const early = await b.post(w.at(path), { ...fields, due: '2026-11-30T11:00' });
    expect(early.res.status).toBe(400);
    expect(early.body).toContain(html(en('field.due.invalid')));
    const garbled = await b.post(w.at(path), { ...fields, due: 'next week' });
    expect(garbled.body).toContain(html(en('field.due.required')));
    expect(await db().approval.count()).toBe(0);

    expect((await b.post(w.at(path), { ...fields, due: '2026-12-10T18:00' })).res.status).toBe(303);
    const approval = await db().approval.findFirstOrThrow({ where: { complaintId: card.id, kind: 'extension' } });
    // 18:00 in Shanghai is 10:00 UTC.
    expect((approval.payload as { dueAt: string }).dueAt).toBe('2026-12-10T10:00:00.000Z');
    expect(approval.approverId).toBe('UFILER');
  });

  it("refuses the leader's Decline page for the filer's consent: an extension is declined with no reason owed, from its card", async () => {
    w = await startPagesWorld(getDb());
    // The leader filed it as a team member, so the consent is theirs to give.
    const card = await filed('normal', 'ULEAD1');
    const s = w.h.pledge.services;
    await s.acceptComplaint({ complaintId: card.id, actorId: card.ownerId });
    await s.requestExtension({ complaintId: card.id, actorId: card.ownerId, newDueAt: new Date('2026-12-10T10:00:00Z'), reason: 'More time.' });
    const approval = await db().approval.findFirstOrThrow({ where: { complaintId: card.id, kind: 'extension' } });
    expect(approval.approverId).toBe('ULEAD1');

    const page = await w.browser().signIn('ULEAD1', `/wecom/app/complaints/${card.id}/approval_decline?request=${approval.id}`);
    expect(page.res.status).toBe(400);
    expect(page.body).toContain(html(en('error.invalid_input')));
    expect(await db().approval.findUniqueOrThrow({ where: { id: approval.id } })).toMatchObject({ status: 'pending', decidedBy: null });
  });

  it('lets the handler record an outside customer\u2019s follow-up call (回访) on its page, checked as Slack\u2019s modal checks it; the filer is refused', async () => {
    w = await startPagesWorld(getDb());
    const services = w.h.pledge.services;
    const result = await services.fileComplaint({ filerId: 'UFILER', submissionKey: 'k-outside', draft: { title: 'Charged twice', details: '', category: 'billing', priority: 'normal', source: 'phone', customerName: 'Li Lei', customerContact: '13812345678' } });
    if (!result.ok) throw new Error('not filed');
    const { id, ownerId } = result.complaint;
    await services.acceptComplaint({ complaintId: id, actorId: ownerId });
    await services.startInvestigation({ complaintId: id, actorId: ownerId });
    await services.proposeSolution({ complaintId: id, actorId: ownerId, solution: 'Refund' });
    await services.resolveComplaint({ complaintId: id, actorId: ownerId, result: 'Refunded', basis: 'Statement', delivery: { channel: 'phone', note: 'Called' } });
    const path = `/wecom/app/complaints/${id}/survey_record`;

    // Only the handler (or the leader) records a call: the filer who filed for the customer is refused before typing.
    const filer = await w.browser().signIn('UFILER', path);
    expect(filer.res.status).toBe(403);

    const b = w.browser();
    // The complaint's page offers the step to its handler.
    const page = await b.signIn(ownerId, `/wecom/app/complaints/${id}`);
    expect(page.body).toContain(`<a href="${id}/survey_record">${html(en('action.record_follow_up'))}</a>`);
    const form = await b.get(w.at(path));
    expect(form.res.status).toBe(200);
    for (const key of ['survey.record.title', 'survey.record.rating', 'survey.record.comment', 'survey.record.channel', 'survey.record.note', 'delivery.phone', 'delivery.email', 'delivery.other'] as const) {
      expect(form.body).toContain(html(en(key)));
    }
    // The call note's hint quotes an example: its text up to the quote.
    expect(form.body).toContain(en('survey.record.note.hint').split('"')[0]);
    const fields = { csrf: hiddenOf(form.body, 'csrf'), key: hiddenOf(form.body, 'key') };
    const empty = await b.post(w.at(path), { ...fields, text: 'Happy with the refund' });
    expect(empty.res.status).toBe(400);
    expect(empty.body).toContain(html(en('field.rating.required')));
    expect(empty.body).toContain(html(en('field.channel.required')));
    // Rated in chat ('dm') is the filer's way, not a call's: refused on its field.
    const dm = await b.post(w.at(path), { ...fields, rating: '4', channel: 'dm' });
    expect(dm.res.status).toBe(400);
    expect(dm.body).toContain(html(en('field.channel.required')));
    expect(await db().survey.count()).toBe(0);

    const done = await b.post(w.at(path), { ...fields, rating: '4', channel: 'phone', text: 'Happy with the refund', note: 'Called 1 Dec 10:00, spoke to Mr Li' });
    expect(done.res.status).toBe(303);
    expect(done.res.headers.get('location')).toBe(`../${id}?done=survey_record`);
    expect(await db().survey.findUniqueOrThrow({ where: { complaintId: id } })).toMatchObject({ rating: 4, channel: 'phone', comment: 'Happy with the refund', note: 'Called 1 Dec 10:00, spoke to Mr Li', recordedBy: ownerId });
    expect(await db().event.count({ where: { complaintId: id, type: 'survey.recorded' } })).toBe(1);
  });

  it('answers requests from 我的投诉 as App Home does: the leader approves, the filer agrees or declines with no reason; anyone else is refused in words', async () => {
    w = await startPagesWorld(getDb());
    const s = w.h.pledge.services;
    const card = await filed();
    await s.acceptComplaint({ complaintId: card.id, actorId: card.ownerId });
    await s.startInvestigation({ complaintId: card.id, actorId: card.ownerId });
    await s.requestRejection({ complaintId: card.id, actorId: card.ownerId, reason: 'Charged as agreed.' });
    const rejection = await db().approval.findFirstOrThrow({ where: { complaintId: card.id, kind: 'rejection' } });

    const leader = w.browser();
    const mine = await leader.signIn('ULEAD1', '/wecom/app/mine');
    expect(mine.body).toContain(`<input type="hidden" name="request" value="${rejection.id}">`);
    expect(mine.body).toContain(`<button type="submit" name="do" value="approve">${html(en('approval.approve'))}</button>`);
    // Declining a rejection needs a reason: its page.
    expect(mine.body).toContain(`approval_decline?request=${rejection.id}`);

    // The filer is not asked: nothing to answer on their page, and a forged answer is refused in words.
    const filer = w.browser();
    const theirs = await filer.signIn('UFILER', '/wecom/app/mine');
    expect(theirs.body).not.toContain(rejection.id);
    // A valid form token of theirs (from their filing form), so only the answer itself is wrong.
    const token = hiddenOf((await filer.get(w.at('/wecom/app/file'))).body, 'csrf');
    const forged = await filer.post(w.at('/wecom/app/mine'), { csrf: token, do: 'approve', request: rejection.id });
    expect(forged.res.status).toBe(403);
    expect(forged.body).toContain(html(en('error.not_allowed.approval')));
    expect((await db().approval.findUniqueOrThrow({ where: { id: rejection.id } })).status).toBe('pending');

    const approved = await leader.post(w.at('/wecom/app/mine'), { csrf: hiddenOf(mine.body, 'csrf'), do: 'approve', request: rejection.id });
    expect(approved.res.status).toBe(303);
    expect((await db().approval.findUniqueOrThrow({ where: { id: rejection.id } })).status).toBe('approved');
    expect((await db().complaint.findUniqueOrThrow({ where: { id: card.id } })).status).toBe('rejected');
    const after = await leader.get(new URL(approved.res.headers.get('location')!, w.at('/wecom/app/mine')).toString());
    expect(after.body).toContain(html(en('wecom.page.done.step', { step: en('approval.approve') })));

    // A consent: Agree and Decline, no reason owed and no Decline page.
    const other = await filed();
    await s.acceptComplaint({ complaintId: other.id, actorId: other.ownerId });
    await s.requestExtension({ complaintId: other.id, actorId: other.ownerId, newDueAt: new Date('2026-12-10T10:00:00Z'), reason: 'More time.' });
    const consent = await db().approval.findFirstOrThrow({ where: { complaintId: other.id, kind: 'extension' } });
    const asked = await filer.get(w.at('/wecom/app/mine'));
    expect(asked.body).toContain(`<button type="submit" name="do" value="agree">${html(en('consent.agree'))}</button>`);
    expect(asked.body).toContain(`name="do" value="consent_decline"`);
    expect(asked.body).not.toContain(`approval_decline?request=${consent.id}`);
    const declined = await filer.post(w.at('/wecom/app/mine'), { csrf: hiddenOf(asked.body, 'csrf'), do: 'consent_decline', request: consent.id });
    expect(declined.res.status).toBe(303);
    expect(await db().approval.findUniqueOrThrow({ where: { id: consent.id } })).toMatchObject({ status: 'declined', decidedBy: 'UFILER' });
  });

  it('speaks the team\u2019s language: the filing form and a refusal in Chinese', async () => {
    w = await startPagesWorld(getDb(), { config: await zhConfig() });
    const form = await w.browser().signIn('UFILER', '/wecom/app/file');
    expect(form.body).toContain('<html lang="zh-CN">');
    expect(form.body).toContain(t('zh-CN', 'modal.title.label'));
    expect(form.body).toContain('登记投诉');
    const b = w.browser();
    const empty = await b.signIn('UFILER', '/wecom/app/file');
    const sent = await b.post(w.at('/wecom/app/file'), { csrf: hiddenOf(empty.body, 'csrf'), key: hiddenOf(empty.body, 'key'), title: '', category: '', priority: 'normal', source: 'chat' });
    expect(sent.body).toContain(t('zh-CN', 'field.title.required'));
    expect(sent.body).toContain(t('zh-CN', 'field.category.required'));
  });
});
