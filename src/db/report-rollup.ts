/**
 * A report of whole months read from totals kept per local day (ReportDay) and a count of
 * solutions per working time (ReportSolved), rather than from every complaint of the period: a
 * quarter of 110k complaints is some thousand day rows and a few thousand counts, where adding
 * up the complaints themselves took seconds however they were joined or grouped.
 *
 * What is kept no longer depends on the report's instant: a complaint's totals as db/report.ts's
 * FACTS counts them, except the stages still running (decided once due) and the waits still
 * running (counted up to the report's instant). Those few are added when the report is taken,
 * from a partial index (Complaint_running_clock_idx).
 *
 * A month is added up when a report first needs it, and again after anything it holds changed:
 * triggers on every table a report reads mark the hour the complaint was filed in (ReportStale,
 * migration report_rollup). The marks are read in the same statement as the totals, so a report
 * never mixes totals with a change made after them; it adds the month up again instead.
 */
import type { Totals } from '../domain/report';
import { joinedComplaints, REVIEWS } from './report';
import type { Store, Tx } from './tx';

export interface RollupRequest {
  /** The team's time zone: the days and months are dates there. */
  zone: string;
  /** The first day of each month of the period, "YYYY-MM-01", ascending and consecutive. */
  months: string[];
  start: Date;
  end: Date;
  asOf: Date;
  report: boolean;
  weekStarts?: Date[];
}

export type RollupRow = Totals & { dimension: 'group' | 'owner' | 'category' | 'priority' | 'total' | 'week'; key: string | null; week: number | null };

/** The instant a local date (or its month, or the month after it) begins, as the UTC the columns hold. */
const localStart = (date: string) => `((${date})::timestamp AT TIME ZONE $1) AT TIME ZONE 'UTC'`;
const localDay = (instant: string) => `((${instant} AT TIME ZONE 'UTC') AT TIME ZONE $1)::date`;

/**
 * Each complaint filed in the local months [$2, $3) with what it adds to its day's totals, by FACTS's rules but
 * without a report's instant: a stage still running is not decided here (it is counted at
 * report time once due), a stage called off counts as late if its due time came before the
 * closing (valid from that due time), and a wait that ended adds its length (valid from its end).
 */
const SETTLED = `
  escalations AS (
    SELECT "complaintId", count(*)::int AS n FROM "Escalation" GROUP BY 1),
  waits AS (
    SELECT "complaintId", sum(extract(epoch FROM ("metAt" - "startedAt"))) * 1000 AS ms, max("metAt") AS last
      FROM "Deadline" WHERE stage = 'pause' AND "metAt" IS NOT NULL GROUP BY 1),
  reviews AS (${REVIEWS}),
  joined AS (${joinedComplaints({
    columns: `${localDay('c."filedAt"')} AS day, w.last AS wait_ended`,
    waits: 'waits',
    where: `c."filedAt" >= ${localStart('$2::date')} AND c."filedAt" < ${localStart('$3::date')}`,
  })}),
  facts AS (
    SELECT day, date_trunc('month', day)::date AS month, "groupId", "ownerId", category, priority, status, rating, surveyed, escalations, rated_in_chat, paused_ms, low_rated, reviewed,
           status = 'resolved' AS resolved,
           CASE WHEN ack_due IS NULL THEN false WHEN ack_off THEN ack_due < "closedAt" ELSE ack_met IS NOT NULL END AS ack_decided,
           (NOT ack_off AND ack_met IS NOT NULL AND ack_met <= ack_due AND ack_breached IS NULL) AS ack_on_time,
           CASE WHEN sol_due IS NULL THEN false WHEN sol_off THEN sol_due < "closedAt" ELSE sol_met IS NOT NULL END AS sol_decided,
           (NOT sol_off AND sol_met IS NOT NULL AND sol_met <= sol_due AND sol_breached IS NULL) AS sol_on_time,
           CASE WHEN sol_met IS NOT NULL AND NOT sol_off THEN sol_working END AS solved_ms,
           greatest(CASE WHEN ack_off AND ack_due < "closedAt" THEN ack_due END, CASE WHEN sol_off AND sol_due < "closedAt" THEN sol_due END, wait_ended) AS valid_from
      FROM joined)`;

const DAY_COLUMNS = `"acknowledgeDecided", "acknowledgeOnTime", "solutionDecided", "solutionOnTime", resolved, rejected, solved, "solvedMs",
  escalations, rated, "ratingSum", "resolvedSurveyed", "ratedByComplainant", "ratedByStaff", "pausedMs", "lowRated", reviewed`;

