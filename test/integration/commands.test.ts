import { beforeEach, describe, expect, it } from 'vitest';
import { describeEachDb } from '../support/db';
import { complaintSubmission, useHarness, zhConfig } from '../support/pledge-harness';
import type { RecordedCall } from '../support/slack-stand-in';

type Block = { type: string; text?: { text: string }; elements?: { text: string }[] };
const NOT_FOUND = "That complaint doesn't exist, or you can't see it.";
const INVALID = 'Some of what you entered is not valid. Please check and try again.';

/** Every text in a message's blocks, in order: what a person would read. */
const texts = (call: RecordedCall) =>
  (call.args.blocks as Block[]).flatMap((b) => [b.text?.text ?? '', ...(b.elements ?? []).map((e) => e.text)]).filter(Boolean);

describeEachDb('/complaint subcommands', (getDb) => {
  const h = useHarness(getDb);
  const settle = h.settle;

  /** Runs the command and returns the one reply posted to its response_url. */
  async function reply(text: string, userId: string): Promise<RecordedCall> {
    const before = h.standIn.callsTo('response_url').length;
    const res = await h.command(text, userId);
    expect(res.status).toBe(200);
    expect(res.body).toBe(''); // acked empty; the answer goes to the response_url
    await settle();
    const replies = h.standIn.callsTo('response_url').slice(before);
    expect(replies).toHaveLength(1);
    expect(replies[0]!.args.response_type).toBe('ephemeral');
    expect(h.standIn.callsTo('views.open')).toHaveLength(0);
    return replies[0]!;
  }

  async function file(filerId: string, values: Parameters<typeof complaintSubmission>[1] = {}) {
    expect((await h.interact(complaintSubmission(filerId, values))).status).toBe(200);
    await h.settle(); // stored after its ack
    return h.db.prisma.complaint.findFirstOrThrow({ where: { filerId }, orderBy: { seq: 'desc' } });
  }

  it.each(['help', 'HELP', 'frobnicate the widgets', 'show'])('"/complaint %s" answers with the help, privately', async (text) => {
    const call = await reply(text, 'UANY');
    expect(call.args.text).toBe('How to use Pledge (/complaint)');
    const lines = texts(call).join('\n');
    expect(lines).toContain('Pledge: complaints handled on time');
    expect(lines).toContain('`/complaint mine` lists complaints you filed or own.');
    expect(lines).toContain('`/complaint show &lt;reference&gt;` shows one complaint in full.');
  });

  it('mine lists what the caller filed and what they own, each with its status', async () => {
    const own = await file('UOWN1', { title: 'Wrong tariff', category: 'service' }); // owned by USRV1
    const first = await file('UFILER', { title: 'Charged twice' });
    const second = await file('UFILER', { title: 'Refund late', category: 'refunds' });
    const mineOwned = [first, second].find((c) => c.ownerId === 'UOWN1')!;
    expect(mineOwned).toBeDefined();
    await h.pledge.services.acceptComplaint({ complaintId: mineOwned.id, actorId: 'UOWN1' });

    const call = await reply('mine', 'UOWN1');
    expect(call.args.text).toBe('Your complaints');
    const blocks = call.args.blocks as Block[];
    const divider = blocks.findIndex((b) => b.type === 'divider');
    const filedPart = texts({ ...call, args: { blocks: blocks.slice(0, divider) } });
    const ownedPart = texts({ ...call, args: { blocks: blocks.slice(divider + 1) } });
    expect(filedPart).toEqual(['Your complaints', '*Filed by you*', `*${own.reference}* Wrong tariff · _New_`]);
    expect(ownedPart).toEqual(['*Owned by you*', `*${mineOwned.reference}* ${mineOwned.title} · _Accepted_`]);

    const filer = await reply('mine', 'UFILER');
    expect(texts(filer)).toEqual([
      'Your complaints',
      '*Filed by you*',
      `*${second.reference}* Refund late · _New_`, // latest first
      `*${first.reference}* Charged twice · _${first.id === mineOwned.id ? 'Accepted' : 'New'}_`,
      '*Owned by you*',
      'You own no complaints.',
    ]);
  });

  it('mine for someone with nothing says so', async () => {
    await file('UFILER');
    expect(texts(await reply('mine', 'UNOBODY'))).toEqual([
      'Your complaints',
      '*Filed by you*',
      'You have not filed any complaints.',
      '*Owned by you*',
      'You own no complaints.',
    ]);
  });

  describe('show', () => {
    let ref: string;
    let ownerId: string;
    beforeEach(async () => {
      const c = await file('UFILER', { title: 'Charged twice', details: 'Card charged twice on 28 Nov', customerName: 'Li Lei', customerContact: '13812345678' });
      ref = c.reference;
      ownerId = c.ownerId;
      expect(ref).toBe('PLG-2026-000001');
    });

    it.each([['filer'], ['owner'], ['leader'], ['supervisor']])('shows the detail to the %s, contact masked', async (role) => {
      const user = { filer: 'UFILER', owner: ownerId, leader: 'ULEAD1', supervisor: 'USUP1' }[role]!;
      const call = await reply(`show ${ref}`, user);
      expect(call.args.text).toBe('Complaint PLG-2026-000001: Charged twice');
      const all = JSON.stringify(call.args);
      expect(all).toContain('PLG-2026-000001 · Charged twice');
      expect(all).toContain('Card charged twice on 28 Nov');
      expect(all).toContain(`<@${ownerId}>`);
      expect(all).toContain('Li Lei');
      expect(all).toContain('138****5678');
      expect(all).not.toContain('13812345678');
    });

    it('accepts the reference in lower case', async () => {
      expect((await reply('show plg-2026-000001', 'UFILER')).args.text).toBe('Complaint PLG-2026-000001: Charged twice');
    });

    it.each(['USTRANGER', 'ULEAD2', 'USRV1'])('answers %s (no role here) exactly as it answers a reference that does not exist', async (user) => {
      const hidden = await reply(`show ${ref}`, user);
      const missing = await reply('show PLG-2026-999999', user);
      expect(hidden.args.text).toBe(NOT_FOUND);
      const { _path: _a, ...hiddenBody } = hidden.args;
      const { _path: _b, ...missingBody } = missing.args;
      expect(hiddenBody).toEqual(missingBody);
      expect(JSON.stringify(hidden.args)).not.toContain('Charged twice');
    });

    it.each(['PLG-2026-1', 'PLG-26-000001', 'DROP TABLE', 'PLG-2026-00000x'])('answers a malformed reference "%s" with a clean error', async (bad) => {
      const call = await reply(`show ${bad}`, 'UFILER');
      expect(call.args).toMatchObject({ response_type: 'ephemeral', replace_original: false, text: INVALID });
    });
  });
});

describeEachDb('/complaint in zh-CN', (getDb) => {
  const h = useHarness(getDb, async () => ({ config: await zhConfig() }));
  const settle = h.settle;

  it.each(['help', '帮助', 'whatever'])('"/complaint %s" answers with the Chinese help', async (text) => {
    await h.command(text, 'UANY');
    await settle();
    const [call] = h.standIn.callsTo('response_url');
    expect(call!.args.response_type).toBe('ephemeral');
    expect(call!.args.text).toBe('Pledge 使用说明 (/complaint)');
    const lines = texts(call!).join('\n');
    expect(lines).toContain('Pledge：投诉限时处理');
    expect(lines).toContain('`/complaint mine` 列出您登记或承办的投诉。');
  });

  it('says "not found" in Chinese', async () => {
    await h.command('查看 PLG-2026-000042', 'UANY');
    await settle();
    expect(h.standIn.callsTo('response_url').map((c) => c.args.text)).toEqual(['找不到这条投诉，或您无权查看。']);
  });
});
