/**
 * Submissions of the public form waiting for their contact to be verified. What the person typed
 * is sealed with the data key bound to the row id (as contacts are); the address and the contact
 * are kept only as keyed hashes, which the rate limits count. Every replica counts the same rows,
 * under one advisory lock, so two replicas cannot both take the last allowed submission.
 */
import { randomUUID } from 'node:crypto';
import type { Keyring } from '../crypto/keyring';
import type { FormDraft } from '../domain/web-form';
import type { Store, Tx } from './tx';

/** pg_advisory_xact_lock key that serialises the form's rate-limit check and insert. */
const FORM_LOCK = 7_031_013;

const aad = (id: string) => `pledge:web-submission:${id}:draft`;

export interface NewSubmission {
  addressHash: string;
  contactHash: string;
  contactKind: string;
  locale: string;
  sessionHash: string;
  draft: FormDraft & { masked: string };
  createdAt: Date;
  expiresAt: Date;
}

export async function lockForm(tx: Tx): Promise<void> {
  await tx.$executeRawUnsafe('SELECT pg_advisory_xact_lock($1)', FORM_LOCK);
}

/** Submissions from the address since `addressSince`, and codes or links sent to the contact (sends, a resend counted) since `contactSince`. */
export async function recentCounts(tx: Tx, addressHash: string, contactHash: string, addressSince: Date, contactSince: Date): Promise<{ address: number; contact: number }> {
  const [address, contact] = await Promise.all([tx.webSubmission.count({ where: { addressHash, createdAt: { gte: addressSince } } }), contactSends(tx, contactHash, contactSince)]);
  return { address, contact };
}

/** Codes or links sent to one contact for submissions made since `since`: the per-contact limit's count. */
export async function contactSends(store: Store | Tx, contactHash: string, since: Date): Promise<number> {
  const sum = await store.webSubmission.aggregate({ where: { contactHash, createdAt: { gte: since } }, _sum: { sends: true } });
  return sum._sum.sends ?? 0;
}

/**
 * One more send of the code or link, if the row still holds the count `sends` it was read with
 * (under the form's lock): the code's time starts again, as the message that goes out says.
 */
export async function noteResend(tx: Tx, id: string, sends: number, at: Date, expiresAt: Date): Promise<boolean> {
  const { count } = await tx.webSubmission.updateMany({ where: { id, sends, complaintId: null }, data: { sends: sends + 1, resentAt: at, expiresAt } });
  return count === 1;
}

export async function insertSubmission(tx: Tx, s: NewSubmission, keyring: Keyring): Promise<string> {
  const id = randomUUID();
  const sealed = keyring.seal(JSON.stringify(s.draft), aad(id));
  await tx.webSubmission.create({
    data: {
      id,
      addressHash: s.addressHash,
      contactHash: s.contactHash,
      contactKind: s.contactKind,
      locale: s.locale,
      sessionHash: s.sessionHash,
      sealed: sealed.sealed,
      keyId: sealed.keyId,
      createdAt: s.createdAt,
      expiresAt: s.expiresAt,
    },
  });
  return id;
}

export type SubmissionRow = NonNullable<Awaited<ReturnType<typeof findBySession>>>;

export const findBySession = (store: Store | Tx, sessionHash: string) => store.webSubmission.findUnique({ where: { sessionHash } });
export const findByLink = (store: Store, linkHash: string) => store.webSubmission.findUnique({ where: { linkHash } });
export const findSubmission = (store: Store, id: string) => store.webSubmission.findUnique({ where: { id } });

/** The draft in the clear (memory only), or undefined once it was dropped. */
export function openDraft(row: Pick<SubmissionRow, 'id' | 'sealed' | 'keyId'>, keyring: Keyring): (FormDraft & { masked: string }) | undefined {
  if (!row.sealed || !row.keyId) return undefined;
  return JSON.parse(keyring.open(row.keyId, row.sealed, aad(row.id))) as FormDraft & { masked: string };
}

/** Records the hash of the code or link just made, before it is sent (a resend replaces it). */
export async function noteSecret(store: Store, id: string, secret: { codeHash: string } | { linkHash: string }, at: Date): Promise<void> {
  await store.webSubmission.update({ where: { id }, data: { ...secret, sentAt: at } });
}

/**
 * Counts one try of a code, if any is left: the count goes up before the code is compared, so
 * parallel guesses cannot share one try. True when this try may be compared.
 */
export async function takeAttempt(store: Store, id: string, maxAttempts: number, now: Date): Promise<boolean> {
  const taken = await store.webSubmission.updateMany({
    where: { id, attempts: { lt: maxAttempts }, complaintId: null, sealed: { not: null }, expiresAt: { gt: now } },
    data: { attempts: { increment: 1 } },
  });
  return taken.count === 1;
}

/**
 * Verified and filed: the draft is dropped and the e-mailed link ends (from now on the page's own
 * links, which can be revoked and expire, are the way in); the other hashes stay for the rate limits.
 */
export async function markFiled(store: Store, id: string, complaintId: string, at: Date): Promise<void> {
  await store.webSubmission.update({ where: { id }, data: { complaintId, verifiedAt: at, sealed: null, keyId: null, codeHash: null, linkHash: null } });
}

/**
 * Upkeep: drafts never verified are dropped once expired, and rows leave entirely when no rate
 * limit counts them any more (older than `before`).
 */
export async function purgeSubmissions(store: Store, now: Date, before: Date): Promise<{ dropped: number; deleted: number }> {
  const dropped = await store.webSubmission.updateMany({ where: { sealed: { not: null }, expiresAt: { lte: now } }, data: { sealed: null, keyId: null, codeHash: null, linkHash: null } });
  const deleted = await store.webSubmission.deleteMany({ where: { createdAt: { lt: before } } });
  return { dropped: dropped.count, deleted: deleted.count };
}