/**
 * Adds up `months` (first days, "YYYY-MM-01") in `zone` again, from the complaints: the day
 * totals and the solution counts in one reading, and the marks of changes they now include
 * removed. One at a time (an advisory lock), so two reports never add up the same month twice.
 */
export async function addUpMonths(store: Store, zone: string, months: string[]): Promise<void> {
  if (months.length === 0) return;
  const sorted = [...months].sort();
  const first = sorted[0]!;
  const last = sorted.at(-1)!;
  await store.$transaction(
    async (tx) => {
      await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(hashtext('pledge report rollup'))`);
      await tx.$executeRawUnsafe(`SET LOCAL work_mem = '32MB'`);
      await tx.$executeRawUnsafe(`SET LOCAL jit = off`);
      // Another zone's totals are of no more use once the team's zone changed.
      for (const table of ['ReportDay', 'ReportSolved', 'ReportMonth']) await tx.$executeRawUnsafe(`DELETE FROM "${table}" WHERE zone <> $1`, zone);
      // Marks first: a change committed after this statement keeps its mark for the next report.
      await forgetMarks(tx, zone, sorted);
      await tx.$executeRawUnsafe(`DELETE FROM "ReportDay" WHERE zone = $1 AND date_trunc('month', day)::date = ANY($2::date[])`, zone, sorted);
      await tx.$executeRawUnsafe(`DELETE FROM "ReportSolved" WHERE zone = $1 AND month = ANY($2::date[])`, zone, sorted);
      await tx.$executeRawUnsafe(`DELETE FROM "ReportMonth" WHERE zone = $1 AND month = ANY($2::date[])`, zone, sorted);
      await tx.$executeRawUnsafe(
        `WITH ${SETTLED},
         kept AS (SELECT * FROM facts WHERE month = ANY($4::date[])),
         days AS (
           INSERT INTO "ReportDay" (zone, day, "groupId", "ownerId", category, priority, volume, ${DAY_COLUMNS}, "validFrom")
           SELECT $1, day, "groupId", "ownerId", category, priority, count(*),
                  count(*) FILTER (WHERE ack_decided), count(*) FILTER (WHERE ack_on_time),
                  count(*) FILTER (WHERE sol_decided), count(*) FILTER (WHERE sol_on_time),
                  count(*) FILTER (WHERE resolved), count(*) FILTER (WHERE status = 'rejected'),
                  count(solved_ms), coalesce(sum(solved_ms), 0), coalesce(sum(escalations), 0),
                  count(rating), coalesce(sum(rating), 0), count(*) FILTER (WHERE resolved AND surveyed),
                  count(rating) FILTER (WHERE rated_in_chat), count(rating) FILTER (WHERE NOT rated_in_chat),
                  coalesce(sum(paused_ms), 0), count(*) FILTER (WHERE low_rated), count(*) FILTER (WHERE low_rated AND reviewed),
                  max(valid_from)
             FROM kept GROUP BY day, "groupId", "ownerId", category, priority)
         INSERT INTO "ReportSolved" (zone, month, "groupId", "ownerId", category, priority, tenths, n)
         -- Tenths of an hour rounded half up, as the report rounds (domain/report.ts, hours).
         SELECT $1, month, "groupId", "ownerId", category, priority, ((solved_ms + 180000) / 360000)::int, count(*)
           FROM kept WHERE solved_ms IS NOT NULL
          GROUP BY month, "groupId", "ownerId", category, priority, 7`,
        zone,
        first,
        nextMonth(last),
        sorted,
      );
      await tx.$executeRawUnsafe(`INSERT INTO "ReportMonth" (zone, month, "computedAt") SELECT $1, m, now() FROM unnest($2::date[]) m`, zone, sorted);
    },
    { timeout: 300_000, maxWait: 120_000 },
  );
}

/**
 * Removes the marks of changes to `months` (being added up again) and to months no report
 * keeps: a mark goes once every month its hour touches is one of these. Under the lock addUpMonths
 * takes, so a month is never kept from a reading that missed a change whose mark is removed.
 */
async function forgetMarks(tx: Tx, zone: string, months: string[]): Promise<void> {
  await tx.$executeRawUnsafe(
    `DELETE FROM "ReportStale" s
      WHERE NOT EXISTS (
        SELECT 1 FROM (VALUES (${localDay('s.hour')}), (${localDay(`(s.hour + interval '1 hour' - interval '1 millisecond')`)})) h(day)
         WHERE date_trunc('month', h.day)::date <> ALL($2::date[])
           AND EXISTS (SELECT 1 FROM "ReportMonth" m WHERE m.zone = $1 AND m.month = date_trunc('month', h.day)::date))`,
    zone,
    months,
  );
}

/**
 * Nightly: the marks of changes to months no report keeps (a team that never asks for a month
 * would otherwise collect one per change for good). Kept months keep theirs for their next report.
 */
export async function pruneReportMarks(store: Store, zone: string): Promise<void> {
  await store.$transaction(async (tx) => {
    await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(hashtext('pledge report rollup'))`);
    await forgetMarks(tx, zone, []);
  }, { timeout: 120_000, maxWait: 60_000 });
}

