/**
 * The public complaint form: what a submission must hold, and whether one more may be taken.
 * Pure: the counts and the time come in as arguments; the form's text keys are named here and
 * checked against the catalogs in i18n/index.ts.
 */
import type { ContactKind } from './complaint';
import { classifyContact } from './mask';
import { DRAFT_LIMITS } from './validate-complaint';

export type FormField = 'name' | 'contact' | 'category' | 'details';

export type FormErrorKey =
  | 'form.error.name_required'
  | 'form.error.name_too_long'
  | 'form.error.contact_invalid'
  | 'form.error.contact_unsupported'
  | 'form.error.category_required'
  | 'form.error.details_required'
  | 'form.error.details_too_long';

export const FORM_LIMITS = { nameMax: DRAFT_LIMITS.customerNameMax, contactMax: 254, detailsMax: DRAFT_LIMITS.detailsMax, titleMax: 60 } as const;

export interface FormDraft {
  name: string;
  contact: { kind: ContactKind; value: string };
  category: string;
  details: string;
}

export type FormCheck = { ok: true; draft: FormDraft } | { ok: false; errors: Partial<Record<FormField, FormErrorKey>> };

// Code points, as a person counts characters (an emoji or a Chinese character is one).
const length = (s: string): number => Array.from(s).length;

/** The form's fields, checked; `kinds` are the contact kinds a code or link can be sent to. */
export function checkForm(fields: { name: string; contact: string; category: string; details: string }, categories: readonly string[], kinds: readonly ContactKind[]): FormCheck {
  const errors: Partial<Record<FormField, FormErrorKey>> = {};
  const name = fields.name.trim();
  if (!name) errors.name = 'form.error.name_required';
  else if (length(name) > FORM_LIMITS.nameMax) errors.name = 'form.error.name_too_long';
  const contact = length(fields.contact) > FORM_LIMITS.contactMax ? undefined : classifyContact(fields.contact);
  if (!contact) errors.contact = 'form.error.contact_invalid';
  else if (!kinds.includes(contact.kind)) errors.contact = 'form.error.contact_unsupported';
  const category = fields.category.trim();
  if (!categories.includes(category)) errors.category = 'form.error.category_required';
  const details = fields.details.replace(/\r\n/g, '\n').trim();
  if (!details) errors.details = 'form.error.details_required';
  else if (length(details) > FORM_LIMITS.detailsMax) errors.details = 'form.error.details_too_long';
  if (Object.keys(errors).length > 0 || !contact) return { ok: false, errors };
  return { ok: true, draft: { name, contact, category, details } };
}

/** A complaint's title from what the person wrote: its first line, cut at a word where it can be. */
export function titleFrom(details: string): string {
  const first = details.split('\n').find((l) => l.trim())?.trim() ?? '';
  const chars = Array.from(first);
  if (chars.length <= FORM_LIMITS.titleMax) return first;
  const cut = chars.slice(0, FORM_LIMITS.titleMax - 1).join('');
  const space = cut.lastIndexOf(' ');
  return `${space > FORM_LIMITS.titleMax / 2 ? cut.slice(0, space) : cut}…`;
}

export type RateRefusal = 'address' | 'contact';

/**
 * Whether one more submission may be taken, given how many came from its address in the hour
 * and how many codes or links went to its contact in the day (a "send it again" counts).
 */
export function rateRefusal(counts: { address: number; contact: number }, limits: { perAddressPerHour: number; perContactPerDay: number }): RateRefusal | null {
  if (counts.address >= limits.perAddressPerHour) return 'address';
  if (counts.contact >= limits.perContactPerDay) return 'contact';
  return null;
}

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

/** Where a code stands when someone types one. */
export type CodeState = 'open' | 'expired' | 'spent' | 'filed';

export function codeState(s: { expiresAt: Date; attempts: number; complaintId: string | null; sealed: boolean }, maxAttempts: number, now: Date): CodeState {
  if (s.complaintId) return 'filed';
  if (!s.sealed || now.getTime() >= s.expiresAt.getTime()) return 'expired';
  if (s.attempts >= maxAttempts) return 'spent';
  return 'open';
}

/**
 * Whether the code or link may be sent again now, and if not, why: the submission no longer
 * takes a code ('closed'), its contact has had its day's sends ('contact': the same limit the
 * form counts), or the last one went out less than `resendSeconds` ago ('cooldown', with the
 * whole seconds left). The page shows this when drawn; the server checks it again when asked.
 */
export type ResendState = { may: true } | { may: false; why: 'closed' | 'contact' } | { may: false; why: 'cooldown'; seconds: number };

export function resendState(
  s: { state: CodeState; lastAskedAt: Date; contactSends: number },
  limits: { resendSeconds: number; perContactPerDay: number },
  now: Date,
): ResendState {
  if (s.state !== 'open') return { may: false, why: 'closed' };
  if (s.contactSends >= limits.perContactPerDay) return { may: false, why: 'contact' };
  const seconds = Math.ceil((s.lastAskedAt.getTime() + limits.resendSeconds * 1000 - now.getTime()) / 1000);
  return seconds > 0 ? { may: false, why: 'cooldown', seconds } : { may: true };
}
