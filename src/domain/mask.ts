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
