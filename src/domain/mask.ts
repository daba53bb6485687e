import type { ContactKind } from './complaint';
import { normalisedForm, replaceNormalised } from './normalise-text';

/**
 * Customer contact details are personal data: chat messages only ever carry
 * the masked form, and only the contact store holds the normalised value.
 */
export interface Contact {
  kind: ContactKind;
  value: string;
}

const PHONE_CHARS = /^\+?[\d\s()./-]+$/;
const PHONE_MIN_DIGITS = 7;
const PHONE_MAX_DIGITS = 15; // E.164
// Deliberately modest: a dot-separated domain with a TLD, no quoted local parts or IP literals.
// The local part may be in any script (RFC 6531: 张三@example.com); the domain stays ASCII.
const EMAIL =
  /^([\p{L}\p{M}\p{N}!#$%&'*+/=?^_`{|}~-]+(?:\.[\p{L}\p{M}\p{N}!#$%&'*+/=?^_`{|}~-]+)*)@((?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63})$/u;
const EMAIL_MAX = 254;

/**
 * Phone: an optional leading +, digits, spaces, dashes, slashes, dots, parentheses; 7–15
 * digits. Normalised to `+` (if given) and digits. Email: normalised with a
 * lower-cased domain; the local part keeps its case, as the RFC allows it to matter.
 */
export function classifyContact(raw: string): Contact | undefined {
  // Full-width digits and signs, invisible characters and odd dashes, as a Chinese keyboard or a paste gives them.
  const text = normalisedForm(raw).trim();
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
// Matching runs on the text's normal form (normalise-text.ts: full-width digits, invisible
// characters, dashes), and replaces the original spelling; everything else stays as typed.
// One regex, one pass, alternatives tried in this order at each position:
//   date     left alone (2026-11-28, 28.11.2026 10:00), so it never reads as a phone number
//   email    a***@example.com, the local part in any script (张三@example.com)
//   idCard   Chinese resident ID: 6-digit region, birth date, 3 digits, check digit or X
//   phone    7-15 digits with + or 00 optional and spaces, dots, dashes, slashes, parentheses between,
//            not glued to a word, a reference (PLG-2026-000123), a path or another number; also an
//            ID number or a Chinese mobile number written in groups (110101 19900307 1234); a
//            longer run is masked group by group (13812345678 12345678)
//   cnMobile 1[3-9] and 9 more digits (spaces/dashes/slashes allowed, +86 optional), wherever it
//            stands, even glued to a word (tel13812345678)
// A mask's stars count as digits at a number's edges, so masking the text again changes nothing.

const MONTH = String.raw`(?:0?[1-9]|1[0-2])`;
const DAY = String.raw`(?:0?[1-9]|[12]\d|3[01])`;
// A real month and day, and no digits right after: 1990/01/01 234 is a mobile number, not a date.
const DATE = String.raw`(?<!\d)(?:\d{4}[-/.年]${MONTH}[-/.月]${DAY}日?(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?|\d{1,2}[-/.]\d{1,2}[-/.]\d{4})(?![ ./-]*\d)`;
const LOCAL_PART = String.raw`[\p{L}\p{M}\p{N}._%+-]`;
// A number is not one when it starts an address, masked (0***@) or not: a second pass stays a no-op.
const LOCAL_PART_OR_MASKED = String.raw`[\p{L}\p{M}\p{N}._%+*-]`;
const EMAIL_IN_TEXT = String.raw`${LOCAL_PART}+@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}`;
const ID_CARD_BODY = String.raw`\d{6}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx]`;
const ID_CARD = String.raw`(?<!\d)${ID_CARD_BODY}(?![\dXx])`;
const CN_MOBILE = String.raw`(?<![\d*])(?:(?:\+|00)?86[ -]?)?1[3-9]\d(?:[ /-]?\d{4}){2}(?!\d)`;
const PHONE_IN_TEXT = String.raw`(?<![\w/#.+\-*])(?:\+|00)?\(?\d(?:[\d ()./-]*\d)?(?:[ ./-]*[Xx])?(?!\w|${LOCAL_PART_OR_MASKED}*@)`;
const PERSONAL_DATA = new RegExp(
  `(?<date>${DATE})|(?<email>${EMAIL_IN_TEXT})|(?<idCard>${ID_CARD})|(?<phone>${PHONE_IN_TEXT})|(?<cnMobile>${CN_MOBILE})`,
  'gu',
);

/** A decimal (1234567.89), a dotted quad (192.168.100.200) or thousands (1 000 000) is not a phone number. */
const NOT_A_PHONE = /^\d+\.\d+$|^\d{1,3}(?:\.\d{1,3}){3}$|^\d{1,3}(?: \d{3})+$/;
const ID_CARD_ONLY = new RegExp(`^${ID_CARD_BODY}$`);
/** Digits that are a Chinese mobile number are one, however they were grouped (13 812 345 678). */
const CN_MOBILE_DIGITS = /^(?:(?:00)?86)?1[3-9]\d{9}$/;
const ID_TAIL = /[ ./-]*[Xx]$/;

export function maskIdCard(value: string): string {
  return `${value.slice(0, 3)}${'*'.repeat(Math.max(0, value.length - 7))}${value.slice(-4)}`;
}

type Kind = 'date' | 'email' | 'idCard' | 'cnMobile' | 'phone';

/** A run of digits and separators: an ID number, a phone number, or (left alone) something else. */
function maskNumber(match: string): string {
  // "(13812345678": the parenthesis belongs to the sentence, not to the number.
  const open = match.startsWith('(') && !match.includes(')') ? '(' : '';
  const body = match.slice(open.length);
  const compact = body.replace(/[^\dXx]/g, '');
  if (ID_CARD_ONLY.test(compact)) return open + maskIdCard(compact);
  // An X that makes no ID number is a word the digits are glued to (12345678x): as before, left alone.
  if (ID_TAIL.test(body)) return match;
  const digits = body.replace(/\D/g, '');
  if (CN_MOBILE_DIGITS.test(digits)) return open + maskPhone(body);
  // Too long for one number: numbers side by side, each masked on its own.
  if (digits.length > PHONE_MAX_DIGITS && /\s/.test(body)) return open + body.split(/(\s+)/).map((part) => (/\d/.test(part) ? maskNumber(part) : part)).join('');
  if (digits.length < PHONE_MIN_DIGITS || digits.length > PHONE_MAX_DIGITS || NOT_A_PHONE.test(body)) return match;
  return open + maskPhone(body);
}

/** Masks phone numbers, e-mail addresses and Chinese resident ID numbers inside free text. */
export function maskPersonalData(text: string): string {
  return replaceNormalised(text, PERSONAL_DATA, (match, groups: Partial<Record<Kind, string>>) => {
    if (groups.email) return maskEmail(match);
    if (groups.idCard) return maskIdCard(match);
    if (groups.cnMobile) return maskPhone(match);
    if (groups.phone) return maskNumber(match);
    return match; // a date
  });
}
