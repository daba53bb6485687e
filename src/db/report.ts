/** Storage for reports: one fact row per complaint filed in a period. */
import { createHash } from 'node:crypto';
import type { Status } from '../domain/complaint';
import type { ComplaintFact, Dimension, Totals } from '../domain/report';
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
 * Per complaint: whether a low rating put it before the leader (回访不满意), and whether the
 * leader answered such a review (reopened or confirmed) rather than let it lapse.
 */
export const REVIEWS = `
  SELECT "complaintId", true AS low_rated, bool_or(outcome IN ('reopened', 'confirmed')) AS reviewed
    FROM "Review"
   WHERE cause = 'low_rating'
   GROUP BY 1`;

/**
 * The complaints `where` picks, each with what a report counts of it, in the names FACTS (and
 * db/report-rollup.ts's SETTLED) read: its first clocks as the complaint row keeps them, its
 * survey, escalation count, waits and review, and whether a closing called a stage off. The
 * statement around it defines the CTEs `escalations`, `reviews` and `waits` (a complaint's wait
 * time, ms); `columns` come first (the period's own: when filed, or the local day).
 */
export function joinedComplaints(o: { columns: string; waits: string; where: string }): string {
  return `
    SELECT ${o.columns}, c."groupId", c."ownerId", c.category, c.priority::text AS priority, c.status::text AS status, c."closedAt",
           c."ackDueAt" AS ack_due, c."ackMetAt" AS ack_met, c."ackBreachedAt" AS ack_breached,
           c."solutionDueAt" AS sol_due, c."solutionMetAt" AS sol_met, c."solutionBreachedAt" AS sol_breached, c."solutionWorkingMs" AS sol_working,
           s.rating, s.id IS NOT NULL AS surveyed, coalesce(e.n, 0) AS escalations,
           s.channel IN ('dm', 'web') AS rated_in_chat, coalesce(w.ms, 0) AS paused_ms,
           coalesce(r.low_rated, false) AS low_rated, coalesce(r.reviewed, false) AS reviewed,
           coalesce(c.status IN ('rejected', 'withdrawn') AND c."ackMetAt" = c."closedAt", false) AS ack_off,
           coalesce(c.status IN ('rejected', 'withdrawn') AND c."solutionMetAt" = c."closedAt", false) AS sol_off
      FROM "Complaint" c
      LEFT JOIN "Survey" s ON s."complaintId" = c.id
      LEFT JOIN escalations e ON e."complaintId" = c.id
      LEFT JOIN ${o.waits} w ON w."complaintId" = c.id
      LEFT JOIN reviews r ON r."complaintId" = c.id
     WHERE ${o.where}`;
}

/**
 * Every complaint filed in [start, end), with its first acknowledge and solution clocks, its
 * survey and its escalation count, in one statement: the clocks and escalations are joined to
 * the period's complaints only, so the planner picks index lookups for a week and hash joins for
 * a quarter of 100k. (Read in pages instead, 5,000 ids at a time, the Deadline table was read
 * once per page; and every fact is held for the report anyway, so pages saved little memory.)
 */
