/**
 * What the complainant's page reads about one complaint, in one statement. One, not a query per
 * table: on the embedded database each statement costs about a millisecond of the one thread
 * (Prisma, the driver, the loopback socket, PGlite) whatever it reads, and that fixed cost, six
 * times over, was most of a page's time (`npm run bench -- web`). The statement builds the
 * page's rows as JSON, so it returns one row per complaint however many deadlines and events
 * it has.
 */
import { COMPLAINANT } from '../domain/access';
import type { Status } from '../domain/complaint';
import type { Store } from './tx';

export interface ComplaintPageData {
  complaint: {
    id: string;
    reference: string;
    title: string;
    status: Status;
    filedAt: Date;
    result: string | null;
    resultBasis: string | null;
    closedAt: Date | null;
    resolvedAt: Date | null;
    archivedAt: Date | null;
    groupId: string;
    contactId: string | null;
    /** The complainant's own language, where they chose one (the public form). */
    locale: string | null;
  };
  deadlines: { id: string; stage: string; dueAt: Date; metAt: Date | null; breachedAt: Date | null; pausedAt: Date | null; consent: string | null; startedAt: Date }[];
  survey: { rating: number; comment: string | null; channel: string } | null;
  /**
   * The latest extension put to the complainant themselves, waiting or answered (by them, or by
   * staff recording consent they gave elsewhere); superseded ones are left out.
   */
  extension: { id: string; payload: unknown; requestedAt: Date; status: 'pending' | 'approved' | 'declined'; decidedBy: string | null; decidedAt: Date | null } | null;
  events: { type: string; at: Date; payload: unknown; actorId: string }[];
  /** The review waiting for the leader, whoever caused it (their request, or a low rating). */
  review: { cause: string; requestedAt: Date } | null;
}

/**
 * The page's JSON for the complaint `c`. Timestamps come out as JSON text without a zone (the
 * columns are `timestamp`, kept in UTC): `revive` turns them back into Dates.
 */
const PAGE_JSON = `json_build_object(
  'complaint', json_build_object('id', c.id, 'reference', c.reference, 'title', c.title, 'status', c.status, 'filedAt', c."filedAt",
                                 'result', c.result, 'resultBasis', c."resultBasis", 'closedAt', c."closedAt", 'resolvedAt', c."resolvedAt",
                                 'archivedAt', c."archivedAt", 'groupId', c."groupId", 'contactId', c."contactId", 'locale', c.locale),
  'deadlines', (SELECT coalesce(json_agg(d ORDER BY d."startedAt"), '[]') FROM (
                  SELECT id, stage, "dueAt", "metAt", "breachedAt", "pausedAt", consent, "startedAt" FROM "Deadline" WHERE "complaintId" = c.id) d),
  'survey', (SELECT row_to_json(s) FROM (SELECT rating, comment, channel FROM "Survey" WHERE "complaintId" = c.id) s),
  'extension', (SELECT row_to_json(a) FROM (
                  SELECT id, payload, "requestedAt", status, "decidedBy", "decidedAt" FROM "Approval"
                   WHERE "complaintId" = c.id AND kind = 'extension' AND status IN ('pending', 'approved', 'declined') AND "approverId" = $2
                   ORDER BY "requestedAt" DESC LIMIT 1) a),
  'events', (SELECT coalesce(json_agg(e ORDER BY e.id), '[]') FROM (
               SELECT id, type, at, payload, "actorId" FROM "Event" WHERE "complaintId" = c.id ORDER BY id LIMIT 500) e),
  'review', (SELECT row_to_json(r) FROM (
               SELECT cause, "requestedAt" FROM "Review" WHERE "complaintId" = c.id AND outcome IS NULL ORDER BY "requestedAt" DESC LIMIT 1) r))`;

type Stored<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K] };

/** A `timestamp` column as JSON: UTC without a zone. */
const utc = (text: string): Date => new Date(`${text}Z`);
const utcOrNull = (text: string | null): Date | null => (text === null ? null : utc(text));

