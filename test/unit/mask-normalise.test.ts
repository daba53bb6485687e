/**
 * Masking sees through the ways people actually type numbers and addresses: full-width digits
 * from a Chinese input method, digits split by spaces, dashes, slashes or invisible characters,
 * e-mail addresses with non-ASCII local parts. Examples first, then properties over generated
 * spellings (fast-check; a failure prints the seed and the smallest input that fails). What
 * masking keeps of a number (its first and last digits) and the text around it stay as typed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyContact, maskPersonalData } from '../../src/domain/mask';

const ZWSP = '\u200B';

describe('maskPersonalData normalises before matching', () => {
  it.each([
    ['full-width digits', '客户手机１３８１２３４５６７８，请回电', '客户手机１３８****５６７８，请回电'],
    ['full-width, grouped by ideographic spaces', '电话：１３８　１２３４　５６７８', '电话：１３８****５６７８'],
    ['split by zero-width spaces', `call 138${ZWSP}1234${ZWSP}5678 now`, `call 138${ZWSP}****${ZWSP}5678 now`],
    ['split by slashes', '手机 138/1234/5678', '手机 138****5678'],
    ['split by full-width dashes', '手机 138－1234－5678', '手机 138****5678'],
    ['split by en and em dashes', 'tel 138–1234—5678', 'tel 138****5678'],
    ['grouped like thousands', 'call 13 812 345 678 back', 'call 138****5678 back'],
    ['an ID number with spaces', '身份证 110101 19900307 1234', '身份证 110***********1234'],
    ['an ID number with full-width digits and X', '身份证１１０１０１１９９００３０７１２３Ｘ。', '身份证１１０***********１２３Ｘ。'],
    ['an ID number with dashes', 'ID 110101-19900307-123x', 'ID 110***********123x'],
    ['a Chinese local part', '邮箱 张三@example.com 谢谢', '邮箱 张***@example.com 谢谢'],
    ['a local part with accents', 'mail josé.garcía@example.es', 'mail j***@example.es'],
    ['a full-width at sign', 'mail li.lei＠example.cn', 'mail l***＠example.cn'],
    ['a zero-width space inside an address', `mail li${ZWSP}.lei@example.cn`, 'mail l***@example.cn'],
  ])('%s: %s', (_what, text, expected) => {
    expect(maskPersonalData(text)).toBe(expected);
  });

  it.each([
    ['full-width punctuation', '客户说：“已经等了三天了！”（第二次投诉）'],
    ['a full-width date', '２０２６年１１月２８日 下午到店'],
    ['a reference with full-width digits', '见 PLG-２０２６-０００１２３'],
    ['short full-width numbers', '退款２６８元，房间１２３４５６'],
  ])('leaves %s as typed', (_what, text) => {
    expect(maskPersonalData(text)).toBe(text);
  });
});

describe('classifyContact normalises too', () => {
  it.each([
    ['１３８１２３４５６７８', { kind: 'phone', value: '13812345678' }],
    [`138${ZWSP}1234${ZWSP}5678`, { kind: 'phone', value: '13812345678' }],
    ['138／1234／5678', { kind: 'phone', value: '13812345678' }],
    ['张三＠Example.COM', { kind: 'email', value: '张三@example.com' }],
  ])('%s', (raw, expected) => {
    expect(classifyContact(raw)).toEqual(expected);
  });
});

// ---- generated spellings -------------------------------------------------------------------

/** ０-９ and Ｘ: the ASCII character moved into the full-width block. */
const FULL_WIDTH = (c: string) => String.fromCharCode(c.charCodeAt(0) + 0xfee0);
/** What people put between digits: nothing, spaces of every width, dashes, slashes, invisibles. */
const SEPARATORS = ['', '', '', ' ', '  ', '-', '/', '\u3000', '\u00A0', '－', '／', '–', '—', '\u2212', ZWSP, '\u200C', '\u200D', '\u2060', '\uFEFF'];
const CONTEXT_BEFORE = ['', '客户手机', '电话：', '联系 ', '（', 'call ', '请拨 ', '号码是'];
const CONTEXT_AFTER = ['', '，请回电', '。', '）', ' now', '！谢谢', ' 或者晚上打'];

/** The digits a reader could still see, whatever their width (NFKC makes ０-９ into 0-9). */
const visibleDigits = (s: string) => s.normalize('NFKC').replace(/\D/g, '');

