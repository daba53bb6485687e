import type { ContactKind } from './complaint';

/**
 * Customer contact details are personal data: chat messages only ever carry
 * the masked form, and only the contact store holds the normalised value.
 */
export interface Contact {
  kind: ContactKind;
  value: string;
}

const PHONE_CHARS = /^\+?[\d\s().-]+$/;
const PHONE_MIN_DIGITS = 7;
const PHONE_MAX_DIGITS = 15; // E.164
// Deliberately modest: a dot-separated domain with a TLD, no quoted local parts or IP literals.
const EMAIL =
  /^([A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*)@((?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63})$/;
const EMAIL_MAX = 254;

/**
 * Phone: an optional leading +, digits, spaces, dashes, dots, parentheses; 7–15
 * digits. Normalised to `+` (if given) and digits. Email: normalised with a
 * lower-cased domain; the local part keeps its case, as the RFC allows it to matter.
 */
export function classifyContact(raw: string): Contact | undefined {
  const text = raw.trim();
  if (text === '') return undefined;
  if (text.includes('@')) {
    const match = text.length <= EMAIL_MAX ? EMAIL.exec(text) : null;
    if (!match) return undefined;
    return { kind: 'email', value: `${match[1]}@${match[2]?.toLowerCase()}` };
  }
  if (!PHONE_CHARS.test(text)) return undefined;
  const digits = text.replace(/\D/g, '');
  if (digits.length < PHONE_MIN_DIGITS || digits.length > PHONE_MAX_DIGITS) return undefined;
  return { kind: 'phone', value: `${text.startsWith('+') ? '+' : ''}${digits}` };
}

/**
 * Keeps the first 3 and last 4 digits of a long number (138****5678). Short
 * numbers hide at least 4 digits and split what remains between both ends,
 * so a 7-digit number shows only 3.
 */
export function maskPhone(value: string): string {
  const plus = value.trim().startsWith('+') ? '+' : '';
  const digits = value.replace(/\D/g, '');
  const hidden = Math.min(digits.length, Math.max(digits.length - 7, 4));
  const visible = digits.length - hidden;
  const end = Math.min(4, Math.ceil(visible / 2));
  const start = visible - end;
  return `${plus}${digits.slice(0, start)}${'*'.repeat(hidden)}${digits.slice(digits.length - end)}`;
}

/** Always three stars, so the mask does not reveal the local part's length. */
export function maskEmail(value: string): string {
  const at = value.lastIndexOf('@');
  if (at < 0) return '***';
  const local = value.slice(0, at);
  return `${local.slice(0, 1)}***@${value.slice(at + 1)}`;
}

export function maskContact(kind: ContactKind, value: string): string {
  return kind === 'phone' ? maskPhone(value) : maskEmail(value);
}

// ---- personal data inside free text -------------------------------------------------------
//
// Titles, details and notes are free text that someone may paste a customer's number into.
// Before such text goes to a CHANNEL it passes through maskPersonalData. It errs towards
// masking: an order number of 7-15 digits is masked too, which costs less than a leaked phone.
// One regex, one pass, alternatives tried in this order at each position:
//   date     left alone (2026-11-28, 28.11.2026 10:00), so it never reads as a phone number
//   email    a***@example.com
//   idCard   Chinese resident ID: 6-digit region, birth date, 3 digits, check digit or X
//   cnMobile 1[3-9] and 9 more digits (spaces/dashes allowed, +86 optional), wherever it stands
//   phone    7-15 digits with + or 00 optional and spaces, dots, dashes, parentheses between,
//            not glued to a word, a reference (PLG-2026-000123), a path or another number

const DATE = String.raw`\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?(?:[ T]\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?|\d{1,2}[-/.]\d{1,2}[-/.]\d{4}`;
const EMAIL_IN_TEXT = String.raw`[A-Za-z0-9._%+-]+@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}`;
const ID_CARD = String.raw`(?<!\d)\d{6}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![\dXx])`;
const CN_MOBILE = String.raw`(?<!\d)(?:(?:\+|00)?86[ -]?)?1[3-9]\d(?:[ -]?\d{4}){2}(?!\d)`;
const PHONE_IN_TEXT = String.raw`(?<![\w/#.+\-])(?:\+|00)?\(?\d(?:[\d ().-]*\d)?(?![\w])`;
const PERSONAL_DATA = new RegExp(
  `(?<date>${DATE})|(?<email>${EMAIL_IN_TEXT})|(?<idCard>${ID_CARD})|(?<cnMobile>${CN_MOBILE})|(?<phone>${PHONE_IN_TEXT})`,
  'g',
);

/** A decimal (1234567.89), a dotted quad (192.168.100.200) or thousands (1 000 000) is not a phone number. */
const NOT_A_PHONE = /^\d+\.\d+$|^\d{1,3}(?:\.\d{1,3}){3}$|^\d{1,3}(?: \d{3})+$/;

export function maskIdCard(value: string): string {
  return `${value.slice(0, 3)}${'*'.repeat(Math.max(0, value.length - 7))}${value.slice(-4)}`;
}

/** Masks phone numbers, e-mail addresses and Chinese resident ID numbers inside free text. */
export function maskPersonalData(text: string): string {
  return text.replace(PERSONAL_DATA, (match, ...args) => {
    const groups = args.at(-1) as Record<'date' | 'email' | 'idCard' | 'cnMobile' | 'phone', string | undefined>;
    if (groups.email) return maskEmail(match);
    if (groups.idCard) return maskIdCard(match);
    if (groups.cnMobile) return maskPhone(match);
    if (groups.phone) {
      const digits = match.replace(/\D/g, '').length;
      if (digits < PHONE_MIN_DIGITS || digits > PHONE_MAX_DIGITS || NOT_A_PHONE.test(match)) return match;
      // "(13812345678": the parenthesis belongs to the sentence, not to the number.
      const open = match.startsWith('(') && !match.includes(')') ? '(' : '';
      return open + maskPhone(match);
    }
    return match; // a date
  });
}
