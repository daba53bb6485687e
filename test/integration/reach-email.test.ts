/**
 * E-mail to the complainant at each promise, through a real SMTP server on loopback: what
 * arrives (parsed with mailparser) is multipart, in the complaint's locale, with its Chinese
 * subject properly encoded; each message goes once; a refusal is retried or given up on and
 * shows on the card, and nothing listed or logged carries the address.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { listUndelivered } from '../../src/db/outbox';
import { openComplaintPageLink } from '../../src/services/complaint-page-link';
import { smtpSender } from '../../src/reach/email';
import { describeEachDb } from '../support/db';
import { messageAsText } from '../support/message-text';
import { harnessPerTest, TEST_CONFIG_YAML, testConfig, type Harness } from '../support/pledge-harness';
import { draft } from '../support/services';
import { SMTP_PASSWORD, SMTP_USER, startLoopbackSmtp, type LoopbackSmtp } from '../support/smtp';

const ADDRESS = 'li.hua@example.cn';
const PAGE = /https:\/\/pledge\.example\.com\/p\/([A-Za-z0-9_-]{43})/;

/** The page link in a message, checked to open that complaint's page. */
async function pageLinkIn(text: string | undefined, complaintId: string, h: Harness): Promise<string> {
  const m = PAGE.exec(text ?? '');
  expect(m, 'a page link in the message').not.toBeNull();
  const opened = await openComplaintPageLink({ config: h.config, prisma: h.db.prisma }, m![1]!, h.clock.now());
  expect(opened).toMatchObject({ ok: true, complaintId });
  return m![0];
}

function reachYaml(port: number, locale: 'en' | 'zh-CN') {
  return `${TEST_CONFIG_YAML.replace('locale: en', `locale: ${locale}`)}
reach:
  organisation: { en: Acme Water, zh-CN: 某某水务 }
  email:
    host: 127.0.0.1
    port: ${port}
    requireTLS: false
    user: ${SMTP_USER}
    from: "Acme complaints <complaints@acme.example>"
    replyTo: complaints@acme.example
`;
}

