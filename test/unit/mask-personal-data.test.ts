import { describe, expect, it } from 'vitest';
import type { ComplaintCard } from '../../src/domain/complaint';
import { maskIdCard, maskPersonalData } from '../../src/domain/mask';
import { complaintCard } from '../../src/slack/blocks/complaint-card';

describe('maskPersonalData', () => {
  it.each([
    // Chinese mobile numbers, wherever they stand
    ['客户手机13812345678，请回电', '客户手机138****5678，请回电'],
    ['138 1234 5678', '138****5678'],
    ['138-1234-5678 or +86 138-1234-5678', '138****5678 or +861******5678'],
    ['tel13812345678x', 'tel138****5678x'],
    // other phone numbers: 7 to 15 digits
    ['call +44 20 7946 0958 today', 'call +442*****0958 today'],
    ['phone: 0086 10 1234 5678', 'phone: 008*******5678'],
    ['(555) 123-4567', '555****567'],
    ['555.123.4567', '555****567'],
    ['tel:020-12345678', 'tel:020****5678'],
    ['座机 010 8888 6666。', '座机 010****6666。'],
    // e-mail addresses
    ['mail Bob.Smith@Example.com now', 'mail B***@Example.com now'],
    ['13812345678@qq.com', '1***@qq.com'],
    // resident ID numbers, 18 characters, the last may be X
    ['身份证110101199003071234', '身份证110***********1234'],
    ['id 11010119900307123X.', 'id 110***********123X.'],
    ['id 11010119900307123x', 'id 110***********123x'],
  ])('%s -> %s', (text, expected) => {
    expect(maskPersonalData(text)).toBe(expected);
  });

  it.each([
    ['references', 'see PLG-2026-000123 and PLG-2026-1234567'],
    ['dates and times', 'filed 2026-11-28 10:00, due 28.11.2026, 2026年11月28日'],
    ['short numbers', 'paid 268 twice, room 123456'],
    ['amounts', 'refund ¥1234567.89, total 1 000 000'],
    ['addresses and versions', 'host 192.168.100.200 v1.2.3'],
    ['numbers glued to words', 'SKU abc12345678 and 12345678abc, order#12345678'],
    ['Slack timestamps (too many digits)', 'ts 1700000000.000100'],
    ['numbers in paths', 'https://example.com/orders/12345678'],
    ['nothing at all', ''],
    ['text without digits', '<!channel> *bold* <https://evil|click>'],
    ['an 18-digit number that is no ID (month 13)', '110101199013071234'],
  ])('leaves %s alone', (_what, text) => {
    expect(maskPersonalData(text)).toBe(text);
  });

  it('masks several kinds in one text, and masking twice changes nothing more', () => {
    const text = 'Li Lei (13812345678, li.lei@example.cn, ID 110101199003071234) called at 2026-11-28 10:00';
    const once = maskPersonalData(text);
    expect(once).toBe('Li Lei (138****5678, l***@example.cn, ID 110***********1234) called at 2026-11-28 10:00');
    expect(maskPersonalData(once)).toBe(once);
    for (const secret of ['13812345678', 'li.lei@', '19900307']) expect(once).not.toContain(secret);
  });

  it('never lets a 7-to-15-digit phone through, however it is separated', () => {
    for (let n = 7; n <= 15; n += 1) {
      const digits = '9'.repeat(n);
      for (const sep of ['', ' ', '-', '.']) {
        const grouped = digits.replace(/(\d{4})(?=\d)/g, `$1${sep}`);
        if (/^\d+\.\d+$/.test(grouped)) continue; // 9999.999 reads as a decimal, by design
        const masked = maskPersonalData(`call ${grouped} now`);
        expect(masked, grouped).toMatch(/\*{4,}/);
        expect(masked).not.toContain(digits);
      }
    }
  });
});

describe('maskIdCard', () => {
  it('keeps three leading and four trailing characters', () => {
    expect(maskIdCard('110101199003071234')).toBe('110***********1234');
  });
});

describe('the channel card masks personal data typed into free text', () => {
  // Only what the card shows of free text matters here; other fields grow with the lifecycle.
  const card = {
    id: 'c1',
    reference: 'PLG-2026-000123',
    title: 'Call back 13812345678',
    details: 'Customer (li.lei@example.cn, ID 110101199003071234) asks for a refund, PLG-2026-000100 was about the same order.',
    category: 'billing',
    priority: 'normal',
    source: 'phone',
    status: 'new',
    filerId: 'UFILER',
    ownerId: 'UOWN1',
    firstContactId: null,
    groupId: 'billing',
    groupName: 'Billing',
    filedAt: new Date('2026-11-30T02:00:00Z'),
    acceptedAt: null,
    ackDueAt: null,
    customerName: null,
    maskedContact: null,
    originPermalink: null,
  } as ComplaintCard;

  it('in the header, the excerpt and the notification text, keeping references', () => {
    const message = complaintCard({ locale: 'en', timeZone: 'Asia/Shanghai', card });
    const all = JSON.stringify(message);
    for (const secret of ['13812345678', 'li.lei@', '110101199003071234']) expect(all).not.toContain(secret);
    expect(message.text).toContain('Call back 138****5678');
    expect(JSON.stringify(message.blocks[0])).toContain('PLG-2026-000123 · Call back 138****5678');
    expect(all).toContain('l***@example.cn');
    expect(all).toContain('110***********1234');
    expect(all).toContain('PLG-2026-000100');
  });
});