/** The page's JSON with its timestamps as Dates; payloads (the events' own JSON) are left as stored. */
function revive(json: string): ComplaintPageData {
  const page = JSON.parse(json) as {
    complaint: Stored<ComplaintPageData['complaint']>;
    deadlines: Stored<ComplaintPageData['deadlines'][number]>[];
    survey: ComplaintPageData['survey'];
    extension: Stored<NonNullable<ComplaintPageData['extension']>> | null;
    events: Stored<ComplaintPageData['events'][number]>[];
    review: Stored<NonNullable<ComplaintPageData['review']>> | null;
  };
  const c = page.complaint;
  return {
    complaint: { ...c, filedAt: utc(c.filedAt), closedAt: utcOrNull(c.closedAt), resolvedAt: utcOrNull(c.resolvedAt), archivedAt: utcOrNull(c.archivedAt) },
    deadlines: page.deadlines.map((d) => ({ ...d, dueAt: utc(d.dueAt), metAt: utcOrNull(d.metAt), breachedAt: utcOrNull(d.breachedAt), pausedAt: utcOrNull(d.pausedAt), startedAt: utc(d.startedAt) })),
    survey: page.survey,
    extension: page.extension && { ...page.extension, requestedAt: utc(page.extension.requestedAt), decidedAt: utcOrNull(page.extension.decidedAt) },
    events: page.events.map((e) => ({ ...e, at: utc(e.at) })),
    review: page.review && { ...page.review, requestedAt: utc(page.review.requestedAt) },
  };
}

export async function complaintPageData(store: Store, complaintId: string): Promise<ComplaintPageData | undefined> {
  const rows = await store.$queryRawUnsafe<{ page: string }[]>(`SELECT ${PAGE_JSON}::text AS page FROM "Complaint" c WHERE c.id = $1`, complaintId, COMPLAINANT);
  return rows[0] ? revive(rows[0].page) : undefined;
}

/** A page link found by its token's hash, with what decides whether it opens the page and, if it may, the page's data. */
export interface LinkedPage {
  tokenHash: string;
  linkId: string;
  complaintId: string;
  revokedAt: Date | null;
  archivedAt: Date | null;
  /** Undefined for a revoked link: nothing is read for it. */
  data?: ComplaintPageData;
}

/**
 * The links with these token hashes and their pages, in one statement: the complaint page asks
 * for all the links its visitors brought since its last statement at once (services/complaint-page-open.ts).
 */
export async function linkedPages(store: Store, tokenHashes: readonly string[]): Promise<LinkedPage[]> {
  const rows = await store.$queryRawUnsafe<{ tokenHash: string; linkId: string; complaintId: string; revokedAt: Date | null; archivedAt: Date | null; page: string | null }[]>(
    `SELECT l."tokenHash", l.id AS "linkId", l."complaintId", l."revokedAt", c."archivedAt",
            CASE WHEN l."revokedAt" IS NULL THEN ${PAGE_JSON}::text END AS page
       FROM "PageLink" l JOIN "Complaint" c ON c.id = l."complaintId"
      WHERE l."tokenHash" = ANY($1::text[])`,
    tokenHashes,
    COMPLAINANT,
  );
  return rows.map(({ page, ...link }) => (page === null ? link : { ...link, data: revive(page) }));
}

/** The answer recorded after the complaint's latest question, if there is one: who gave it (the complainant, or staff for them) and when. */
export async function answerSinceQuestion(store: Store, complaintId: string): Promise<{ actorId: string; at: Date } | undefined> {
  const last = await store.event.findFirst({
    where: { complaintId, type: { in: ['complaint.info_requested', 'complaint.info_answered'] } },
    orderBy: { id: 'desc' },
    select: { type: true, actorId: true, at: true },
  });
  return last?.type === 'complaint.info_answered' ? { actorId: last.actorId, at: last.at } : undefined;
}