function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
}

/** What readRollup found besides the totals: which months are added up, and which changed since. */
export interface RollupState {
  kept: string[];
  stale: string[];
  /** False when the report's instant comes before something the kept totals rely on. */
  valid: boolean;
}

const TOTALS = `
  coalesce(sum(volume), 0)::int AS volume, coalesce(sum(ack_decided), 0)::int AS "acknowledgeDecided", coalesce(sum(ack_on_time), 0)::int AS "acknowledgeOnTime",
  coalesce(sum(sol_decided), 0)::int AS "solutionDecided", coalesce(sum(sol_on_time), 0)::int AS "solutionOnTime", coalesce(sum(resolved), 0)::int AS resolved,
  coalesce(sum(rejected), 0)::int AS rejected, coalesce(sum(solved), 0)::int AS solved, coalesce(sum(solved_ms), 0)::float8 AS "solvedMs", coalesce(sum(escalations), 0)::int AS escalations,
  coalesce(sum(rated), 0)::int AS rated, coalesce(sum(rating_sum), 0)::int AS "ratingSum", coalesce(sum(resolved_surveyed), 0)::int AS "resolvedSurveyed",
  coalesce(sum(rated_by_complainant), 0)::int AS "ratedByComplainant", coalesce(sum(rated_by_staff), 0)::int AS "ratedByStaff", coalesce(sum(paused_ms), 0)::float8 AS "pausedMs",
  coalesce(sum(low_rated), 0)::int AS "lowRated", coalesce(sum(reviewed), 0)::int AS reviewed, bool_and(valid_from IS NULL OR valid_from <= $5::timestamp) AS valid`;

/**
 * A period of whole months: its kept day totals, plus what its running stages and waits add at
 * the report's instant ($5), grouped as db/report.ts's periodTotals groups (the whole period, each
 * group, owner, category and priority, and with `weekStarts` each week), and each row's 90th
 * percentile of working time to a solution from the kept counts. With them, in the same reading,
 * the months kept and those changed since: the totals hold only if every month is kept and none changed.
 */
