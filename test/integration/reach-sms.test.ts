/**
 * SMS to the complainant through Tencent Cloud SMS's official SDK, pointed at a local stand-in
 * of the provider's API that checks every request's TC3-HMAC-SHA256 signature: the approved
 * template and its values, no SMS at night but for urgent complaints, a daily cap per number,
 * and a refused request given up on, shown on the card, without the number in what is listed.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { listUndelivered } from '../../src/db/outbox';
import { tencentSender } from '../../src/reach/sms-tencent';
import { openComplaintPageLink } from '../../src/services/complaint-page-link';
import { describeEachDb } from '../support/db';
import { messageAsText } from '../support/message-text';
import { harnessPerTest, TEST_CONFIG_YAML, testConfig, type Harness } from '../support/pledge-harness';
import { draft } from '../support/services';
import { startTencentSmsStandIn, TENCENT_APP_ID, TENCENT_SECRET_ID, TENCENT_SECRET_KEY, type TencentSmsStandIn } from '../support/tencent-sms-stand-in';

// The approved templates (id: how many values each takes), as README "Reaching complainants" words them.
const TEMPLATES = { '2000001': 3, '2000002': 2, '2000004': 2, '2000005': 3, '2000006': 2, '2000007': 2, '2000008': 2 };
const at = (local: string) => new Date(`${local}+08:00`);

function smsYaml(endpoint: string, dailyCap = 5) {
  return `${TEST_CONFIG_YAML.replace('locale: en', 'locale: zh-CN')}
reach:
  organisation: { en: Acme Water, zh-CN: 某某水务 }
  sms:
    provider: tencent
    endpoint: ${endpoint}
    appId: "${TENCENT_APP_ID}"
    signName: 某某水务
    templates: { registered: 2000001, accepted: 2000002, question: 2000004, extension: 2000005, extended: 2000006, result: 2000007, rejected: 2000008 }
    dailyCap: ${dailyCap}
`;
}

describeEachDb('SMS to the complainant (Tencent Cloud)', (getDb) => {
  let sms: TencentSmsStandIn;
  let h: Harness | undefined;

  async function start(now: Date, options: { dailyCap?: number; secretKey?: string } = {}) {
    const config = await testConfig(smsYaml(sms.endpoint, options.dailyCap));
    h = await harness.start({
      now,
      config,
      reach: { sms: tencentSender(config.reach!.sms!, { secretId: TENCENT_SECRET_ID, secretKey: options.secretKey ?? TENCENT_SECRET_KEY }, { agent: sms.agent }) },
      publicUrl: new URL('https://pledge.example.com/'),
    });
    return h;
  }

  async function file(h: Harness, over: Record<string, string> = {}) {
    const filed = await h.pledge.services.fileComplaint({
      filerId: 'UFILER',
      submissionKey: `k-${Math.random()}`,
      draft: draft({ source: 'phone', customerName: '王伟', customerContact: '138 1234 5678', ...over }),
    });
    if (!filed.ok) throw new Error('filing failed');
    return filed.complaint;
  }

  const cardUpdates = () => h!.standIn.callsTo('chat.update').map((c) => messageAsText(c.args as { text?: string; blocks?: unknown }));
  const complainantRows = () => getDb().prisma.notification.findMany({ where: { kind: 'complainant.message' }, orderBy: { id: 'asc' } });

  beforeEach(async () => {
    sms = await startTencentSmsStandIn(TEMPLATES);
  });
  afterEach(async () => {
    h = undefined;
    await sms.close();
  });
  // Declared after the stand-in's hooks, so Pledge stops before the stand-in closes.
  const harness = harnessPerTest(getDb);

  it('sends the approved template with the reference, the acceptance limit and the page path, signed as the provider checks', async () => {
    const h = await start(at('2026-11-30T10:00:00'));
    const c = await file(h);
    await h.deliver();
    expect(sms.outcomes).toEqual(['Ok']);
    expect(sms.sent).toHaveLength(1);
    const [sent] = sms.sent;
    expect(sent).toMatchObject({ phone: '+8613812345678', templateId: '2000001', signName: '某某水务' });
    expect(sent!.params.slice(0, 2)).toEqual([c.reference, '12月1日（周二）10:00（GMT+8）']);
    // The template holds https://pledge.example.com/ and the value the rest: a working link.
    const token = /^p\/([A-Za-z0-9_-]{43})$/.exec(sent!.params[2]!)![1]!;
    expect(await openComplaintPageLink({ config: h.config, prisma: getDb().prisma }, token, h.clock.now())).toMatchObject({ ok: true, complaintId: c.id });
    expect(cardUpdates().at(-1)).toContain('*投诉人通知* 已通过短信送达，11月30日（周一）10:00（GMT+8）');

    await h.pledge.services.acceptComplaint({ complaintId: c.id, actorId: c.ownerId });
    // No template for progress notes here: that one goes by no SMS at all.
    await h.pledge.services.addNote({ complaintId: c.id, actorId: c.ownerId, note: '已联系银行', toComplainant: true, requestKey: 'n1' });
    await h.deliver();
    expect(sms.sent.map((s) => s.templateId)).toEqual(['2000001', '2000002']);
    expect(sms.sent[1]!.params).toEqual([c.reference, '12月3日（周四）18:00（GMT+8）']);
    expect((await complainantRows()).map((r) => (r.payload as { what: string }).what)).toEqual(['registered', 'accepted']);
    await h.deliver();
    expect(sms.sent).toHaveLength(2);
  });

  it('holds a normal complaint\u2019s SMS through the night and sends an urgent one at once', async () => {
    const h = await start(at('2026-11-30T22:30:00'));
    const normal = await file(h);
    await h.deliver();
    expect(sms.sent).toEqual([]);
    const [held] = await complainantRows();
    expect(held).toMatchObject({ sentAt: null, failedAt: null, attempts: 0 });
    expect(held!.nextAttemptAt).toEqual(at('2026-12-01T08:00:00'));
    // Nothing was said to the complainant yet, so no page link was made for it either.
    expect(await getDb().prisma.pageLink.count()).toBe(0);

    const urgent = await file(h, { priority: 'urgent', customerContact: '13900001111' });
    await h.deliver();
    expect(sms.sent.map((s) => [s.phone, s.params[0]])).toEqual([['+8613900001111', urgent.reference]]);

    h.clock.advance(at('2026-12-01T08:00:00').getTime() - h.clock.now().getTime());
    await h.deliver();
    expect(sms.sent.map((s) => s.params[0])).toEqual([urgent.reference, normal.reference]);
  });

  it('sends one number no more than the daily cap; the rest go the next morning', async () => {
    const h = await start(at('2026-11-30T10:00:00'), { dailyCap: 2 });
    for (let i = 0; i < 3; i++) await file(h, { title: `第${i + 1}件` });
    await h.deliver();
    expect(sms.sent).toHaveLength(2);
    const waiting = (await complainantRows()).filter((r) => !r.sentAt);
    expect(waiting).toHaveLength(1);
    expect(waiting[0]!.nextAttemptAt).toEqual(at('2026-12-01T08:00:00'));
    // The count is kept by a keyed hash: the number itself is nowhere in the outbox.
    expect(JSON.stringify((await complainantRows()).map((r) => r.payload))).not.toMatch(/13812345678|5678/);

    h.clock.advance(at('2026-12-01T08:00:00').getTime() - h.clock.now().getTime());
    await h.deliver();
    expect(sms.sent).toHaveLength(3);
  });

  it('gives up on a request the provider refuses (a bad signature), says so on the card, and lists it without the number', async () => {
    const h = await start(at('2026-11-30T10:00:00'), { secretKey: 'not-the-secret-key' });
    await file(h);
    await h.deliver();
    expect(sms.outcomes).toEqual(['AuthFailure.SignatureFailure']);
    expect(sms.sent).toEqual([]);
    const failed = (await listUndelivered(getDb().prisma)).filter((n) => n.kind === 'complainant.message');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ attempts: 1 });
    expect(failed[0]!.failedAt).not.toBeNull();
    expect(failed[0]!.lastError).toContain('AuthFailure.SignatureFailure');
    expect(failed[0]!.lastError).not.toMatch(/1381234|5678/);
    expect(cardUpdates().at(-1)).toContain('*投诉人通知* 短信发送失败（11月30日（周一）10:00（GMT+8））');
  });
});
