/**
 * Opening the complainant's page (GET /p/<token>): the link checked and the page read in one
 * statement (db/complaint-page.ts linkedPages), and that statement shared by the visits that
 * arrive while the previous one runs (db/batched-read.ts). Every visit is still checked against
 * the database by a statement sent after it arrived: a revoked or expired link is refused on the
 * very next request, and the page shows what was recorded when it was asked for.
 */
import { batchedRead } from '../db/batched-read';
import { linkedPages, type LinkedPage } from '../db/complaint-page';
import { complaintPageView, type ComplaintPageView } from './complaint-page';
import { hashPageToken, isPageToken, linkRefusal, type PageLinkRefusal } from './complaint-page-link';
import type { ServiceDeps } from './deps';

export type OpenedPage =
  | { ok: true; complaintId: string; linkId: string; /** Undefined: the complaint has no outside complainant to show it to. */ view: ComplaintPageView | undefined }
  | { ok: false; reason: PageLinkRefusal };

/**
 * How far apart a burst's page statements are sent (db/batched-read.ts spacingMs). On the embedded
 * database a statement costs the one thread about 2 ms whatever it reads, and fifty visits arriving
 * about a millisecond apart took a statement for every two or three of them; spaced 5 ms, they take
 * one for every five or so. A visit waits at most that long for its statement to be sent, and only
 * while a burst is under way (a statement went out less than 5 ms before).
 */
const PAGE_READ_SPACING_MS = 5;

/** One opener per process: its batches are shared by all the page's visitors. */
export function complaintPageOpener(deps: ServiceDeps): (token: string) => Promise<OpenedPage> {
  const read = batchedRead(async (hashes: string[]) => new Map((await linkedPages(deps.prisma, hashes)).map((link): [string, LinkedPage] => [link.tokenHash, link])), 100, PAGE_READ_SPACING_MS);
  return async (token) => {
    if (!isPageToken(token)) return { ok: false, reason: 'malformed' };
    const link = await read(hashPageToken(token));
    const now = deps.clock.now();
    const refused = linkRefusal(deps, link, now);
    if (refused || !link) return { ok: false, reason: refused ?? 'unknown' };
    return { ok: true, complaintId: link.complaintId, linkId: link.linkId, view: link.data && complaintPageView(deps, link.data, now) };
  };
}