/** Digits written one by one, each maybe full-width, each gap maybe a separator. */
function spelled(digits: string): fc.Arbitrary<string> {
  return fc
    .tuple(
      fc.array(fc.boolean(), { minLength: digits.length, maxLength: digits.length }),
      fc.array(fc.constantFrom(...SEPARATORS), { minLength: digits.length - 1, maxLength: digits.length - 1 }),
    )
    .map(([wide, gaps]) => [...digits].map((d, i) => (wide[i] ? FULL_WIDTH(d) : d) + (gaps[i] ?? '')).join(''));
}

const digitString = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((a) => a.join(''));
const cnMobile = fc.tuple(fc.integer({ min: 3, max: 9 }), digitString(9)).map(([second, rest]) => `1${second}${rest}`);

/** A resident ID number: region, a real birth date, sequence, check character. */
const idNumber = fc
  .tuple(digitString(6), fc.date({ min: new Date('1920-01-01T00:00:00Z'), max: new Date('2025-12-31T00:00:00Z'), noInvalidDate: true }), digitString(3), fc.constantFrom(...'0123456789X'))
  .map(([region, born, seq, check]) => `${region}${born.toISOString().slice(0, 10).replace(/-/g, '')}${seq}${check}`);

const context = fc.tuple(fc.constantFrom(...CONTEXT_BEFORE), fc.constantFrom(...CONTEXT_AFTER));

describe('properties over generated spellings', () => {
  it('a Chinese mobile number, however spelled and wherever it stands, shows at most 7 of its 11 digits', () => {
    fc.assert(
      fc.property(cnMobile.chain((n) => spelled(n).map((s) => [n, s] as const)), context, ([number, written], [before, after]) => {
        const masked = maskPersonalData(`${before}${written}${after}`);
        expect(masked).toContain('****');
        expect(visibleDigits(masked).length).toBeLessThanOrEqual(7);
        expect(visibleDigits(masked)).not.toContain(number);
        // The words around it stay exactly as typed.
        expect(masked.startsWith(before) && masked.endsWith(after)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('an ID number, however spelled, never shows its birth date', () => {
    fc.assert(
      fc.property(idNumber.chain((n) => spelled(n).map((s) => [n, s] as const)), context, ([id, written], [before, after]) => {
        const masked = maskPersonalData(`${before}${written}${after}`);
        expect(visibleDigits(masked)).not.toContain(id.slice(6, 14));
        expect(visibleDigits(masked).length).toBeLessThanOrEqual(7);
        expect(masked.startsWith(before) && masked.endsWith(after)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  const localChar = fc.constantFrom(...'abcxyz019._+-张三李四王小明éüñçжиюαβ');
  const local = fc
    .array(localChar, { minLength: 2, maxLength: 12 })
    .map((a) => a.join(''))
    .filter((s) => /^[^._+-]/.test(s) && !/[.]$/.test(s) && !s.includes('..'));
  const domain = fc.constantFrom('example.com', 'qq.com', '163.com', 'mail.example.cn', 'gov.cn');

  it('an e-mail address, with any local part and either at sign, never shows its local part', () => {
    fc.assert(
      fc.property(local, domain, fc.constantFrom('@', '＠'), fc.constantFrom(' ', '：', '（'), fc.constantFrom(' ', '，', '）', ''), (name, host, at, before, after) => {
        fc.pre(!host.includes(name));
        const masked = maskPersonalData(`邮箱${before}${name}${at}${host}${after}谢谢`);
        expect(masked).toContain(`***${at}${host}`);
        expect(masked).not.toContain(name);
      }),
      { numRuns: 500 },
    );
  });

  /** Text with no digits and no at sign: CJK, Latin, full-width punctuation, spaces, invisibles. */
  const plainText = fc
    .array(fc.constantFrom(...'投诉客户说已经等了三天请回电谢谢abc XYZ，。：；！？“”（）【】、—－／　 .,:;!?()[]/-_*~`<>&\u200B'), { maxLength: 80 })
    .map((a) => a.join(''));

  it('text without digits or an at sign comes back exactly as typed', () => {
    fc.assert(
      fc.property(plainText, (text) => {
        expect(maskPersonalData(text)).toBe(text);
      }),
      { numRuns: 500 },
    );
  });

  // Pieces apart (a comma between): numbers run together with no word between them are
  // masked group by group, and which groups is not meant to be stable under a second pass.
  it('masking twice changes nothing more', () => {
    const piece = fc.oneof(plainText, cnMobile.chain(spelled), idNumber.chain(spelled), fc.tuple(local, domain).map(([l, d]) => ` ${l}@${d} `));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 5 }), (pieces) => {
        const once = maskPersonalData(pieces.join('，'));
        expect(maskPersonalData(once)).toBe(once);
      }),
      { numRuns: 500 },
    );
  });
});
