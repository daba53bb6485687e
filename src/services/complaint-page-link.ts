/**
 * A complainant's link to their own complaint page: `<PLEDGE_PUBLIC_URL>/p/<token>`.
 *
 * The token is 32 random bytes (256 bits, base64url), so it cannot be guessed; it is returned
 * once, to be put in the message to the complainant, and the database keeps only its SHA-256,
 * so a copy of the database (a backup, a read-only role) opens no page. A link stops working
 * when revoked, or `page.linkDaysAfterArchive` days after the complaint is archived; that is
 * checked on each visit, so changing the setting applies to links already sent.
 */
import { createHash, randomBytes } from 'node:crypto';
import { appendEvent } from '../db/audit';
import { findPageLink, insertPageLink, revokePageLinks } from '../db/page-links';
import type { Store, Tx } from '../db/tx';
import type { ServiceDeps } from './deps';

/** The page's path under PLEDGE_PUBLIC_URL; web/ serves it. */
export const PAGE_PATH = 'p/';

const TOKEN_BYTES = 32;
/** base64url of 32 bytes; anything else is refused before a hash is computed or a row is read. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export const hashPageToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

/**
 * Makes a new link to the complaint's page, in the caller's transaction (so it exists exactly
 * when the message carrying it does). Returns the URL, or undefined when PLEDGE_PUBLIC_URL is
 * not set: then there is no address to send, and the message goes without a link.
 */
export async function issueComplaintPageLink(
  deps: Pick<ServiceDeps, 'publicUrl'>,
  tx: Tx,
  complaintId: string,
  now: Date,
): Promise<string | undefined> {
  if (!deps.publicUrl) return undefined;
  const token = randomBytes(TOKEN_BYTES).toString('base64url');
  const linkId = await insertPageLink(tx, { complaintId, tokenHash: hashPageToken(token), createdAt: now });
  // The link's id only: the token never reaches the audit log.
  await appendEvent(tx, { complaintId, actorId: 'system', type: 'page_link.issued', payload: { linkId }, at: now });
  return complaintPageUrl(deps.publicUrl, token);
}

export const complaintPageUrl = (publicUrl: URL, token: string): string => new URL(`${PAGE_PATH}${token}`, publicUrl).toString();

/** Ends every link to the complaint's page (say, one was sent to the wrong address). Audited. */
export async function revokeComplaintPageLinks(tx: Tx, complaintId: string, actorId: string, now: Date): Promise<number> {
  const revoked = await revokePageLinks(tx, complaintId, now);
  if (revoked > 0) await appendEvent(tx, { complaintId, actorId, type: 'page_link.revoked', payload: { links: revoked }, at: now });
  return revoked;
}

/** Why a token opens no page; the page says the same to all of them, so a visitor learns nothing. */
export type PageLinkRefusal = 'malformed' | 'unknown' | 'revoked' | 'expired';

/** The complaint a token opens, or why it opens none. Reads only. */
export async function openComplaintPageLink(
  deps: Pick<ServiceDeps, 'config'> & { prisma: Store },
  token: string,
  now: Date,
): Promise<{ ok: true; complaintId: string; linkId: string } | { ok: false; reason: PageLinkRefusal }> {
  if (!isPageToken(token)) return { ok: false, reason: 'malformed' };
  const link = await findPageLink(deps.prisma, hashPageToken(token));
  const refused = linkRefusal(deps, link && { revokedAt: link.revokedAt, archivedAt: link.complaint.archivedAt }, now);
  return refused ? { ok: false, reason: refused } : { ok: true, complaintId: link!.complaintId, linkId: link!.id };
}

/** Only a token of the shape this file makes is hashed and looked up. */
export const isPageToken = (token: string): boolean => TOKEN_SHAPE.test(token);

/** Why a link found (or not) by a well-formed token opens no page at `now`; undefined when it opens one. */
export function linkRefusal(
  deps: Pick<ServiceDeps, 'config'>,
  link: { revokedAt: Date | null; archivedAt: Date | null } | null | undefined,
  now: Date,
): Exclude<PageLinkRefusal, 'malformed'> | undefined {
  if (!link) return 'unknown';
  if (link.revokedAt) return 'revoked';
  const archivedAt = link.archivedAt;
  if (archivedAt && now.getTime() >= archivedAt.getTime() + deps.config.page.linkDaysAfterArchive * 86_400_000) return 'expired';
  return undefined;
}