export async function factRows(store: Store, start: Date, end: Date, scope?: FactScope, asOf: Date = end): Promise<FactRow[]> {
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
     pauses AS (
       -- Each wait on the complainant is a 'pause' clock (services/clocks.ts); a running one counts up to $6.
       SELECT d."complaintId", (sum(extract(epoch FROM (least(coalesce(d."metAt", $6::timestamp), $6::timestamp) - d."startedAt"))) * 1000)::float8 AS ms
         FROM "Deadline" d JOIN c ON c.id = d."complaintId"
        WHERE d.stage = 'pause' AND d."startedAt" < $6::timestamp
        GROUP BY 1),
     escalations AS (
       SELECT e."complaintId", count(*)::int AS n FROM "Escalation" e JOIN c ON c.id = e."complaintId" GROUP BY 1),
     reviews AS (${REVIEWS})
     SELECT c.*, clocks."ackDue", clocks."ackMet", clocks."ackBreached", clocks."solDue", clocks."solMet", clocks."solBreached",
            s.rating, CASE WHEN s.id IS NULL THEN NULL WHEN s.channel IN ('dm', 'web') THEN 'complainant' ELSE 'staff' END AS "ratingBy",
            s.id IS NOT NULL AS surveyed, coalesce(escalations.n, 0) AS escalations, coalesce(pauses.ms, 0) AS "pausedMs",
            coalesce(reviews.low_rated, false) AS "lowRated", coalesce(reviews.reviewed, false) AS reviewed
       FROM c
       LEFT JOIN clocks ON clocks."complaintId" = c.id
       LEFT JOIN "Survey" s ON s."complaintId" = c.id
       LEFT JOIN escalations ON escalations."complaintId" = c.id
       LEFT JOIN pauses ON pauses."complaintId" = c.id
       LEFT JOIN reviews ON reviews."complaintId" = c.id`,
    ...factParams(start, end, asOf, scope),
  );
  return rows.map(({ ackDue, ackMet, ackBreached, solDue, solMet, solBreached, ...row }) => ({
    ...row,
    acknowledge: ackDue ? { dueAt: ackDue, metAt: ackMet, breachedAt: ackBreached } : null,
    solution: solDue ? { dueAt: solDue, metAt: solMet, breachedAt: solBreached } : null,
  }));
}

/**
 * `size` of the complaints of [start, end) that were handled to an outcome (resolved or
 * rejected, archived or not): the ones a quality review can look at. A withdrawn complaint had
 * no handling to review. Each complaint holds a random sampleKey, fixed at filing: on that
 * circle the key picks a place (md5(key)), the next POOL times `size` handled complaints of the
 * period from there are read through an index, and among them a seeded hash order
 * (md5(key || id)) picks `size`. So one key always picks the same ones, every complaint is as
 * likely to be picked as any other, and the database reads a few hundred rows, not the period
 * (hashing every complaint of a quarter of 110k took longer than the review sample is worth).
 * A period with fewer than POOL times `size` handled complaints is picked from whole, as before.
 * md5 is no secret here, only a fixed, well-spread order every PostgreSQL computes alike.
 */
export async function sampleHandled(store: Store, start: Date, end: Date, size: number, key: string) {
  return store.$queryRawUnsafe<{ reference: string; title: string; groupId: string; ownerId: string; status: Status; archivedAt: Date | null; channelId: string | null; rootMessageId: string | null }[]>(
    `WITH pool AS (
       SELECT * FROM (
         (SELECT ${SAMPLED}, 0 AS lap FROM "Complaint"
           WHERE status IN ('resolved', 'rejected') AND "sampleKey" >= $6::int
             AND "filedAt" >= $1::timestamp AND "filedAt" < $2::timestamp
           ORDER BY "sampleKey" LIMIT $5)
         UNION ALL
         (SELECT ${SAMPLED}, 1 AS lap FROM "Complaint"
           WHERE status IN ('resolved', 'rejected') AND "sampleKey" < $6::int
             AND "filedAt" >= $1::timestamp AND "filedAt" < $2::timestamp
           ORDER BY "sampleKey" LIMIT $5)) around
        ORDER BY lap, "sampleKey" LIMIT $5)
     SELECT reference, title, "groupId", "ownerId", status, "archivedAt", "channelId", "rootMessageId"
       FROM (SELECT * FROM pool ORDER BY md5($3 || id), id LIMIT $4) picked
      ORDER BY reference`,
    start.toISOString(),
    end.toISOString(),
    key,
    size,
    size * POOL,
    // The first 32 bits of md5(key), read as PostgreSQL reads an int4: a place on the sampleKey circle.
    createHash('md5').update(key).digest().readInt32BE(0),
  );
}

const SAMPLED = `id, "sampleKey", reference, title, "groupId", "ownerId", status::text AS status, "archivedAt", "channelId", "rootMessageId"`;

/** How many more handled complaints than asked for the sample's seeded order chooses among. */
const POOL = 4;

/**
 * The facts a report adds up, one row per complaint of [start, end) in scope, as the domain's
 * rules read them (domain/report.ts, totalsOf): a stage called off by a rejection or withdrawal
 * (its clock closed at the closing instant) is left out if it was not yet due and counts as
 * late if it was; a stage still running counts as late once due ($6, the report's instant).
 * The first clocks are read from the complaint row (the migration report_facts keeps them
 * there), so the period's complaints are read once and no clock is sorted. Escalations, waits
 * and reviews are few: they are counted per complaint over the whole table and joined by hash.
 */
const FACTS = `
  escalations AS (
    SELECT "complaintId", count(*)::int AS n FROM "Escalation" GROUP BY 1),
  pauses AS (
    -- Each wait on the complainant is a 'pause' clock (services/clocks.ts), a running one counts up to $6.
    SELECT "complaintId", sum(extract(epoch FROM (least(coalesce("metAt", $6::timestamp), $6::timestamp) - "startedAt"))) * 1000 AS ms
      FROM "Deadline"
     WHERE stage = 'pause' AND "startedAt" < $6::timestamp
     GROUP BY 1),
  reviews AS (${REVIEWS}),
  joined AS (${joinedComplaints({
    columns: 'c."filedAt"',
    waits: 'pauses',
    where: `c."filedAt" >= $1::timestamp AND c."filedAt" < $2::timestamp
       AND ($3::boolean OR c."groupId" = ANY($4::text[]) OR c."filerId" = ANY($5::text[]) OR c."ownerId" = ANY($5::text[]))`,
  })}),
  facts AS (
    SELECT "groupId", "ownerId", category, priority, status, "filedAt", rating, surveyed, escalations, rated_in_chat, paused_ms, low_rated, reviewed,
           status = 'resolved' AS resolved, -- the outcome: archiving, beside it, changes no count
           CASE WHEN ack_due IS NULL THEN false WHEN ack_off THEN ack_due < "closedAt" AND ack_due <= $6::timestamp
                ELSE ack_met IS NOT NULL OR ack_due <= $6::timestamp END AS ack_decided,
           (NOT ack_off AND ack_met IS NOT NULL AND ack_met <= ack_due AND ack_breached IS NULL) AS ack_on_time,
           CASE WHEN sol_due IS NULL THEN false WHEN sol_off THEN sol_due < "closedAt" AND sol_due <= $6::timestamp
                ELSE sol_met IS NOT NULL OR sol_due <= $6::timestamp END AS sol_decided,
           (NOT sol_off AND sol_met IS NOT NULL AND sol_met <= sol_due AND sol_breached IS NULL) AS sol_on_time,
           CASE WHEN sol_met IS NOT NULL AND NOT sol_off THEN sol_working END AS solved_ms
      FROM joined)`;

/** domain/report.ts's Totals, added up. */
const TOTALS = `
  count(*)::int AS volume,
  count(*) FILTER (WHERE ack_decided)::int AS "acknowledgeDecided",
  count(*) FILTER (WHERE ack_on_time)::int AS "acknowledgeOnTime",
  count(*) FILTER (WHERE sol_decided)::int AS "solutionDecided",
  count(*) FILTER (WHERE sol_on_time)::int AS "solutionOnTime",
  count(*) FILTER (WHERE resolved)::int AS resolved,
  count(*) FILTER (WHERE status = 'rejected')::int AS rejected,
  count(solved_ms)::int AS solved,
  coalesce(sum(solved_ms), 0)::float8 AS "solvedMs",
  (SELECT percentile_disc(0.9) WITHIN GROUP (ORDER BY v) FROM unnest(array_agg(solved_ms) FILTER (WHERE solved_ms IS NOT NULL)) v)::float8 AS "solvedP90Ms",
  coalesce(sum(escalations), 0)::int AS escalations,
  count(rating)::int AS rated,
  coalesce(sum(rating), 0)::int AS "ratingSum",
  count(*) FILTER (WHERE resolved AND surveyed)::int AS "resolvedSurveyed",
  count(rating) FILTER (WHERE rated_in_chat)::int AS "ratedByComplainant",
  count(rating) FILTER (WHERE NOT rated_in_chat)::int AS "ratedByStaff",
  coalesce(sum(paused_ms), 0)::float8 AS "pausedMs",
  count(*) FILTER (WHERE low_rated)::int AS "lowRated",
  count(*) FILTER (WHERE low_rated AND reviewed)::int AS reviewed`;

/** The parameters $1-$6 that factRows and every statement built on FACTS read: period, scope, instant. */
function factParams(start: Date, end: Date, asOf: Date, scope?: FactScope) {
  return [start.toISOString(), end.toISOString(), !scope, [...(scope?.groupIds ?? [])], [...(scope?.people ?? [])], asOf.toISOString()];
}

export type TotalsRow = Totals & { dimension: Dimension | 'total'; key: string | null };
export type WeekRow = Totals & { week: number };
/** A row of the grouping sets periodTotals and db/report-rollup.ts's readRollup read: a report's or a week's. */
export type GroupedRow = Totals & { dimension: Dimension | 'total' | 'week'; key: string | null; week: number | null };

/** Grouped rows apart: the report's (the whole period and each dimension) and the weeks'. */
export function reportAndWeeks(rows: GroupedRow[]): { report: TotalsRow[]; weeks: WeekRow[] } {
  const report: TotalsRow[] = [];
  const weeks: WeekRow[] = [];
  for (const { dimension, key, week, ...totals } of rows) {
    if (dimension === 'week') weeks.push({ ...totals, week: week! });
    else report.push({ ...totals, dimension, key });
  }
  return { report, weeks };
}

/**
 * A period's report totals: the whole period and each group, owner, category and priority, and
 * with `weekStarts` (the instants the weeks begin, ascending, the first at or before `start`)
 * the same per week, the week being the index of the one its complaints were filed in. All in
 * one statement (grouping sets), so 110k complaints become a few dozen rows in the database and
 * a chart's report and series read the period once.
 */
export async function periodTotals(
  store: Store,
  want: { start: Date; end: Date; asOf: Date; report: boolean; weekStarts?: Date[] },
  scope?: FactScope,
): Promise<{ report: TotalsRow[]; weeks: WeekRow[] }> {
  // grouping() only takes columns some set groups by, so the labels follow the sets asked for.
  const dims: [column: string, dimension: string][] = [
    ...(want.weekStarts ? [['week', 'week'] as [string, string]] : []),
    ...(want.report ? ([['"groupId"', 'group'], ['"ownerId"', 'owner'], ['category', 'category'], ['priority', 'priority']] as [string, string][]) : []),
  ];
  if (dims.length === 0) return { report: [], weeks: [] };
  const sets = [...(want.report ? ['()'] : []), ...dims.map(([column]) => `(${column})`)];
  const keyed = dims.filter(([column]) => column !== 'week').map(([column]) => column);
  // For this statement only: memory enough to add the period up in hash tables rather than
  // sort it once per dimension (sorts spilled to disk at 110k complaints), and no JIT, whose
  // compiling cost the server more (0.7-7 s) than the whole statement then takes.
  const settings = [store.$executeRawUnsafe(`SET LOCAL work_mem = '32MB'`), store.$executeRawUnsafe('SET LOCAL jit = off')];
  const results = (await store.$transaction([...settings, store.$queryRawUnsafe<GroupedRow[]>(
    `WITH ${FACTS}
     SELECT CASE ${dims.map(([column, dimension]) => `WHEN grouping(${column}) = 0 THEN '${dimension}'`).join(' ')} ELSE 'total' END AS dimension,
            ${keyed.length ? `coalesce(${keyed.join(', ')})` : 'NULL::text'} AS key, ${want.weekStarts ? 'week' : 'NULL::int AS week'}, ${TOTALS}
       FROM (SELECT *, width_bucket("filedAt", $7::timestamp[]) - 1 AS week FROM facts) f
      GROUP BY GROUPING SETS (${sets.join(', ')})`,
    ...factParams(want.start, want.end, want.asOf, scope),
    (want.weekStarts ?? []).map((d) => d.toISOString()),
  )], { timeout: 120_000, maxWait: 60_000 } as never)) as unknown[];
  return reportAndWeeks(results.at(-1) as GroupedRow[]);
}

/**
 * Solutions of [start, end) whose working time was never stored: stages that ended before the
 * time was stored with them (or were closed without meetClock). The report measures them once.
 * A partial index holds exactly these clocks, so finding none costs nothing.
 */
export async function unmeasuredSolutions(store: Store, start: Date, end: Date): Promise<{ id: string; groupId: string; filedAt: Date; metAt: Date }[]> {
  return store.$queryRawUnsafe(
    `SELECT d.id, c."groupId", c."filedAt", d."metAt"
       FROM "Deadline" d JOIN "Complaint" c ON c.id = d."complaintId"
      WHERE d.stage = 'solution' AND d."metAt" IS NOT NULL AND d."workingMs" IS NULL
        AND c."filedAt" >= $1::timestamp AND c."filedAt" < $2::timestamp`,
    start.toISOString(),
    end.toISOString(),
  );
}

export async function storeWorkingTimes(store: Store, measured: { id: string; workingMs: number }[]): Promise<void> {
  if (measured.length === 0) return;
  await store.$executeRawUnsafe(
    `UPDATE "Deadline" d SET "workingMs" = m.ms FROM unnest($1::text[], $2::bigint[]) AS m(id, ms) WHERE d.id = m.id`,
    measured.map((m) => m.id),
    measured.map((m) => Math.round(m.workingMs)),
  );
}
