/**
 * A refusal in words, the same on every chat platform: a coded AppError becomes its i18n
 * message, and "not allowed" names who may ("Only the complaint's owner or the group leader can
 * do that on PLG-…"), not only "no". The adapter says how a person and user text are written.
 */
import { COMPLAINANT } from '../../domain/access';
import { ACTIONS, LIFECYCLE, type Action } from '../../domain/lifecycle';
import { isAppError, type AppError } from '../../errors';
import { t, type Locale, type MessageKey } from '../../i18n';

export interface RefusalMarkup {
  escape(text: string): string;
  /** How the refusal names a person: a mention, or a display name where text is plain. */
  person(personId: string): string;
}

/** The AppError behind an error, also when a framework wrapped it (Bolt's `original`). */
export function appErrorOf(error: unknown): AppError | undefined {
  if (isAppError(error)) return error;
  const original = (error as { original?: unknown })?.original;
  return isAppError(original) ? original : undefined;
}

const NAMED_ROLES = new Set(['owner', 'leader', 'filer']);

/** Who may take the step a refusal is about, in words. */
export function notAllowedText(locale: Locale, params: Record<string, string | number>, escape: (text: string) => string): string {
  if (params.approval !== undefined) return t(locale, 'error.not_allowed.approval');
  const action = String(params.action ?? '');
  if (!(ACTIONS as readonly string[]).includes(action)) return t(locale, 'error.not_allowed');
  const roles = LIFECYCLE[action as Action].by.filter((r) => NAMED_ROLES.has(r));
  if (roles.length === 0) return t(locale, 'error.not_allowed');
  const names = roles.map((r) => t(locale, `role.${r as 'owner' | 'leader' | 'filer'}`)).join(t(locale, 'role.or'));
  return t(locale, 'error.not_allowed.roles', { roles: escape(names), reference: escape(String(params.reference ?? '')) });
}

/** The person a refusal names, if any: who holds the waiting request, or whom an escalation went to. */
export function personNamedBy(error: unknown): string | undefined {
  const coded = appErrorOf(error);
  if (coded?.code === 'request_waiting') return String(coded.params.who ?? '');
  if (coded?.code === 'stale' && typeof coded.params.handedTo === 'string') return coded.params.handedTo;
  return undefined;
}

export function refusalText(locale: Locale, error: unknown, m: RefusalMarkup): string {
  const coded = appErrorOf(error);
  if (coded?.code === 'not_allowed') return notAllowedText(locale, coded.params, m.escape);
  if (coded?.code === 'request_waiting') {
    // The outside complainant is nobody in chat: named in words, with where they answer.
    if (coded.params.who === COMPLAINANT) return t(locale, 'error.request_waiting.complainant', { reference: m.escape(String(coded.params.reference ?? '')) });
    return t(locale, 'error.request_waiting', { reference: m.escape(String(coded.params.reference ?? '')), who: m.person(String(coded.params.who ?? '')) });
  }
  if (!coded && isStorageFailure(error)) return t(locale, 'error.storage');
  // Consent recorded by staff after the complainant answered on their page: their own answer stands.
  if (coded?.code === 'stale' && coded.params.why === 'consent_answered') {
    return t(locale, coded.params.answer === 'declined' ? 'error.consent_answered.declined' : 'error.consent_answered.approved');
  }
  // Handed up: the old button says whom the escalation is before now.
  if (coded?.code === 'stale' && typeof coded.params.handedTo === 'string') return t(locale, 'error.handed_up', { user: m.person(coded.params.handedTo) });
  return t(locale, coded ? (`error.${coded.code}` as MessageKey) : 'error.unknown', coded?.params);
}

/**
 * The database failed (a dropped connection, a timeout): the change was rolled back, so the
 * honest answer is "nothing was saved, try again", not a generic apology.
 */
export function isStorageFailure(error: unknown): boolean {
  const e = ((error as { original?: unknown })?.original ?? error) as { name?: string; message?: string; code?: string } | undefined;
  return /Prisma|DriverAdapter/.test(e?.name ?? '') || /connection|terminat|ECONNRE|timeout/i.test(`${e?.message ?? ''} ${e?.code ?? ''}`);
}
