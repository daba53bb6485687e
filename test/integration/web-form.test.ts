/**
 * The public complaint form over HTTP on the bot's own port (issue 13, point 7), on both
 * databases: a complaint is filed only once its contact is verified, by an SMS code through the
 * Tencent stand-in or by an e-mailed link through a real SMTP server on loopback; then it is the
 * complainant's own (source web), routed, posted to the group's channel and answered with the
 * registration message in the language the form was filled in. Wrong, expired and used-up codes,
 * the rate limits, the hidden field, oversize and CSRF-less posts are refused and store nothing.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { COMPLAINANT } from '../../src/domain/access';
import { describeEachDb, type TestDb } from '../support/db';
import { messageAsText } from '../support/message-text';
import { csrfOf } from '../support/complaint-page';
import { FORM_FIELDS, lastCode, startFormWorld, VERIFY_TEMPLATE, visitor, type FormWorld } from '../support/web-form';

const RESEND_BUTTON = 'value="resend"';

const MINUTE = 60_000;

describeEachDb('public complaint form', (getDb) => {
  let w: FormWorld | undefined;
  const logged: string[] = [];
  async function start(options: Parameters<typeof startFormWorld>[1] = {}) {
    w = await startFormWorld(getDb(), { log: (level, message) => logged.push(`${level} ${message}`), ...options });
    return w;
  }
  beforeEach(() => {
    logged.length = 0;
  });
  afterEach(async () => {
    await w?.stop();
    w = undefined;
  });

  const db = () => getDb().prisma;
  /** Nothing of a refused submission was kept: no pending row, no message, no complaint. */
  async function nothingStored(db: TestDb['prisma']) {
    expect(await db.webSubmission.count()).toBe(0);
    expect(await db.notification.count()).toBe(0);
    expect(await db.complaint.count()).toBe(0);
  }

  it('files a complaint only after the SMS code is typed, as the complainant\u2019s own, in their language, and sends them to its page', async () => {
    const { h, sms } = await start();
    const v = visitor(h.baseUrl, { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.5' });
    const form = await v.open();
    expect(form.res.status).toBe(200);
    expect(form.res.headers.get('content-security-policy')).toMatch(/^default-src 'none'; style-src 'sha256-/);
    expect(form.body).toContain('<html lang="zh-CN">');
    expect(form.body).toContain('在线投诉');
    expect(form.body).toContain('账单');

    const sent = await v.send(FORM_FIELDS);
    expect(sent.res.status).toBe(303);
    expect(sent.res.headers.get('location')).toBe('complain/verify');
    expect(sent.res.headers.get('set-cookie')).toMatch(/^pledge_form=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict; Secure; Max-Age=900$/);
    expect(await db().complaint.count()).toBe(0);
    const [pending] = await db().webSubmission.findMany();
    // Sealed: neither the number nor the text is in the row in the clear.
    expect(JSON.stringify(pending)).not.toMatch(/13812345678|Water bill|Li Lei/);

    await h.deliver();
    const code = lastCode(sms);
    expect(code).toMatch(/^\d{6}$/);
    expect(sms.sent.at(-1)).toMatchObject({ phone: '+8613812345678', templateId: VERIFY_TEMPLATE, params: [code, '15'] });
    expect(JSON.stringify(await db().webSubmission.findMany())).not.toContain(code);

    const page = await v.verifyPage();
    expect(page.body).toContain('验证码已通过短信发送至 138****5678');
    const verified = await v.enterCode(code);
    expect(verified.res.status).toBe(303);
    const location = verified.res.headers.get('location')!;
    expect(location).toMatch(/^\.\.\/p\/[A-Za-z0-9_-]{43}$/);

    const complaint = await db().complaint.findFirstOrThrow({ include: { contact: true } });
    expect(complaint).toMatchObject({ source: 'web', filerId: COMPLAINANT, firstContactId: null, groupId: 'billing', category: 'billing', locale: 'zh-CN', title: 'Water bill doubled in November.', details: FORM_FIELDS.details });
    expect(complaint.contact?.masked).toBe('138****5678');
    expect(await db().webSubmission.findFirstOrThrow()).toMatchObject({ complaintId: complaint.id, sealed: null });

    const own = await v.get(new URL(location, `${h.baseUrl}/complain/verify`).toString());
    expect(own.res.status).toBe(200);
    expect(own.body).toContain(`投诉 ${complaint.reference}`);

    // Routed like any other: the group's channel has it, the handler is told; nobody in chat is "the filer".
    await h.deliver();
    const posts = h.standIn.callsTo('chat.postMessage');
    const card = posts.find((p) => p.args.channel === 'CBILLING');
    const cardText = messageAsText(card!.args as { text?: string; blocks?: unknown });
    // The card names the complainant as its filer, in words; no chat user is mentioned for them.
    expect(cardText).toContain('The complainant');
    expect(JSON.stringify(card!.args)).not.toContain('<@complainant>');
    expect(posts.some((p) => p.args.channel === COMPLAINANT)).toBe(false);
    expect(h.standIn.callsTo('views.publish').some((p) => p.args.user_id === COMPLAINANT)).toBe(false);
    const registered = sms.sent.filter((s) => s.templateId === '2000001');
    expect(registered).toHaveLength(1);
    expect(registered[0]!.params[0]).toBe(complaint.reference);
    expect(registered[0]!.params[1]).toMatch(/^12月1日（周二）10:00/);

    // The code, once used, files nothing more; the address and the contact never reach the log.
    expect((await v.enterCode(code)).res.status).toBe(303);
    expect(await db().complaint.count()).toBe(1);
    for (const line of logged) expect(line).not.toMatch(/13812345678|pledge_form|Li Lei/);
  });

  it('files a complaint once the e-mailed link is opened and confirmed, and the registration e-mail follows in the form\u2019s language', async () => {
    const { h, smtp } = await start({ locale: 'zh-CN' });
    const v = visitor(h.baseUrl);
    const sent = await v.send({ ...FORM_FIELDS, contact: 'li.lei@example.cn' }, { query: '?lang=en' });
    expect(sent.res.status).toBe(303);
    expect((await v.verifyPage()).body).toContain('We sent a link to l***@example.cn');
    await h.deliver();
    const [mail] = await smtp.waitFor(1);
    expect(mail!.envelopeTo).toEqual(['li.lei@example.cn']);
    expect(mail!.mail.subject).toBe('Acme Water: confirm your complaint');
    const link = /https:\/\/pledge\.example\.com\/complain\/confirm\/([A-Za-z0-9_-]{43})/.exec(mail!.mail.text ?? '');
    expect(link).not.toBeNull();
    const confirmUrl = `${h.baseUrl}/complain/confirm/${link![1]}`;

    // Opening the link (as a mail scanner would) files nothing; the press does.
    const other = visitor(h.baseUrl);
    const confirm = await other.get(confirmUrl);
    expect(confirm.res.status).toBe(200);
    expect(confirm.body).toContain('Your e-mail address l***@example.cn is confirmed');
    expect(await db().complaint.count()).toBe(0);
    const csrf = /name="csrf" value="([^"]+)"/.exec(confirm.body)![1]!;
    const done = await other.post(confirmUrl, { csrf });
    expect(done.res.status).toBe(303);
    expect(done.res.headers.get('location')).toMatch(/^\.\.\/\.\.\/p\/[A-Za-z0-9_-]{43}$/);
    const complaint = await db().complaint.findFirstOrThrow();
    expect(complaint).toMatchObject({ source: 'web', locale: 'en' });
    const own = await other.get(new URL(done.res.headers.get('location')!, confirmUrl).toString());
    expect(own.body).toContain(`Complaint ${complaint.reference}`);

    await h.deliver();
    const [, registration] = await smtp.waitFor(2);
    expect(registration!.mail.subject).toBe(`Acme Water: your complaint ${complaint.reference} is registered`);
    expect(registration!.mail.text).toMatch(/https:\/\/pledge\.example\.com\/p\/[A-Za-z0-9_-]{43}/);
    // The link ends once used: the page's own links are the way in from now on.
    const again = await other.get(confirmUrl);
    expect(again.res.status).toBe(404);
    expect(await db().complaint.count()).toBe(1);
    // A forged token opens nothing.
    const forged = await other.get(`${h.baseUrl}/complain/confirm/${'A'.repeat(43)}`);
    expect(forged.res.status).toBe(404);
    expect(forged.body).toContain('此链接无法使用');
  });

  it('refuses a wrong code, counts every try, and after too many files nothing even with the right one', async () => {
    const { h, sms } = await start();
    const v = visitor(h.baseUrl);
    await v.send(FORM_FIELDS);
    await h.deliver();
    const code = lastCode(sms);
    const wrong = code === '000000' ? '111111' : '000000';
    const first = await v.enterCode(wrong);
    expect(first.res.status).toBe(400);
    expect(first.body).toContain('That code is not right. Tries left: 4.');
    for (let i = 0; i < 3; i++) await v.enterCode(wrong);
    const last = await v.enterCode(wrong);
    expect(last.res.status).toBe(410);
    expect(last.body).toContain('Too many wrong codes. Nothing was registered');
    const right = await v.enterCode(code);
    expect(right.res.status).toBe(410);
    expect(await db().complaint.count()).toBe(0);
    expect((await db().webSubmission.findFirstOrThrow()).attempts).toBe(5);
  });

  it('sends the code again on request, after a cool-down said in words and counted on the injected clock; a double press or a retry sends once; the per-contact limit holds', async () => {
    const { h, sms } = await start({ perContactPerDay: 3 });
    const v = visitor(h.baseUrl);
    await v.send(FORM_FIELDS);
    await h.deliver();
    const first = lastCode(sms);
    const verifySends = () => db().notification.count({ where: { kind: 'web.verify' } });
    const codes = () => sms.sent.filter((s) => s.templateId === VERIFY_TEMPLATE).length;
    const resend = (page: { body: string }) => v.post('complain/verify', { csrf: csrfOf(page.body), do: 'resend' });

    // Just sent: the page says when another may be asked for, and offers no button until then.
    let page = await v.verifyPage();
    expect(page.body).toContain('You can ask for a new code in 60 seconds.');
    expect(page.body).not.toContain(RESEND_BUTTON);
    // Asked anyway (an old page, a forged post): refused in words on the server, nothing sent.
    let refused = await resend(page);
    expect(refused.res.status).toBe(429);
    expect(refused.body).toContain('You can ask for a new code in 60 seconds.');
    h.clock.advance(45_000);
    expect((await v.verifyPage()).body).toContain('You can ask for a new code in 15 seconds.');
    h.clock.advance(15_000);
    page = await v.verifyPage();
    expect(page.body).toContain(RESEND_BUTTON);

    // A double press: two posts at once send one code.
    const both = await Promise.all([resend(page), resend(page)]);
    expect(both.map((r) => r.res.status).sort()).toEqual([303, 429]);
    // A retry of the same post sends nothing more either.
    expect((await resend(page)).res.status).toBe(429);
    expect(await verifySends()).toBe(2);
    await h.deliver();
    expect(codes()).toBe(2);
    const second = lastCode(sms);
    page = await v.verifyPage();
    expect(page.body).toContain('A new code was sent to 138****5678.');
    expect(page.body).toContain('You can ask for a new code in 60 seconds.');
    // The new code replaces the old one.
    if (second !== first) expect((await v.enterCode(first)).res.status).toBe(400);

    // Three codes for one number in a day (perContactPerDay): then none, said before anyone presses.
    h.clock.advance(60_000);
    expect((await resend(await v.verifyPage())).res.status).toBe(303);
    h.clock.advance(60_000);
    page = await v.verifyPage();
    expect(page.body).toContain('No more codes can be sent to this contact today.');
    expect(page.body).not.toContain(RESEND_BUTTON);
    refused = await resend(page);
    expect(refused.res.status).toBe(429);
    expect(refused.body).toContain('No more codes can be sent to this contact today.');
    expect(await verifySends()).toBe(3);
    // The same number may not start again with a new form today either.
    expect((await visitor(h.baseUrl).send(FORM_FIELDS)).res.status).toBe(429);

    // The latest code registers the complaint.
    await h.deliver();
    expect(codes()).toBe(3);
    expect((await v.enterCode(lastCode(sms))).res.status).toBe(303);
    expect(await db().complaint.count()).toBe(1);
  });

  it('sends the e-mailed link again on request: the new link works, the old one no longer does', async () => {
    const { h, smtp } = await start();
    const v = visitor(h.baseUrl);
    await v.send({ ...FORM_FIELDS, contact: 'li.lei@example.cn' });
    await h.deliver();
    await smtp.waitFor(1);
    const links = () => smtp.arrived.map((m) => /https:\/\/pledge\.example\.com\/complain\/confirm\/[A-Za-z0-9_-]{43}/.exec(m.mail.text ?? '')?.[0]).filter((l): l is string => l !== undefined);
    expect(links()).toHaveLength(1);
    let page = await v.verifyPage();
    expect(page.body).toContain('You can ask for a new link in 60 seconds.');
    h.clock.advance(60_000);
    page = await v.verifyPage();
    expect(page.body).toContain('Send the link again');
    expect((await v.post('complain/verify', { csrf: csrfOf(page.body), do: 'resend' })).res.status).toBe(303);
    await h.deliver();
    await smtp.waitFor(2);
    expect(links()).toHaveLength(2);
    const [old, fresh] = links().map((l) => l.replace('https://pledge.example.com', h.baseUrl));
    expect((await v.get(old!)).res.status).toBe(404);
    expect((await v.get(fresh!)).res.status).toBe(200);
  });

  it('refuses an expired code and files nothing', async () => {
    const { h, sms } = await start();
    const v = visitor(h.baseUrl);
    await v.send(FORM_FIELDS);
    await h.deliver();
    const code = lastCode(sms);
    h.clock.advance(15 * MINUTE);
    const late = await v.enterCode(code);
    expect(late.res.status).toBe(410);
    expect(late.body).toContain('The code or link has expired. Nothing was registered');
    expect(await db().complaint.count()).toBe(0);
    // Upkeep drops the expired draft; the hashes stay for the rate limits until a day has passed.
    await h.pledge.jobs().find((j) => j.name === 'web-form-purge')!.run();
    expect(await db().webSubmission.findFirstOrThrow()).toMatchObject({ sealed: null, codeHash: null });
    h.clock.advance(26 * 60 * MINUTE);
    await h.pledge.jobs().find((j) => j.name === 'web-form-purge')!.run();
    expect(await db().webSubmission.count()).toBe(0);
  });

  it('limits submissions per contact and per address, counted in the database, and says so', async () => {
    const { h } = await start({ perContactPerDay: 2, perAddressPerHour: 3 });
    for (let i = 0; i < 2; i++) expect((await visitor(h.baseUrl).send({ ...FORM_FIELDS, contact: '138 1234 5678' })).res.status).toBe(303);
    const third = await visitor(h.baseUrl).send({ ...FORM_FIELDS, contact: '138-1234-5678' });
    expect(third.res.status).toBe(429);
    expect(third.body).toContain('Too many complaints or codes were sent for this contact today. Nothing was kept.');
    expect(await db().webSubmission.count()).toBe(2);

    expect((await visitor(h.baseUrl).send({ ...FORM_FIELDS, contact: 'a@example.cn' })).res.status).toBe(303);
    const fourth = await visitor(h.baseUrl).send({ ...FORM_FIELDS, contact: 'b@example.cn' });
    expect(fourth.res.status).toBe(429);
    expect(fourth.body).toContain('Too many complaints were sent from this connection in the last hour.');
    expect(await db().webSubmission.count()).toBe(3);
    // An hour later the address may send again; the contact still waits for its day.
    h.clock.advance(61 * MINUTE);
    expect((await visitor(h.baseUrl).send({ ...FORM_FIELDS, contact: 'b@example.cn' })).res.status).toBe(303);
    expect((await visitor(h.baseUrl).send({ ...FORM_FIELDS })).res.status).toBe(429);
  });

  it('counts the address a trusted proxy forwarded, its last X-Forwarded-For entry, and only when told to trust it', async () => {
    const { h } = await start({ perAddressPerHour: 1, perContactPerDay: 10, trustProxy: true });
    const from = (ip: string) => visitor(h.baseUrl, { 'x-forwarded-for': `10.9.9.9, ${ip}` });
    expect((await from('203.0.113.7').send(FORM_FIELDS)).res.status).toBe(303);
    expect((await from('203.0.113.8').send(FORM_FIELDS)).res.status).toBe(303);
    expect((await from('203.0.113.7').send(FORM_FIELDS)).res.status).toBe(429);
    await w!.stop();
    // Not trusted: the header is the visitor's own to forge, so every post counts as the socket's address.
    const { h: direct } = await start({ perAddressPerHour: 1, perContactPerDay: 10 });
    expect((await visitor(direct.baseUrl, { 'x-forwarded-for': '198.51.100.1' }).send({ ...FORM_FIELDS, contact: 'a@example.cn' })).res.status).toBe(303);
    expect((await visitor(direct.baseUrl, { 'x-forwarded-for': '198.51.100.2' }).send({ ...FORM_FIELDS, contact: 'b@example.cn' })).res.status).toBe(429);
  });

  it('holds the per-contact limit across two replicas sending at once', async () => {
    const { h } = await start({ perContactPerDay: 3 });
    const other = await startFormWorld(getDb(), { perContactPerDay: 3 });
    try {
      const sends = Array.from({ length: 8 }, (_, i) => visitor((i % 2 ? other.h : h).baseUrl).send(FORM_FIELDS));
      const statuses = (await Promise.all(sends)).map((r) => r.res.status).sort();
      expect(statuses).toEqual([303, 303, 303, 429, 429, 429, 429, 429]);
      expect(await db().webSubmission.count()).toBe(3);
    } finally {
      await other.stop();
    }
  });

  it('refuses the hidden field filled in, an oversize post and a post without its CSRF token, storing nothing', async () => {
    const { h } = await start();
    const bot = await visitor(h.baseUrl).send({ ...FORM_FIELDS, website: 'https://spam.example' });
    expect(bot.res.status).toBe(400);
    expect(bot.body).toContain('The form was filled in automatically, so nothing was kept.');
    await nothingStored(db());

    const huge = await visitor(h.baseUrl).send({ ...FORM_FIELDS, details: 'x'.repeat(70_000) });
    expect(huge.res.status).toBe(413);
    expect(huge.body).toContain('What you sent is too large. Nothing was kept.');
    await nothingStored(db());

    const long = await visitor(h.baseUrl).send({ ...FORM_FIELDS, details: '长'.repeat(3001) });
    expect(long.res.status).toBe(400);
    expect(long.body).toContain('That is too long: at most 3000 characters.');
    expect(long.body).toContain('aria-invalid="true"');
    await nothingStored(db());

    const forged = await visitor(h.baseUrl).send(FORM_FIELDS, { csrf: false });
    expect(forged.res.status).toBe(403);
    expect(forged.body).toContain('did not come from this page. Nothing was kept.');
    await nothingStored(db());

    const invalid = await visitor(h.baseUrl).send({ ...FORM_FIELDS, name: ' ', contact: 'not a contact', category: 'nope' });
    expect(invalid.res.status).toBe(400);
    for (const text of ['Write your name.', 'Write a mobile number or an e-mail address', 'Choose what your complaint is about.']) expect(invalid.body).toContain(text);
    await nothingStored(db());
    expect((await visitor(h.baseUrl).verifyPage()).res.status).toBe(404);
  });
});
