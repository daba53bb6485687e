/** Storage for reports: one fact row per complaint filed in a period. */
import type { ComplaintFact } from '../domain/report';
import type { Store } from './tx';

/**
 * A complaint's fact as stored: its stages' first clocks (the pledge's; a reopened complaint's
 * later clocks are not), before services/report.ts counts the working time to its solution.
 */
export type FactRow = Omit<ComplaintFact, 'solutionWorkingMs'> & { id: string; closedAt: Date | null };

/**
 * Whose complaints a report covers: everything when absent; otherwise those of these groups,
 * and those these people filed or own.
 */
export interface FactScope {
  groupIds: readonly string[];
  people: readonly string[];
}

/**
 * Every complaint filed in [start, end), with its first acknowledge and solution clocks, its
 * survey and its escalation count, in one statement: the clocks and escalations are joined to
 * the period's complaints only, so the planner picks index lookups for a week and hash joins for
 * a quarter of 100k. (Read in pages instead, 5,000 ids at a time, the Deadline table was read
 * once per page; and every fact is held for the report anyway, so pages saved little memory.)
 */
export async function factRows(store: Store, start: Date, end: Date, scope?: FactScope): Promise<FactRow[]> {
  type Row = Omit<FactRow, 'acknowledge' | 'solution'> & Record<`${'ack' | 'sol'}${'Due' | 'Met' | 'Breached'}`, Date | null>;
  const rows = await store.$queryRawUnsafe<Row[]>(
    `WITH c AS MATERIALIZED (
       SELECT id, reference, "groupId", "ownerId", category, priority::text AS priority, status::text AS status, "filedAt", "closedAt"
         FROM "Complaint"
        WHERE "filedAt" >= $1::timestamp AND "filedAt" < $2::timestamp
          AND ($3::boolean OR "groupId" = ANY($4::text[]) OR "filerId" = ANY($5::text[]) OR "ownerId" = ANY($5::text[]))),
     first AS (
       SELECT DISTINCT ON (d."complaintId", d.stage) d."complaintId", d.stage, d."dueAt", d."metAt", d."breachedAt"
         FROM "Deadline" d JOIN c ON c.id = d."complaintId"
        WHERE d.stage IN ('acknowledge', 'solution')
        ORDER BY d."complaintId", d.stage, d."startedAt"),
     clocks AS (
       SELECT "complaintId",
              max("dueAt") FILTER (WHERE stage = 'acknowledge') AS "ackDue",
              max("metAt") FILTER (WHERE stage = 'acknowledge') AS "ackMet",
              max("breachedAt") FILTER (WHERE stage = 'acknowledge') AS "ackBreached",
              max("dueAt") FILTER (WHERE stage = 'solution') AS "solDue",
              max("metAt") FILTER (WHERE stage = 'solution') AS "solMet",
              max("breachedAt") FILTER (WHERE stage = 'solution') AS "solBreached"
         FROM first GROUP BY 1),
     escalations AS (
       SELECT e."complaintId", count(*)::int AS n FROM "Escalation" e JOIN c ON c.id = e."complaintId" GROUP BY 1)
     SELECT c.*, clocks."ackDue", clocks."ackMet", clocks."ackBreached", clocks."solDue", clocks."solMet", clocks."solBreached",
            s.rating, s.id IS NOT NULL AS surveyed, coalesce(escalations.n, 0) AS escalations
       FROM c
       LEFT JOIN clocks ON clocks."complaintId" = c.id
       LEFT JOIN "Survey" s ON s."complaintId" = c.id
       LEFT JOIN escalations ON escalations."complaintId" = c.id`,
    start.toISOString(),
    end.toISOString(),
    !scope,
    [...(scope?.groupIds ?? [])],
    [...(scope?.people ?? [])],
  );
  return rows.map(({ ackDue, ackMet, ackBreached, solDue, solMet, solBreached, ...row }) => ({
    ...row,
    acknowledge: ackDue ? { dueAt: ackDue, metAt: ackMet, breachedAt: ackBreached } : null,
    solution: solDue ? { dueAt: solDue, metAt: solMet, breachedAt: solBreached } : null,
  }));
}

/**
 * `size` of the complaints of [start, end) that were handled to an outcome (resolved or
 * rejected, archived or not): the ones a quality review can look at. A withdrawn complaint,
 * archived or not, had no handling to review; having no result is what tells it apart once
 * archived. Picked by a seeded hash order: each complaint's place is md5(key || id), so one key
 * always picks the same ones, any key picks fairly, and only `size` rows leave the database (a
 * top-N sort, not a shuffle of every id). md5 is no secret here, only a fixed, well-spread order
 * every PostgreSQL computes alike.
 */
export async function sampleHandled(store: Store, start: Date, end: Date, size: number, key: string) {
  return store.$queryRawUnsafe<{ reference: string; title: string; groupId: string; ownerId: string; status: string; channelId: string | null; channelTs: string | null }[]>(
    `SELECT * FROM (
       SELECT reference, title, "groupId", "ownerId", status::text AS status, "channelId", "channelTs"
         FROM "Complaint"
        WHERE "filedAt" >= $1::timestamp AND "filedAt" < $2::timestamp
          AND status::text IN ('resolved', 'archived', 'rejected') AND result IS NOT NULL
        ORDER BY md5($3 || id), id
        LIMIT $4) picked
     ORDER BY reference`,
    start.toISOString(),
    end.toISOString(),
    key,
    size,
  );
}
