/**
 * A notice as a WeCom member reads it (markdown): the complaint first, then the news, in both
 * languages; whatever a person typed shows as typed and never becomes WeCom markup.
 */
import { describe, expect, it } from 'vitest';
import { escapeMarkdown, noticeMarkdown } from '../../src/wecom/markup';

const card = { reference: 'PLG-2026-000123', title: 'Charged twice' };
const o = { locale: 'en' as const, timeZone: 'Asia/Shanghai' };

describe('WeCom markdown', () => {
  it('renders a notice: the complaint in bold, then the line with its quoted text', () => {
    const result = { key: 'notice.result', params: { text: 'Refunded 30 yuan', basis: 'Billing rule 4.2' } };
    expect(noticeMarkdown(o, card, result).markdown.content).toBe(
      '**PLG-2026-000123** · Charged twice\nYour complaint is resolved. Result:\n> Refunded 30 yuan\nBasis:\n> Billing rule 4.2',
    );
    expect(noticeMarkdown({ ...o, locale: 'zh-CN' }, { ...card, title: '重复扣费' }, result).markdown.content).toBe(
      '**PLG-2026-000123** · 重复扣费\n您的投诉已办结。处理结果：\n> Refunded 30 yuan\n处理依据：\n> Billing rule 4.2',
    );
  });

  it('shows people by their UserID and typed markup as typed, inert', () => {
    const line = { key: 'notice.rejection_declined', params: { actor: 'li*si', text: '**urgent** <font color="warning">x</font> [link](http://evil) $userName=boss$\n# heading' } };
    expect(noticeMarkdown(o, { ...card, title: '<b>[x]</b>' }, line).markdown.content).toBe(
      '**PLG-2026-000123** · ＜b＞［x］＜/b＞\nli＊si declined to reject the complaint; please carry on with it.\n> ＊＊urgent＊＊ ＜font color="warning"＞x＜/font＞ ［link］(http://evil) ＄userName=boss＄\n> ＃ heading',
    );
    expect(escapeMarkdown('`code`')).toBe('｀code｀');
  });

  it('keeps a message within WeCom\'s 2048 bytes', () => {
    const line = { key: 'notice.result', params: { text: '很长'.repeat(2000), basis: '依据' } };
    expect(Buffer.byteLength(noticeMarkdown({ ...o, locale: 'zh-CN' }, card, line).markdown.content)).toBeLessThanOrEqual(2048);
  });
});
