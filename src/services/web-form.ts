/**
 * The public complaint form (issue 13, point 7): a submission is held, sealed, until its contact
 * is verified (a code by SMS, a link by e-mail); only then is it filed, as the complainant's own
 * (source web), through the same filing use case chat uses, so it is routed, clocked, posted to
 * the group's channel and answered with the registration message like any other.
 *
 * Secrets are kept as hashes only: the browser's session secret and the e-mailed link's token
 * (256 random bits each) by SHA-256; the six-digit code, which a plain hash would not protect,
 * by HMAC under a key derived from the data key, as are the address and contact the rate limits
 * count. Nothing here logs or returns what the person typed beyond the masked contact.
 */
import { createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { activeKeyring, type Keyring } from '../crypto/keyring';
import { COMPLAINANT } from '../domain/access';
import type { ContactKind } from '../domain/complaint';
import { maskContact } from '../domain/mask';
import { checkForm, codeState, DAY_MS, HOUR_MS, rateRefusal, resendState, titleFrom, type FormCheck, type RateRefusal, type ResendState } from '../domain/web-form';
import { enqueue } from '../db/outbox';
import { inTransaction } from '../db/tx';
import * as store from '../db/web-submissions';
import type { Locale } from '../i18n';
import { issueComplaintPageLink } from './complaint-page-link';
import type { ServiceDeps } from './deps';
import { fileComplaint } from './file-complaint';

export const WEB_VERIFY_KIND = 'web.verify';

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
const secret = () => randomBytes(32).toString('base64url');
/** base64url of 32 bytes: anything else is refused before a row is read. */
export const SECRET_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/** A keyed hash for one purpose: without the data key, a copy of the table tells nothing. */
export function keyedHash(keyring: Keyring, purpose: 'address' | 'contact' | 'code', value: string): string {
  const key = Buffer.from(hkdfSync('sha256', keyring.current.key, Buffer.alloc(0), `pledge:web-form:${purpose}`, 32));
  return createHmac('sha256', key).update(value).digest('base64url');
}

export type SubmitResult = { ok: true; session: string; kind: ContactKind } | { ok: false; errors: Extract<FormCheck, { ok: false }>['errors'] } | { ok: false; refused: RateRefusal };

export interface SubmitInput {
  fields: { name: string; contact: string; category: string; details: string };
  locale: Locale;
  /** The sender's IP address, hashed before it is stored or compared. */
  address: string;
}

/** The contact kinds a code or a link can be sent to, as configured. */
export function verifiableKinds(config: ServiceDeps['config']): ContactKind[] {
  return [...(config.reach?.email ? (['email'] as const) : []), ...(config.reach?.sms?.templates.verify ? (['phone'] as const) : [])];
}

export async function submitWebComplaint(deps: ServiceDeps, input: SubmitInput): Promise<SubmitResult> {
  const form = deps.config.page.form;
  if (!form) throw new Error('the public form is not configured (page.form)');
  const checked = checkForm(input.fields, form.categories.map((c) => c.id), verifiableKinds(deps.config));
  if (!checked.ok) return checked;
  const { draft } = checked;
  const keyring = activeKeyring();
  const now = deps.clock.now();
  const session = secret();
  const addressHash = keyedHash(keyring, 'address', input.address);
  const contactHash = keyedHash(keyring, 'contact', draft.contact.value);
  const taken = await inTransaction(deps.prisma, async (tx): Promise<{ refused: RateRefusal } | { id: string }> => {
    // One replica at a time counts and inserts, so the limit holds across replicas.
    await store.lockForm(tx);
    const counts = await store.recentCounts(tx, addressHash, contactHash, new Date(now.getTime() - HOUR_MS), new Date(now.getTime() - DAY_MS));
    const refused = rateRefusal(counts, form);
    if (refused) return { refused };
    const id = await store.insertSubmission(
      tx,
      {
        addressHash,
        contactHash,
        contactKind: draft.contact.kind,
        locale: input.locale,
        sessionHash: sha256(session),
        draft: { ...draft, masked: maskContact(draft.contact.kind, draft.contact.value) },
        createdAt: now,
        expiresAt: new Date(now.getTime() + form.codeMinutes * 60_000),
      },
      keyring,
    );
    // The code or link is made when it is sent (reach/verification.ts): the outbox row holds no secret.
    await enqueue(tx, now, [{ dedupeKey: `web:${id}:verify`, kind: WEB_VERIFY_KIND, target: id }]);
    return { id };
  });
  if ('refused' in taken) return { ok: false, refused: taken.refused };
  deps.outboxWritten?.();
  return { ok: true, session, kind: draft.contact.kind };
}

export interface PendingView {
  kind: ContactKind;
  masked: string;
  locale: Locale;
  state: 'open' | 'expired' | 'spent' | 'filed';
  attemptsLeft: number;
  /** Codes or links sent for it so far (more than 1: sent again). */
  sends: number;
  /** Whether "send it again" may be pressed now, and if not, why (shown on the page as it is drawn). */
  resend: ResendState;
}

const asLocale = (l: string): Locale => (l === 'zh-CN' ? 'zh-CN' : 'en');

/** What the verification page shows to the browser holding the session. */
export async function pendingSubmission(deps: ServiceDeps, session: string | undefined): Promise<PendingView | undefined> {
  if (!session || !SECRET_SHAPE.test(session)) return undefined;
  const row = await store.findBySession(deps.prisma, sha256(session));
  if (!row) return undefined;
  return view(deps, row);
}

async function view(deps: ServiceDeps, row: store.SubmissionRow, now = deps.clock.now()): Promise<PendingView> {
  const form = deps.config.page.form;
  const max = form?.maxAttempts ?? 0;
  const draft = store.openDraft(row, activeKeyring());
  const state = codeState({ ...row, sealed: draft !== undefined }, max, now);
  const contactSends = state === 'open' ? await store.contactSends(deps.prisma, row.contactHash, new Date(now.getTime() - DAY_MS)) : 0;
  return {
    kind: row.contactKind === 'email' ? 'email' : 'phone',
    masked: draft?.masked ?? '',
    locale: asLocale(row.locale),
    state,
    attemptsLeft: Math.max(0, max - row.attempts),
    sends: row.sends,
    resend: form ? resendState({ state, lastAskedAt: row.resentAt ?? row.createdAt, contactSends }, form, now) : { may: false, why: 'closed' },
  };
}

export type ResendResult = { ok: true } | { ok: false; reason: 'unknown' } | { ok: false; reason: 'refused'; view: PendingView };

/**
 * "Send the code (or link) again", from the browser that sent the form: allowed once the
 * cool-down since the last one has passed and while the contact's day has sends left (the
 * per-contact limit, which counts these as it counts forms). Checked under the form's lock, the
 * one submissions take, so a double press, a retry or another replica's request sends once: the
 * second finds the first's send and is refused by the cool-down. The new code or link replaces
 * the old one and works for codeMinutes from now, as its message says.
 */
export async function resendVerification(deps: ServiceDeps, session: string | undefined): Promise<ResendResult> {
  const form = deps.config.page.form;
  if (!form) throw new Error('the public form is not configured (page.form)');
  if (!session || !SECRET_SHAPE.test(session)) return { ok: false, reason: 'unknown' };
  const now = deps.clock.now();
  const sent = await inTransaction(deps.prisma, async (tx): Promise<'unknown' | 'refused' | 'sent'> => {
    await store.lockForm(tx);
    const row = await store.findBySession(tx, sha256(session));
    if (!row) return 'unknown';
    const draft = store.openDraft(row, activeKeyring());
    const state = codeState({ ...row, sealed: draft !== undefined }, form.maxAttempts, now);
    const contactSends = await store.contactSends(tx, row.contactHash, new Date(now.getTime() - DAY_MS));
    if (!resendState({ state, lastAskedAt: row.resentAt ?? row.createdAt, contactSends }, form, now).may) return 'refused';
    if (!(await store.noteResend(tx, row.id, row.sends, now, new Date(now.getTime() + form.codeMinutes * 60_000)))) return 'refused';
    // Keyed by the send's number: the outbox holds each send once, and no secret (made as it goes).
    await enqueue(tx, now, [{ dedupeKey: `web:${row.id}:verify:${row.sends + 1}`, kind: WEB_VERIFY_KIND, target: row.id }]);
    return 'sent';
  });
  if (sent === 'unknown') return { ok: false, reason: 'unknown' };
  if (sent === 'sent') {
    deps.outboxWritten?.();
    return { ok: true };
  }
  const row = await store.findBySession(deps.prisma, sha256(session));
  return row ? { ok: false, reason: 'refused', view: await view(deps, row, now) } : { ok: false, reason: 'unknown' };
}

export type VerifyResult = { ok: true; pageToken: string } | { ok: false; reason: 'unknown' | 'wrong' | 'expired' | 'spent'; view?: PendingView };

/** A code typed on the verification page, from the browser that sent the form. */
export async function verifyCode(deps: ServiceDeps, session: string | undefined, code: string): Promise<VerifyResult> {
  if (!session || !SECRET_SHAPE.test(session)) return { ok: false, reason: 'unknown' };
  const row = await store.findBySession(deps.prisma, sha256(session));
  if (!row || row.contactKind !== 'phone') return { ok: false, reason: 'unknown' };
  const max = deps.config.page.form?.maxAttempts ?? 0;
  const now = deps.clock.now();
  if (row.complaintId) return fileVerified(deps, row);
  if (!(await store.takeAttempt(deps.prisma, row.id, max, now))) {
    const current = await view(deps, (await store.findSubmission(deps.prisma, row.id)) ?? row);
    return { ok: false, reason: current.state === 'spent' ? 'spent' : 'expired', view: current };
  }
  const keyring = activeKeyring();
  const given = Buffer.from(keyedHash(keyring, 'code', `${row.id}:${code.trim()}`));
  const want = Buffer.from(row.codeHash ?? '');
  if (!row.codeHash || given.length !== want.length || !timingSafeEqual(given, want)) {
    const current = await view(deps, (await store.findSubmission(deps.prisma, row.id)) ?? row);
    return { ok: false, reason: current.state === 'spent' ? 'spent' : 'wrong', view: current };
  }
  return fileVerified(deps, row);
}

/** The submission an e-mailed link opens, if it still may be confirmed. */
export async function linkSubmission(deps: ServiceDeps, token: string): Promise<{ row: store.SubmissionRow; view: PendingView } | undefined> {
  if (!SECRET_SHAPE.test(token)) return undefined;
  const row = await store.findByLink(deps.prisma, sha256(token));
  return row ? { row, view: await view(deps, row) } : undefined;
}

/** The e-mailed link, confirmed by a press on its page (a mail scanner's GET files nothing). */
export async function confirmLink(deps: ServiceDeps, token: string): Promise<VerifyResult> {
  const found = await linkSubmission(deps, token);
  if (!found) return { ok: false, reason: 'unknown' };
  if (found.view.state === 'expired') return { ok: false, reason: 'expired', view: found.view };
  return fileVerified(deps, found.row);
}

/**
 * Files the verified submission as the complainant's own, once: the submission's id is the
 * filing's submission key, so a repeat (a double press, a retry after a crash) finds the same
 * complaint. Returns a fresh link to its page, where the browser goes next.
 */
async function fileVerified(deps: ServiceDeps, row: store.SubmissionRow): Promise<VerifyResult> {
  const now = deps.clock.now();
  let complaintId = row.complaintId;
  if (!complaintId) {
    const draft = store.openDraft(row, activeKeyring());
    if (!draft) return { ok: false, reason: 'expired' };
    const filed = await fileComplaint(deps, {
      filerId: COMPLAINANT,
      submissionKey: `web:${row.id}`,
      locale: asLocale(row.locale),
      draft: { title: titleFrom(draft.details), details: draft.details, category: draft.category, priority: 'normal', source: 'web', customerName: draft.name, customerContact: draft.contact.value },
    });
    if (!filed.ok) throw new Error(`a verified web submission did not file: ${Object.keys(filed.errors).join(', ')}`);
    complaintId = filed.complaint.id;
    await store.markFiled(deps.prisma, row.id, complaintId, now);
  }
  const id = complaintId;
  const url = await inTransaction(deps.prisma, (tx) => issueComplaintPageLink(deps, tx, id, now));
  if (!url) throw new Error('PLEDGE_PUBLIC_URL is not set: the public form needs it');
  return { ok: true, pageToken: url.split('/').pop()! };
}

/** Upkeep for the maintenance job: expired drafts dropped, rows no limit counts any more deleted. */
export function purgeWebSubmissions(deps: Pick<ServiceDeps, 'prisma' | 'clock'>) {
  const now = deps.clock.now();
  return store.purgeSubmissions(deps.prisma, now, new Date(now.getTime() - DAY_MS - HOUR_MS));
}

/** The form's use cases bound to their dependencies, for src/web (kept apart from createServices). */
export function webFormServices(deps: ServiceDeps) {
  return {
    submitWebComplaint: (input: SubmitInput) => submitWebComplaint(deps, input),
    pendingSubmission: (session: string | undefined) => pendingSubmission(deps, session),
    verifyCode: (session: string | undefined, code: string) => verifyCode(deps, session, code),
    resendVerification: (session: string | undefined) => resendVerification(deps, session),
    linkSubmission: (token: string) => linkSubmission(deps, token),
    confirmLink: (token: string) => confirmLink(deps, token),
    purge: () => purgeWebSubmissions(deps),
  };
}
