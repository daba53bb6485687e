/**
 * What complainants read, in both locales: every message as its e-mail (subject and text) and
 * its SMS template's values, kept in test/unit/__messages__/reach.<locale>.txt for review.
 */
import { describe, expect, it } from 'vitest';
import { REACH_KINDS, type ReachKind } from '../../src/domain/reach';
import { emailMessage, smsParams, type ReachFacts } from '../../src/reach/messages';

const PARAMS: Record<ReachKind, Record<string, string>> = {
  registered: { ackDue: '2026-12-01T02:00:00Z', solutionDue: '2026-12-03T10:00:00Z' },
  accepted: { solutionDue: '2026-12-03T10:00:00Z' },
  progress: { text: 'The refund is on its way to your bank.' },
  question: { text: 'Which card was charged?' },
  extension: { due: '2026-12-08T10:00:00Z', text: 'the bank needs five more days' },
  extended: { due: '2026-12-08T10:00:00Z' },
  result: { text: 'We refunded the second charge.', basis: 'The bank statement shows it twice.', days: '15' },
  rejected: { text: 'The charge was for an order you placed.', days: '15' },
};

const PARAMS_ZH: Record<ReachKind, Record<string, string>> = {
  ...PARAMS,
  progress: { text: '退款已退回您的银行账户，请注意查收。' },
  question: { text: '请问被扣费的是哪一张银行卡？' },
  extension: { due: '2026-12-08T10:00:00Z', text: '银行核查还需五个工作日' },
  result: { text: '已退还重复扣除的款项。', basis: '银行流水显示同一笔订单扣费两次。', days: '15' },
  rejected: { text: '该笔扣费对应您本人下的订单。', days: '15' },
};

const facts = (kind: ReachKind, locale: 'en' | 'zh-CN', over: Partial<ReachFacts> = {}): ReachFacts => ({
  kind,
  locale,
  timeZone: 'Asia/Shanghai',
  organisation: locale === 'en' ? 'Acme Water' : '某某水务',
  reference: 'PLG-2026-000123',
  title: locale === 'en' ? 'Charged twice' : '重复扣费',
  name: locale === 'en' ? 'Li Hua' : '李华',
  params: (locale === 'en' ? PARAMS : PARAMS_ZH)[kind],
  link: 'https://pledge.example.com/c/Zm9vYmFy',
  ...over,
});

describe.each(['en', 'zh-CN'] as const)('messages to the complainant (%s)', (locale) => {
  it('reads as kept in __messages__', async () => {
    const out = REACH_KINDS.map((kind) => {
      const m = emailMessage(facts(kind, locale));
      return `### ${kind}\nSubject: ${m.subject}\n${m.text}SMS: ${JSON.stringify(smsParams(facts(kind, locale)))}\n`;
    });
    await expect(out.join('\n')).toMatchFileSnapshot(`__messages__/reach.${locale}.txt`);
  });

  it('names the organisation and the reference in every subject, and says dates in the local zone', () => {
    for (const kind of REACH_KINDS) {
      const m = emailMessage(facts(kind, locale));
      expect(m.subject).toContain(locale === 'en' ? 'Acme Water' : '某某水务');
      expect(m.subject).toContain('PLG-2026-000123');
      expect(m.text).not.toMatch(/\{\w+\}/);
    }
    // 02:00 UTC is 10:00 in Shanghai.
    expect(emailMessage(facts('registered', locale)).text).toContain('10:00');
  });

  it('escapes what the staff typed in the HTML part, and links the page', () => {
    const m = emailMessage(facts('progress', locale, { params: { text: '<script>alert(1)</script> & "more"' } }));
    expect(m.html).not.toContain('<script>');
    expect(m.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;more&quot;');
    expect(m.html).toContain('<a href="https://pledge.example.com/c/Zm9vYmFy">');
  });

  it('without a page, asks for an answer by reply and carries no link', () => {
    const m = emailMessage(facts('question', locale, { link: undefined }));
    expect(m.text).toContain(locale === 'en' ? 'reply to this e-mail' : '回复本邮件');
    expect(m.text).not.toContain('http');
    expect(smsParams(facts('question', locale, { link: undefined }))).toEqual(['PLG-2026-000123', '']);
  });

  it('keeps SMS values short: the reference, a date, the page path', () => {
    for (const kind of REACH_KINDS) {
      for (const value of smsParams(facts(kind, locale))) expect(value.length).toBeLessThanOrEqual(35);
    }
    expect(smsParams(facts('registered', locale))[2]).toBe('c/Zm9vYmFy');
  });
});