describeEachDb('e-mail to the complainant', (getDb) => {
  let smtp: LoopbackSmtp;
  let h: Harness;

  async function start(locale: 'en' | 'zh-CN') {
    const config = await testConfig(reachYaml(smtp.port, locale));
    h = await harness.start({
      config,
      reach: { email: smtpSender(config.reach!.email!, SMTP_PASSWORD) },
      publicUrl: new URL('https://pledge.example.com/'),
    });
  }

  async function file(over: Record<string, string> = {}) {
    const filed = await h.pledge.services.fileComplaint({
      filerId: 'UFILER',
      submissionKey: `k-${Math.random()}`,
      draft: draft({ source: 'phone', customerName: '李华', customerContact: ADDRESS, ...over }),
    });
    if (!filed.ok) throw new Error('filing failed');
    return filed.complaint;
  }

  const cardUpdates = () => h.standIn.callsTo('chat.update').map((c) => messageAsText(c.args as { text?: string; blocks?: unknown }));

  beforeEach(async () => {
    smtp = await startLoopbackSmtp();
  });
  afterEach(async () => {
    await smtp.close();
  });
  // Declared after the loopback server's hooks, so Pledge stops before the server closes.
  const harness = harnessPerTest(getDb);

  it('tells the customer at each promise, in Chinese, once each, and the card shows they were reached', async () => {
    await start('zh-CN');
    const c = await file();
    await h.deliver();
    const [registered] = await smtp.waitFor(1);
    const { mail, raw } = registered!;
    expect(registered!.envelopeTo).toEqual([ADDRESS]);
    expect(mail.subject).toBe(`【某某水务】您的投诉已登记（${c.reference}）`);
    // The Chinese subject travels as an RFC 2047 encoded-word, never as raw 8-bit bytes.
    const subjectHeader = /^Subject: (.*(?:\r\n[ \t].*)*)/m.exec(raw)![1]!;
    expect(subjectHeader).toMatch(/^=\?UTF-8\?[BQ]\?/);
    expect(subjectHeader).not.toMatch(/[^\x00-\x7f]/);
    expect(raw).toMatch(/Content-Type: multipart\/alternative/);
    expect(mail.from?.value[0]).toMatchObject({ name: 'Acme complaints', address: 'complaints@acme.example' });
    expect(mail.replyTo?.text).toBe('complaints@acme.example');
    expect(mail.text).toContain('尊敬的李华：');
    expect(mail.text).toContain('12月1日（周二）10:00（GMT+8）前受理');
    const link = await pageLinkIn(mail.text, c.id, h);
    expect(mail.html).toContain(`<a href="${link}">`);
    // The token travels in the message only: the outbox row and the audit log never hold it.
    const token = link.slice(link.lastIndexOf('/') + 1);
    expect(JSON.stringify(await getDb().prisma.notification.findMany({ select: { payload: true, lastError: true } }))).not.toContain(token);
    expect(JSON.stringify(await getDb().prisma.event.findMany({ select: { payload: true } }))).not.toContain(token);

    const row = await getDb().prisma.notification.findFirstOrThrow({ where: { kind: 'complainant.message' } });
    expect(row).toMatchObject({ resultChannel: 'email', failedAt: null });
    expect(row.sentAt).not.toBeNull();
    // The card in the channel now says the complainant was reached, and when.
    expect(cardUpdates().at(-1)).toContain('*投诉人通知* 已通过邮件送达，11月30日（周一）10:00（GMT+8）');

    const owner = c.ownerId;
    await h.pledge.services.acceptComplaint({ complaintId: c.id, actorId: owner });
    await h.pledge.services.addNote({ complaintId: c.id, actorId: owner, note: '已联系银行核实。', toComplainant: true, requestKey: 'n1' });
    await h.pledge.services.addNote({ complaintId: c.id, actorId: owner, note: 'internal only', toComplainant: false, requestKey: 'n2' });
    await h.pledge.services.requestInfo({ complaintId: c.id, actorId: owner, question: '请问被扣费的是哪一张卡？' });
    await h.deliver();
    const arrived = await smtp.waitFor(4);
    expect(arrived.map((a) => a.mail.subject)).toEqual([
      `【某某水务】您的投诉已登记（${c.reference}）`,
      `【某某水务】您的投诉已受理（${c.reference}）`,
      `【某某水务】您的投诉有新进展（${c.reference}）`,
      `【某某水务】关于您的投诉需要您答复（${c.reference}）`,
    ]);
    expect(arrived[2]!.mail.text).toContain('已联系银行核实。');
    expect(arrived[3]!.mail.text).toContain('请问被扣费的是哪一张卡？');
    expect(arrived[3]!.mail.text).toContain(`请在投诉页面答复：${await pageLinkIn(arrived[3]!.mail.text, c.id, h)}`);

    // Delivering again sends nothing more.
    await h.deliver();
    expect(smtp.arrived.length).toBe(4);
  });

  it('sends the result with its basis and the satisfaction question, and a rejection with its reason and how to ask for review', async () => {
    await start('en');
    const c = await file({ customerName: 'Li Hua' });
    const owner = c.ownerId;
    await h.pledge.services.acceptComplaint({ complaintId: c.id, actorId: owner });
    await h.pledge.services.startInvestigation({ complaintId: c.id, actorId: owner });
    await h.pledge.services.proposeSolution({ complaintId: c.id, actorId: owner, solution: 'Refund' });
    await h.pledge.services.resolveComplaint({ complaintId: c.id, actorId: owner, result: 'We refunded the second charge.', basis: 'The statement shows it twice.', delivery: { channel: 'email', note: 'by Pledge' } });

    const r = await file({ customerName: 'Li Hua', title: 'Second' });
    await h.pledge.services.acceptComplaint({ complaintId: r.id, actorId: r.ownerId });
    await h.pledge.services.startInvestigation({ complaintId: r.id, actorId: r.ownerId });
    await h.pledge.services.requestRejection({ complaintId: r.id, actorId: r.ownerId, reason: 'The charge was for your own order.' });
    const approval = await getDb().prisma.approval.findFirstOrThrow({ where: { complaintId: r.id } });
    await h.pledge.services.decideApproval({ approvalId: approval.id, actorId: 'ULEAD1', approve: true, expects: 'approval' });
    await h.deliver();

    const arrived = await smtp.waitFor(6);
    const result = arrived.find((a) => a.mail.subject === `Acme Water: your complaint ${c.reference} is resolved`)!;
    expect(result.mail.text).toContain('Result: We refunded the second charge.');
    expect(result.mail.text).toContain('Basis: The statement shows it twice.');
    expect(result.mail.text).toContain(`Rate it from 1 to 5, or ask for a review within 7 days, on your complaint page: ${await pageLinkIn(result.mail.text, c.id, h)}`);
    const rejected = arrived.find((a) => a.mail.subject === `Acme Water: your complaint ${r.reference} was rejected`)!;
    expect(rejected.mail.text).toContain('Reason: The charge was for your own order.');
    expect(rejected.mail.text).toContain(`ask for a review within 7 days on your complaint page: ${await pageLinkIn(rejected.mail.text, r.id, h)}`);
    expect(arrived.map((a) => a.mail.subject).filter((s) => s?.includes(c.reference))).toEqual([
      `Acme Water: your complaint ${c.reference} is registered`,
      `Acme Water: your complaint ${c.reference} is accepted`,
      `Acme Water: your complaint ${c.reference} is resolved`,
    ]);
  });

  it('asks the customer to agree to an extension on their page, and confirms one staff recorded their consent to', async () => {
    await start('zh-CN');
    const c = await file();
    await h.pledge.services.acceptComplaint({ complaintId: c.id, actorId: c.ownerId });
    const due = new Date('2026-12-08T10:00:00Z');
    expect(await h.pledge.services.requestExtension({ complaintId: c.id, actorId: c.ownerId, newDueAt: due, reason: '银行核查还需五个工作日' })).toBe('asked');
    await h.deliver();
    const asked = (await smtp.waitFor(3))[2]!;
    expect(asked.mail.subject).toBe(`【某某水务】您的投诉需要延期，是否同意？（${c.reference}）`);
    expect(asked.mail.text).toContain('需要延期至12月8日（周二）18:00（GMT+8），延期须经您同意。延期原因：银行核查还需五个工作日');
    expect(asked.mail.text).toContain(`是否同意延期？请在投诉页面答复：${await pageLinkIn(asked.mail.text, c.id, h)}`);

    const other = await file({ title: '另一件' });
    await h.pledge.services.acceptComplaint({ complaintId: other.id, actorId: other.ownerId });
    expect(await h.pledge.services.requestExtension({ complaintId: other.id, actorId: other.ownerId, newDueAt: due, reason: '等待银行', consentEvidence: '12月1日电话中同意' })).toBe('extended');
    await h.deliver();
    const confirmed = (await smtp.waitFor(6)).find((a) => a.mail.subject === `【某某水务】您的投诉处理时限已延期（${other.reference}）`)!;
    expect(confirmed.mail.text).toContain(`经您同意，您的投诉（编号${other.reference}）处理时限延期至12月8日（周二）18:00（GMT+8）。`);
  });

  it('retries a temporary refusal with backoff and delivers once', async () => {
    await start('en');
    smtp.refuseNext(1, 451, 'Requested action aborted: local error');
    await file();
    await h.deliver();
    let row = await getDb().prisma.notification.findFirstOrThrow({ where: { kind: 'complainant.message' } });
    expect(row).toMatchObject({ attempts: 1, sentAt: null, failedAt: null });
    expect(row.lastError).toContain('451');
    expect(smtp.arrived.length).toBe(0);

    h.clock.advance(60_000); // past the first backoff
    await h.deliver();
    await smtp.waitFor(1);
    row = await getDb().prisma.notification.findFirstOrThrow({ where: { kind: 'complainant.message' } });
    expect(row.sentAt).not.toBeNull();
    await h.deliver();
    expect(smtp.arrived.length).toBe(1);
  });

  it('gives up on a mailbox that does not exist, lists the failure without the address, and the card says so', async () => {
    await start('en');
    smtp.unknownRecipients.add(ADDRESS);
    await file();
    await h.deliver();
    const failed = (await listUndelivered(getDb().prisma)).filter((n) => n.kind === 'complainant.message');
    expect(failed).toHaveLength(1);
    expect(failed[0]!.failedAt).not.toBeNull();
    expect(failed[0]!.attempts).toBe(1);
    expect(failed[0]!.lastError).toContain('550');
    const listed = JSON.stringify(failed, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v));
    expect(listed).not.toContain(ADDRESS);
    expect(listed).not.toContain('li.hua');
    expect(cardUpdates().at(-1)).toContain('*Complainant* not reached by e-mail (Mon 30 Nov, 10:00 (GMT+8))');
  });

  it('sends nothing to a customer reached by phone when only e-mail is configured, nor for a complaint from a colleague', async () => {
    await start('en');
    await file({ customerContact: '13812345678' });
    await h.pledge.services.fileComplaint({ filerId: 'UFILER', submissionKey: 'k-colleague', draft: draft() });
    await h.deliver();
    expect(await getDb().prisma.notification.count({ where: { kind: 'complainant.message' } })).toBe(0);
    expect(smtp.arrived.length).toBe(0);
  });
});
