/**
 * Pledge's own pages inside WeCom over real HTTP, on both databases (issue 14, points 4 and 5):
 * signing in through WeCom's OAuth (a one-time code exchanged at the stand-in's getuserinfo for
 * a session cookie), refused for a used or unknown code and for someone outside the
 * organisation; 登记投诉 with the Slack modal's checks and texts, storing nothing on error and
 * filing once when sent twice; 我的投诉 and a complaint's page; a step refused in words to
 * someone it is not open to, and taken by its owner.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { t } from '../../src/i18n';
import { describeEachDb } from '../support/db';
import { PUBLIC_URL } from '../support/complaint-page';
import { hiddenOf, startPagesWorld, type PagesWorld } from '../support/wecom-pages';
import { WECOM_AGENT_ID, WECOM_CORP_ID } from '../support/wecom-stand-in';

const en = (key: Parameters<typeof t>[1], params?: Record<string, string | number>) => t('en', key, params);
/** Eta escapes what it writes: the texts as they appear in the HTML. */
const html = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&#34;').replace(/'/g, '&#39;');

const FILING = { title: 'Charged twice', details: 'Card charged twice on 28 Nov', category: 'billing', priority: 'normal', source: 'phone', customerName: 'Li Lei', customerContact: '13812345678' };

describeEachDb('pages inside WeCom', (getDb) => {
  let w: PagesWorld;
  beforeEach(async () => {
    w = await startPagesWorld(getDb());
  });
  afterEach(async () => {
    await w.stop();
  });
  const db = () => getDb().prisma;

  async function fileAs(userid: string, fields: Record<string, string> = FILING) {
    const b = w.browser();
    const form = await b.signIn(userid, '/wecom/app/file');
    const sent = await b.post(w.at('/wecom/app/file'), { csrf: hiddenOf(form.body, 'csrf'), key: hiddenOf(form.body, 'key'), ...fields });
    return { b, form, sent };
  }

  it('sends a browser without a session to WeCom\u2019s authorize page for that page, and sets nothing', async () => {
    const b = w.browser();
    const res = await b.get(w.at('/wecom/app/complaints/0b6c8f2e-3d4a-4b5c-8d9e-0f1a2b3c4d5e/resolve?request=1b6c8f2e-3d4a-4b5c-8d9e-0f1a2b3c4d5e'));
    expect(res.res.status).toBe(302);
    const to = new URL(res.res.headers.get('location')!);
    expect(`${to.origin}${to.pathname}`).toBe(w.wecom.authorizeUrl);
    expect(to.hash).toBe('#wechat_redirect');
    expect(Object.fromEntries(to.searchParams)).toMatchObject({ appid: WECOM_CORP_ID, agentid: String(WECOM_AGENT_ID), scope: 'snsapi_base', response_type: 'code' });
    expect(to.searchParams.get('redirect_uri')).toBe(new URL('wecom/app/complaints/0b6c8f2e-3d4a-4b5c-8d9e-0f1a2b3c4d5e/resolve?request=1b6c8f2e-3d4a-4b5c-8d9e-0f1a2b3c4d5e', PUBLIC_URL).toString());
    expect(b.jar.size).toBe(0);
    expect(w.wecom.calls('auth/getuserinfo')).toEqual([]);
  });

  it('exchanges the code once for the member, sets a signed HttpOnly Lax session, and goes on to the page without the code', async () => {
    const b = w.browser();
    const code = w.wecom.oauthCode('UFILER');
    const back = await b.get(w.at(`/wecom/app/file?code=${code}&state=pledge`));
    expect(back.res.status).toBe(303);
    expect(back.res.headers.get('location')).toBe('file');
    expect(back.res.headers.get('set-cookie')).toMatch(/^pledge_wecom=[A-Za-z0-9_-]+\.\d+\.[A-Za-z0-9_-]{43}; Path=\/; Max-Age=28800; HttpOnly; SameSite=Lax; Secure$/);
    expect(w.wecom.calls('auth/getuserinfo').map((c) => c.query.code)).toEqual([code]);
    const page = await b.get(w.at('/wecom/app/file'));
    expect(page.res.status).toBe(200);
    expect(page.body).toContain(html(en('modal.title.label')));
    // The session is the member's own: WeCom is not asked again.
    expect(w.wecom.calls('auth/getuserinfo')).toHaveLength(1);
  });

  it('refuses a used, an unknown and an outsider\u2019s code with a page that says so, and no session', async () => {
    const code = w.wecom.oauthCode('UFILER');
    expect((await w.browser().get(w.at(`/wecom/app/mine?code=${code}`))).res.status).toBe(303);
    const other = w.browser();
    const used = await other.get(w.at(`/wecom/app/mine?code=${code}`));
    expect(used.res.status).toBe(401);
    expect(used.body).toContain(html(en('wecom.page.signin.code.text')));
    expect(used.body).toContain('href="http://127.0.0.1:'); // a way to open it again through WeCom
    const unknown = await other.get(w.at('/wecom/app/mine?code=notacodewecomissued'));
    expect(unknown.res.status).toBe(401);
    const outsider = await other.get(w.at(`/wecom/app/mine?code=${w.wecom.outsiderCode('oAbCdEf123')}`));
    expect(outsider.res.status).toBe(403);
    expect(outsider.body).toContain(html(en('wecom.page.signin.outsider.text')));
    expect(other.jar.has('pledge_wecom')).toBe(false);
  });

  it('does not take a session cookie it did not sign', async () => {
    const b = w.browser();
    await b.signIn('UFILER', '/wecom/app/mine');
    const [user, ends, mac] = b.jar.get('pledge_wecom')!.split('.');
    b.jar.set('pledge_wecom', `${Buffer.from('USUP1').toString('base64url')}.${ends}.${mac}`);
    expect((await b.get(w.at('/wecom/app/mine'))).res.status).toBe(302);
    b.jar.set('pledge_wecom', `${user}.${Number(ends) + 3600}.${mac}`);
    expect((await b.get(w.at('/wecom/app/mine'))).res.status).toBe(302);
  });

  it('ends the session after 8 hours: the page goes back through WeCom', async () => {
    const b = w.browser();
    await b.signIn('UFILER', '/wecom/app/mine');
    w.h.clock.advance(8 * 3600_000 - 1000);
    expect((await b.get(w.at('/wecom/app/mine'))).res.status).toBe(200);
    w.h.clock.advance(1000);
    expect((await b.get(w.at('/wecom/app/mine'))).res.status).toBe(302);
  });

  it('shows the Slack modal\u2019s errors beside the fields and stores nothing', async () => {
    const { sent } = await fileAs('UFILER', { title: '  ', details: 'x'.repeat(3001), category: 'gardening', priority: 'highest', source: 'pigeon', customerName: '', customerContact: 'not a contact' });
    expect(sent.res.status).toBe(400);
    for (const key of ['field.title.required', 'field.details.too_long', 'field.category.invalid', 'field.priority.invalid', 'field.source.invalid', 'field.customer_contact.invalid'] as const) {
      expect(sent.body).toContain(`<p class="field-error" id="`);
      expect(sent.body).toContain(html(en(key)));
    }
    expect(sent.body).toContain('aria-invalid="true"');
    // What was typed stays in the form.
    expect(sent.body).toContain('value="not a contact"');
    expect(await db().complaint.count()).toBe(0);
    expect(await db().notification.count()).toBe(0);
  });

  it('files once when the same form is sent twice, as the signed-in member, and lands on the complaint', async () => {
    const { b, form, sent } = await fileAs('UFILER');
    expect(sent.res.status).toBe(303);
    const again = await b.post(w.at('/wecom/app/file'), { csrf: hiddenOf(form.body, 'csrf'), key: hiddenOf(form.body, 'key'), ...FILING });
    expect(again.res.status).toBe(303);
    expect(again.res.headers.get('location')).toBe(sent.res.headers.get('location'));
    const complaints = await db().complaint.findMany();
    expect(complaints).toHaveLength(1);
    expect(complaints[0]).toMatchObject({ filerId: 'UFILER', source: 'phone', title: 'Charged twice' });
    const page = await b.get(new URL(sent.res.headers.get('location')!, w.at('/wecom/app/file')).toString());
    expect(page.res.status).toBe(200);
    expect(page.body).toContain(html(en('wecom.page.done.filed', { reference: complaints[0]!.reference })));
    // The contact is shown masked, as in chat.
    expect(page.body).not.toContain('13812345678');
    expect(page.body).toContain('138****5678');
  });

  it('refuses a form sent without its CSRF token, or from a browser without a session, and stores nothing', async () => {
    const b = w.browser();
    const form = await b.signIn('UFILER', '/wecom/app/file');
    const noToken = await b.post(w.at('/wecom/app/file'), { key: hiddenOf(form.body, 'key'), ...FILING });
    expect(noToken.res.status).toBe(403);
    const stranger = await w.browser().post(w.at('/wecom/app/file'), { csrf: hiddenOf(form.body, 'csrf'), key: hiddenOf(form.body, 'key'), ...FILING });
    expect(stranger.res.status).toBe(401);
    expect(await db().complaint.count()).toBe(0);
  });

  it('我的投诉 lists what the member filed and owns, linked to each complaint', async () => {
    const { sent } = await fileAs('UFILER');
    const id = sent.res.headers.get('location')!.split('/')[1]!.split('?')[0]!;
    const complaint = await db().complaint.findUniqueOrThrow({ where: { id } });
    const filer = await w.browser().signIn('UFILER', '/wecom/app/mine');
    expect(filer.body).toContain(html(en('home.filed')));
    expect(filer.body).toContain(`href="complaints/${id}"`);
    const owner = await w.browser().signIn(complaint.ownerId, '/wecom/app/mine');
    expect(owner.body).toContain(html(en('home.owned')));
    expect(owner.body).toContain(`href="complaints/${id}"`);
    expect(owner.body).toContain(html(en('home.none_filed')));
  });

  it('shows a complaint only to those who may see it', async () => {
    const { sent } = await fileAs('UFILER');
    const id = sent.res.headers.get('location')!.split('/')[1]!.split('?')[0]!;
    const stranger = await w.browser().signIn('USRV1', `/wecom/app/complaints/${id}`);
    expect(stranger.res.status).toBe(404);
    expect(stranger.body).not.toContain('Charged twice');
  });

  it('refuses a step to someone it is not open to, in words, and changes nothing', async () => {
    const { sent } = await fileAs('UFILER');
    const id = sent.res.headers.get('location')!.split('/')[1]!.split('?')[0]!;
    const complaint = await db().complaint.findUniqueOrThrow({ where: { id } });
    const s = w.h.pledge.services;
    await s.acceptComplaint({ complaintId: id, actorId: complaint.ownerId });
    await s.startInvestigation({ complaintId: id, actorId: complaint.ownerId });
    const other = complaint.ownerId === 'UOWN1' ? 'UOWN2' : 'UOWN1';
    const b = w.browser();
    const page = await b.signIn(other, `/wecom/app/complaints/${id}/propose_solution`);
    expect(page.res.status).toBe(403);
    const refusal = html(en('error.not_allowed.roles', { roles: `${en('role.owner')}${en('role.or')}${en('role.leader')}`, reference: complaint.reference }));
    expect(page.body).toContain(refusal);
    // A form posted anyway (an old page, a crafted request) is refused the same way.
    const csrfPage = await b.get(w.at('/wecom/app/file'));
    const events = await db().event.count();
    const posted = await b.post(w.at(`/wecom/app/complaints/${id}/propose_solution`), { csrf: hiddenOf(csrfPage.body, 'csrf'), key: '0b6c8f2e-3d4a-4b5c-8d9e-0f1a2b3c4d5e', text: 'Refund it' });
    expect(posted.res.status).toBe(403);
    expect(await db().event.count()).toBe(events);
    expect((await db().complaint.findUniqueOrThrow({ where: { id } })).solution).toBeNull();
  });

  it('takes a step from its owner: a field left empty is marked, a note sent twice is added once', async () => {
    const { sent } = await fileAs('UFILER');
    const id = sent.res.headers.get('location')!.split('/')[1]!.split('?')[0]!;
    const complaint = await db().complaint.findUniqueOrThrow({ where: { id } });
    await w.h.pledge.services.acceptComplaint({ complaintId: id, actorId: complaint.ownerId });
    const b = w.browser();
    const view = await b.signIn(complaint.ownerId, `/wecom/app/complaints/${id}`);
    expect(view.body).toContain(`href="${id}/add_note"`);
    const form = await b.get(w.at(`/wecom/app/complaints/${id}/add_note`));
    expect(form.res.status).toBe(200);
    const fields = { csrf: hiddenOf(form.body, 'csrf'), key: hiddenOf(form.body, 'key') };
    const empty = await b.post(w.at(`/wecom/app/complaints/${id}/add_note`), { ...fields, text: '   ' });
    expect(empty.res.status).toBe(400);
    expect(empty.body).toContain(html(en('field.text.required')));
    const first = await b.post(w.at(`/wecom/app/complaints/${id}/add_note`), { ...fields, text: 'Called the bank' });
    expect(first.res.status).toBe(303);
    expect(first.res.headers.get('location')).toBe(`../${id}?done=add_note`);
    await b.post(w.at(`/wecom/app/complaints/${id}/add_note`), { ...fields, text: 'Called the bank' });
    expect(await db().event.count({ where: { complaintId: id, type: 'complaint.note_added' } })).toBe(1);
  });

  it('reveals the customer\u2019s contact to its handler on request, recorded, and refuses it in words to the filer', async () => {
    const { sent } = await fileAs('UFILER');
    const id = sent.res.headers.get('location')!.split('/')[1]!.split('?')[0]!;
    const complaint = await db().complaint.findUniqueOrThrow({ where: { id } });
    const filer = w.browser();
    const seen = await filer.signIn('UFILER', `/wecom/app/complaints/${id}`);
    const refused = await filer.post(w.at(`/wecom/app/complaints/${id}`), { csrf: hiddenOf(seen.body, 'csrf'), do: 'reveal' });
    expect(refused.body).toContain(html(en('reveal.refused', { reference: complaint.reference })));
    expect(refused.body).not.toContain('13812345678');
    expect(await db().event.count({ where: { complaintId: id, type: 'contact.revealed' } })).toBe(0);

    const owner = w.browser();
    const page = await owner.signIn(complaint.ownerId, `/wecom/app/complaints/${id}`);
    expect(page.body).not.toContain('13812345678');
    const noToken = await owner.post(w.at(`/wecom/app/complaints/${id}`), { do: 'reveal' });
    expect(noToken.res.status).toBe(403);
    const shown = await owner.post(w.at(`/wecom/app/complaints/${id}`), { csrf: hiddenOf(page.body, 'csrf'), do: 'reveal' });
    expect(shown.res.status).toBe(200);
    expect(shown.body).toContain(html(en('reveal.shown_named', { reference: complaint.reference, name: 'Li Lei', value: '13812345678' })));
    expect(await db().event.count({ where: { complaintId: id, type: 'contact.revealed', actorId: complaint.ownerId } })).toBe(1);
  });

  it('asks the filer "are you sure?" before Withdraw on the complaint\u2019s page, as Slack does: Cancel goes back, Withdraw there withdraws', async () => {
    const { b, sent } = await fileAs('UFILER');
    const id = sent.res.headers.get('location')!.split('/')[1]!.split('?')[0]!;
    const status = async () => (await db().complaint.findUniqueOrThrow({ where: { id } })).status;
    // No button that withdraws at once: a link to the question.
    const page = await b.get(w.at(`/wecom/app/complaints/${id}`));
    expect(page.body).not.toContain('value="withdraw"');
    expect(page.body).toContain(`<a href="${id}?confirm=withdraw">${html(en('action.withdraw'))}</a>`);

    const asked = await b.get(w.at(`/wecom/app/complaints/${id}?confirm=withdraw`));
    expect(asked.res.status).toBe(200);
    expect(asked.body).toContain(html(en('confirm.withdraw.title')));
    expect(asked.body).toContain(html(en('confirm.withdraw.text')));
    expect(asked.body).toContain(`value="withdraw">${html(en('confirm.withdraw.yes'))}</button>`);
    expect(asked.body).toContain(`<a href="${id}">${html(en('confirm.no'))}</a>`);
    expect(await status()).toBe('new');

    const withdrawn = await b.post(w.at(`/wecom/app/complaints/${id}?confirm=withdraw`), { csrf: hiddenOf(asked.body, 'csrf'), do: 'withdraw' });
    expect(withdrawn.res.status).toBe(303);
    expect(withdrawn.res.headers.get('location')).toBe(`${id}?done=withdraw`);
    expect(await status()).toBe('withdrawn');
    // Withdrawn, the page asks no more.
    const after = await b.get(w.at(`/wecom/app/complaints/${id}?confirm=withdraw`));
    expect(after.body).not.toContain(html(en('confirm.withdraw.title')));
    expect(after.body).not.toContain('?confirm=withdraw"');
  });

  it('takes Accept from the complaint\u2019s page for its handler, and refuses it in words to another member, changing nothing', async () => {
    const { sent } = await fileAs('UFILER');
    const id = sent.res.headers.get('location')!.split('/')[1]!.split('?')[0]!;
    const complaint = await db().complaint.findUniqueOrThrow({ where: { id } });
    const other = w.browser();
    const page = await other.signIn(complaint.ownerId === 'UOWN1' ? 'UOWN2' : 'UOWN1', `/wecom/app/complaints/${id}`);
    const refused = await other.post(w.at(`/wecom/app/complaints/${id}`), { csrf: hiddenOf(page.body, 'csrf'), do: 'accept' });
    expect(refused.res.status).toBe(403);
    expect(refused.body).toContain(html(en('wecom.page.nothing_changed')));
    expect((await db().complaint.findUniqueOrThrow({ where: { id } })).acceptedAt).toBeNull();

    const owner = w.browser();
    const own = await owner.signIn(complaint.ownerId, `/wecom/app/complaints/${id}`);
    expect(own.body).toContain(`value="accept">${html(en('card.accept'))}</button>`);
    const accepted = await owner.post(w.at(`/wecom/app/complaints/${id}`), { csrf: hiddenOf(own.body, 'csrf'), do: 'accept' });
    expect(accepted.res.status).toBe(303);
    expect(accepted.res.headers.get('location')).toBe(`${id}?done=accept`);
    expect((await db().complaint.findUniqueOrThrow({ where: { id } })).acceptedAt).not.toBeNull();
  });
});
