/**
 * The channel card masks personal data however it was typed: full-width digits from a Chinese
 * input method, numbers split by invisible characters, ID numbers in groups, Chinese e-mail
 * local parts. Filed through the real Bolt app over signed HTTP; the card is what the stand-in got.
 */
import { expect, it } from 'vitest';
import { describeEachDb } from '../support/db';
import { complaintSubmission, useHarness } from '../support/pledge-harness';

/** Digits a reader sees, whatever their width. */
const visibleDigits = (s: string) => s.normalize('NFKC').replace(/\D/g, '');

describeEachDb('masking the spellings people type', (getDb) => {
  const h = useHarness(getDb);

  it('the channel card shows none of them; the contact typed in full-width is stored and masked', async () => {
    const res = await h.interact(
      complaintSubmission('UFILER', {
        title: '客户手机１３８１２３４５６７８没人接',
        details: '身份证 110101 19900307 1234，邮箱 张三@example.com，备用 139\u200B8765\u200B4321。',
        category: 'billing',
        customerName: '李雷',
        customerContact: '１３６　１２３４　５６７８',
      }),
    );
    expect(res.status).toBe(200);
    expect(res.body).toBe('');
    await h.settle(); // stored after its ack
    const complaint = await h.db.prisma.complaint.findFirstOrThrow({ include: { contact: true } });
    expect(complaint.contact?.masked).toBe('136****5678');
    await h.deliver();
    const card = h.standIn.callsTo('chat.postMessage').find((c) => c.args.channel === 'CBILLING');
    expect(card).toBeDefined();
    const shown = JSON.stringify([card!.args.text, card!.args.blocks]);
    const digits = visibleDigits(shown);
    for (const secret of ['13812345678', '12345678', '19900307', '87654321', '13612345678']) expect(digits).not.toContain(secret);
    expect(shown).not.toContain('张三@');
    expect(shown).toContain('张***@example.com');
    expect(shown).toContain('１３８****５６７８');
  });
});