export async function readRollup(store: Store, want: RollupRequest): Promise<{ rows: RollupRow[]; state: RollupState }> {
  const dims: [column: string, dimension: string][] = [
    ...(want.weekStarts ? [['week', 'week'] as [string, string]] : []),
    ...(want.report ? ([['"groupId"', 'group'], ['"ownerId"', 'owner'], ['category', 'category'], ['priority', 'priority']] as [string, string][]) : []),
  ];
  const sets = [...(want.report ? ['()'] : []), ...dims.map(([column]) => `(${column})`)];
  const keyed = dims.filter(([column]) => column !== 'week').map(([column]) => column);
  const zero = Array(14).fill('0').join(', ');
  const rows = await store.$queryRawUnsafe<(RollupRow & { kept: (Date | string)[]; stale: (Date | string)[] | null; valid: boolean | null; dimension: RollupRow['dimension'] | null })[]>(
    `WITH state AS (
       SELECT ARRAY(SELECT month FROM "ReportMonth" WHERE zone = $1 AND month = ANY($2::date[])) AS kept,
              ARRAY(SELECT DISTINCT date_trunc('month', h.day)::date
                      FROM "ReportStale" s, LATERAL (VALUES (${localDay('s.hour')}), (${localDay(`(s.hour + interval '1 hour' - interval '1 millisecond')`)})) h(day)
                     WHERE s.hour > $3::timestamp - interval '1 hour' AND s.hour < $4::timestamp) AS stale),
     kept AS (
       SELECT "groupId", "ownerId", category, priority, width_bucket(${localStart('day')}, $6::timestamp[]) - 1 AS week,
              volume, "acknowledgeDecided" AS ack_decided, "acknowledgeOnTime" AS ack_on_time, "solutionDecided" AS sol_decided,
              "solutionOnTime" AS sol_on_time, resolved, rejected, solved, "solvedMs" AS solved_ms, escalations, rated, "ratingSum" AS rating_sum,
              "resolvedSurveyed" AS resolved_surveyed, "ratedByComplainant" AS rated_by_complainant, "ratedByStaff" AS rated_by_staff,
              "pausedMs" AS paused_ms, "lowRated" AS low_rated, reviewed, "validFrom" AS valid_from
         FROM "ReportDay" WHERE zone = $1 AND day >= $7::date AND day < $8::date),
     running AS (
       -- A running stage is decided once due (FACTS); its complaint's other totals are kept.
       SELECT "groupId", "ownerId", category, priority::text, width_bucket("filedAt", $6::timestamp[]) - 1,
              0, ("ackMetAt" IS NULL AND "ackDueAt" <= $5::timestamp)::int, 0, ("solutionMetAt" IS NULL AND "solutionDueAt" <= $5::timestamp)::int,
              ${zero}, NULL::timestamp
         FROM "Complaint"
        WHERE "filedAt" >= $3::timestamp AND "filedAt" < $4::timestamp
          AND (("ackMetAt" IS NULL AND "ackDueAt" IS NOT NULL) OR ("solutionMetAt" IS NULL AND "solutionDueAt" IS NOT NULL))),
     waiting AS (
       -- A wait still running counts up to the report's instant.
       SELECT c."groupId", c."ownerId", c.category, c.priority::text, width_bucket(c."filedAt", $6::timestamp[]) - 1,
              ${Array(15).fill('0').join(', ')}, (extract(epoch FROM ($5::timestamp - d."startedAt")) * 1000)::float8, 0, 0, NULL::timestamp
         FROM "Deadline" d JOIN "Complaint" c ON c.id = d."complaintId"
        WHERE d.stage = 'pause' AND d."metAt" IS NULL AND d."startedAt" < $5::timestamp
          AND c."filedAt" >= $3::timestamp AND c."filedAt" < $4::timestamp),
     facts AS (SELECT * FROM kept UNION ALL SELECT * FROM running UNION ALL SELECT * FROM waiting),
     totals AS (
       SELECT CASE ${dims.map(([column, dimension]) => `WHEN grouping(${column}) = 0 THEN '${dimension}'`).join(' ')} ELSE 'total' END AS dimension,
              ${keyed.length ? `coalesce(${keyed.join(', ')})` : 'NULL::text'} AS key, ${want.weekStarts ? 'week' : 'NULL::int AS week'}, ${TOTALS}
         FROM facts GROUP BY GROUPING SETS (${sets.join(', ')})),
     solved AS (
       SELECT CASE WHEN grouping("groupId") = 0 THEN 'group' WHEN grouping("ownerId") = 0 THEN 'owner' WHEN grouping(category) = 0 THEN 'category'
                   WHEN grouping(priority) = 0 THEN 'priority' ELSE 'total' END AS dimension,
              coalesce("groupId", "ownerId", category, priority) AS key, tenths, sum(n) AS n
         FROM "ReportSolved" WHERE $9::boolean AND zone = $1 AND month = ANY($2::date[])
        GROUP BY GROUPING SETS ((tenths), ("groupId", tenths), ("ownerId", tenths), (category, tenths), (priority, tenths))),
     ranked AS (
       SELECT dimension, key, tenths, sum(n) OVER (PARTITION BY dimension, key ORDER BY tenths) AS below, sum(n) OVER (PARTITION BY dimension, key) AS n
         FROM solved),
     p90 AS (
       -- Nearest rank, as domain/report.ts's percentile: the least value with ceil(0.9 n) of them at or below it.
       SELECT dimension, key, min(tenths) FILTER (WHERE below >= ceil(0.9::float8 * n::float8)) AS tenths FROM ranked GROUP BY 1, 2)
     SELECT state.kept, state.stale, totals.*, (p90.tenths * 360000)::float8 AS "solvedP90Ms"
       FROM state
       LEFT JOIN totals ON true
       LEFT JOIN p90 ON p90.dimension = totals.dimension AND p90.key IS NOT DISTINCT FROM totals.key`,
    want.zone,
    want.months,
    want.start.toISOString(),
    want.end.toISOString(),
    want.asOf.toISOString(),
    (want.weekStarts ?? []).map((d) => d.toISOString()),
    want.months[0],
    nextMonth(want.months.at(-1)!),
    want.report,
  );
  const first = rows[0]!;
  const day = (d: Date | string) => (typeof d === 'string' ? d : d.toISOString()).slice(0, 10);
  const state: RollupState = {
    kept: first.kept.map(day),
    stale: (first.stale ?? []).map(day).filter((m) => want.months.includes(m)),
    valid: rows.every((r) => r.valid !== false),
  };
  const totals = rows.filter((r) => r.dimension !== null).map(({ kept: _k, stale: _s, valid: _v, ...r }) => ({ ...r, solvedP90Ms: r.solved ? r.solvedP90Ms : null }) as RollupRow);
  return { rows: totals, state };
}
