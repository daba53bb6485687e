/** The complainant's page over HTTP on the bot's own port (issue 13, points 5, 6 and 8). */
import { expect, it } from 'vitest';
import { describeEachDb } from '../support/db';
import { browserLike, csrfOf, outsideComplaint, PUBLIC_URL } from '../support/complaint-page';
import { useHarness } from '../support/pledge-harness';

const DAY = 86_400_000;

describeEachDb('complaint page over HTTP', (getDb) => {
  const logged: string[] = [];
  const h = useHarness(getDb, { publicUrl: PUBLIC_URL, log: (level, message) => logged.push(`${level} ${message}`) });

  it('shows the complaint with a strict CSP and no staff or personal data, on the port that serves /slack/events', async () => {
    const c = await outsideComplaint(h, h.baseUrl, { details: 'Call me on 13812345678' });
    const { res, body } = await browserLike().get(c.pageUrl);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toMatch(/^default-src 'none'; style-src 'sha256-[^']+'; img-src 'none'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'$/);
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('set-cookie')).toMatch(/^pledge_csrf=[A-Za-z0-9_-]{32}; Path=\/; HttpOnly; SameSite=Strict; Secure$/);
    expect(body).toContain(`Complaint ${c.reference}`);
    expect(body).toContain('Water bill doubled');
    expect(body).toContain('Handled by: your complaint handler');
    expect(body).toContain('Your complaint was registered.');
    expect(body).toContain('Accept</strong>: by');
    expect(body).not.toMatch(/<script/i);
    for (const secret of [c.owner, 'UFILER', 'ULEAD1', '13812345678', 'Li Lei', 'Call me']) expect(body).not.toContain(secret);
  });

  it('answers a forged, malformed or revoked token with the same page and a 404, and other paths as before', async () => {
    const c = await outsideComplaint(h, h.baseUrl);
    const forged = await browserLike().get(`${h.baseUrl}/p/${c.token.slice(0, -2)}${c.token.endsWith('AA') ? 'BB' : 'AA'}`);
    const malformed = await browserLike().get(`${h.baseUrl}/p/%E0%A4%A'`);
    expect(forged.res.status).toBe(404);
    expect(malformed.res.status).toBe(404);
    expect(forged.body).toContain('This link does not open a complaint');
    expect(malformed.body).toBe(forged.body);
    await h.db.prisma.pageLink.updateMany({ data: { revokedAt: h.clock.now() } });
    expect((await browserLike().get(c.pageUrl)).body).toBe(forged.body);
    expect((await fetch(`${h.baseUrl}/healthz`)).status).toBe(200);
  });

  it('refuses a post without a valid CSRF token and changes nothing', async () => {
    const c = await outsideComplaint(h, h.baseUrl);
    await c.accept();
    await c.investigate();
    await c.ask('Which account number?');
    const browser = browserLike();
    const page = await browser.get(c.pageUrl);
    const noToken = await browser.post(c.pageUrl, { do: 'answer', answer: 'ACC-1' });
    expect(noToken.res.status).toBe(403);
    expect(noToken.body).toContain('Your form could not be accepted');
    // A token from the page but no cookie (another site's post carries none): refused too.
    const noCookie = await browserLike().post(c.pageUrl, { do: 'answer', answer: 'ACC-1', csrf: csrfOf(page.body) });
    expect(noCookie.res.status).toBe(403);
    expect((await h.db.prisma.complaint.findUniqueOrThrow({ where: { id: c.id } })).status).toBe('waiting_on_complainant');
    expect(await h.db.prisma.event.count({ where: { type: 'complaint.info_answered' } })).toBe(0);
  });

  it('lets the complainant answer a question (clocks run again), agree to an extension and rate, each recorded as theirs on the web', async () => {
    const c = await outsideComplaint(h, h.baseUrl);
    await c.accept();
    await c.investigate();
    await c.ask('Which account? <script>alert(1)</script>');
    const browser = browserLike();
    let page = await browser.get(c.pageUrl);
    expect(page.body).toContain('Which account? &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page.body).toContain('paused while we wait for your answer');

    const empty = await browser.post(c.pageUrl, { do: 'answer', answer: '  ', csrf: csrfOf(page.body) });
    expect(empty.res.status).toBe(400);
    expect(empty.body).toContain('Write your answer before sending it.');

    const answered = await browser.post(c.pageUrl, { do: 'answer', answer: 'Account 42', csrf: csrfOf(page.body) });
    expect(answered.res.status).toBe(303);
    expect(answered.res.headers.get('location')).toBe(`${c.token}?done=answer`);
    expect((await h.db.prisma.complaint.findUniqueOrThrow({ where: { id: c.id } })).status).toBe('investigating');
    expect(await h.db.prisma.deadline.count({ where: { complaintId: c.id, pausedAt: { not: null } } })).toBe(0);
    expect(await h.db.prisma.event.findFirst({ where: { type: 'complaint.info_answered' } })).toMatchObject({ actorId: 'complainant', payload: { answer: 'Account 42' } });
    page = await browser.get(`${c.pageUrl}?done=answer`);
    expect(page.body).toContain('your answer was sent');

    const solution = await h.db.prisma.deadline.findFirstOrThrow({ where: { complaintId: c.id, stage: 'solution' } });
    const wanted = new Date(solution.dueAt.getTime() + 2 * DAY);
    expect(await c.askExtension(wanted, 'The bank needs two more days')).toBe('asked');
    page = await browser.get(c.pageUrl);
    expect(page.body).toContain('We ask for more time');
    const approvalId = /name="approval" value="([^"]+)"/.exec(page.body)![1]!;
    const agreed = await browser.post(c.pageUrl, { do: 'agree', approval: approvalId, csrf: csrfOf(page.body) });
    expect(agreed.res.status).toBe(303);
    expect(await h.db.prisma.deadline.findUniqueOrThrow({ where: { id: solution.id } })).toMatchObject({ dueAt: wanted, consent: 'complainant' });
    expect(await h.db.prisma.approval.findUniqueOrThrow({ where: { id: approvalId } })).toMatchObject({ status: 'approved', decidedBy: 'complainant', decidedAt: h.clock.now() });
    expect((await h.db.prisma.event.findFirstOrThrow({ where: { type: 'complaint.extended' } })).payload).toMatchObject({ consent: 'complainant', channel: 'web' });
    // Answering again is stale: the page says so and nothing changes.
    const again = await browser.post(c.pageUrl, { do: 'decline', approval: approvalId, csrf: csrfOf(page.body) });
    expect(again.res.status).toBe(409);
    expect(again.body).toContain('already answered');

    await c.propose();
    await c.resolve();
    page = await browser.get(c.pageUrl);
    expect(page.body).toContain('The second charge was refunded.');
    expect(page.body).toContain('Tariff rules, article 12');
    const rated = await browser.post(c.pageUrl, { do: 'rating', rating: '4', comment: 'Fine', csrf: csrfOf(page.body) });
    expect(rated.res.status).toBe(303);
    expect(await h.db.prisma.survey.findUniqueOrThrow({ where: { complaintId: c.id } })).toMatchObject({ rating: 4, comment: 'Fine', channel: 'web', recordedBy: 'complainant' });
    page = await browser.get(c.pageUrl);
    expect(page.body).toContain('Your rating: 4 out of 5');
    expect(page.body).toContain('Your rating was recorded: 4 out of 5.');

    await h.deliver();
    // The thread says the complainant agreed on their page.
    const thread = h.standIn.callsTo('chat.postMessage').map((p) => JSON.stringify(p.args));
    expect(thread.some((t) => t.includes('the complainant agreed on their complaint page'))).toBe(true);
  });

  it('records a declined extension as the complainant\'s, on the web', async () => {
    const c = await outsideComplaint(h, h.baseUrl);
    await c.accept();
    const solution = await h.db.prisma.deadline.findFirstOrThrow({ where: { complaintId: c.id, stage: 'solution' } });
    await c.askExtension(new Date(solution.dueAt.getTime() + DAY), 'More time');
    const browser = browserLike();
    const page = await browser.get(c.pageUrl);
    const approvalId = /name="approval" value="([^"]+)"/.exec(page.body)![1]!;
    expect((await browser.post(c.pageUrl, { do: 'decline', approval: approvalId, csrf: csrfOf(page.body) })).res.status).toBe(303);
    expect((await h.db.prisma.deadline.findUniqueOrThrow({ where: { id: solution.id } })).dueAt).toEqual(solution.dueAt);
    expect((await h.db.prisma.event.findFirstOrThrow({ where: { type: 'approval.declined' } })).payload).toMatchObject({ kind: 'extension', channel: 'web' });
    expect((await browser.get(c.pageUrl)).body).toContain('You did not agree to an extension.');
  });

  it('shows no page for a complaint with no outside complainant (they answer in chat), even with a link', async () => {
    const c = await outsideComplaint(h, h.baseUrl, { customerName: '', customerContact: '', source: 'chat' });
    expect(await h.db.prisma.complaint.findUniqueOrThrow({ where: { id: c.id }, select: { contactId: true } })).toEqual({ contactId: null });
    const { res, body } = await browserLike().get(c.pageUrl);
    expect(res.status).toBe(404);
    expect(body).toContain('This link does not open a complaint');
  });

  it('logs no link and nothing typed, even when a request fails', async () => {
    const c = await outsideComplaint(h, h.baseUrl);
    await c.accept();
    await c.investigate();
    await c.ask('Which account?');
    const browser = browserLike();
    const page = await browser.get(c.pageUrl);
    await browserLike().get(`${h.baseUrl}/p/${c.token}x`);
    // The database refuses the change mid-request: the page fails with a 500, and the log says only what failed.
    const db = h.db.prisma;
    await db.$executeRawUnsafe(`CREATE FUNCTION pledge_test_refuse() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'refused by test'; END $$ LANGUAGE plpgsql`);
    await db.$executeRawUnsafe(`CREATE TRIGGER pledge_test_refuse BEFORE UPDATE ON "Complaint" FOR EACH ROW EXECUTE FUNCTION pledge_test_refuse()`);
    try {
      const failed = await browser.post(c.pageUrl, { do: 'answer', answer: 'Account-42-secret', csrf: csrfOf(page.body) });
      expect(failed.res.status).toBe(500);
      expect(failed.body).not.toContain('refused by test');
    } finally {
      await db.$executeRawUnsafe('DROP TRIGGER pledge_test_refuse ON "Complaint"');
      await db.$executeRawUnsafe('DROP FUNCTION pledge_test_refuse()');
    }
    expect(logged.some((l) => l.startsWith('error complaint page: '))).toBe(true);
    for (const line of logged) {
      expect(line).not.toContain(c.token);
      expect(line).not.toContain('Account-42-secret');
    }
  });
});
