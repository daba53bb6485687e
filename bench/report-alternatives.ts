/**
 * periodReport split in two: reading the facts (src's factRows and toFact), then building
 * the report (src's buildReport), and the read compared with one joined SQL statement.
 */
import { factRows } from '../src/db/report';
import type { Period } from '../src/domain/period';
import { buildReport, type ComplaintFact } from '../src/domain/report';
import type { Store } from '../src/db/tx';
import type { ServiceDeps } from '../src/services/deps';
import { toFact } from '../src/services/report';
import { timed } from './seeded-db';

export interface ReportComparison {
  facts: number;
  readMs: number;
  /** The same fact columns, joined over whole tables. */
  oneQueryReadMs: number;
  oneQueryRows: number;
  buildMs: number;
}

export async function compareReportBuild(deps: ServiceDeps, period: Period): Promise<ReportComparison> {
  const read = await timed(async () => {
    return (await factRows(deps.prisma, period.start, period.end)).map((row): ComplaintFact => toFact(deps, row));
  });
  const oneQuery = await timed(() => readFactsInOneQuery(deps.prisma, period.start, period.end));
  const asOf = deps.clock.now();
  const build = await timed(async () => buildReport(read.value, period, asOf));
  return {
    facts: read.value.length,
    readMs: read.ms,
    oneQueryReadMs: oneQuery.ms,
    oneQueryRows: oneQuery.value.length,
    buildMs: build.ms,
  };
}

/**
 * src's factRows joins clocks, surveys and escalations to the period's complaints only. Here
 * the same columns with whole-table joins (every complaint's first clocks, then filtered): what
 * restricting the joins to the period saves, side by side.
 */
function readFactsInOneQuery(store: Store, start: Date, end: Date) {
  return store.$queryRawUnsafe<unknown[]>(
    `SELECT c.id, c.reference, c."groupId", c."ownerId", c.category, c.priority::text, c.status::text, c."filedAt", c."closedAt",
       ack."dueAt" AS "ackDue", ack."metAt" AS "ackMet", ack."breachedAt" AS "ackBreached",
       sol."dueAt" AS "solDue", sol."metAt" AS "solMet", sol."breachedAt" AS "solBreached",
       s.rating, coalesce(e.n, 0)::int AS escalations
     FROM "Complaint" c
     LEFT JOIN (SELECT DISTINCT ON ("complaintId") "complaintId", "dueAt", "metAt", "breachedAt" FROM "Deadline"
                WHERE stage = 'acknowledge' ORDER BY "complaintId", "startedAt") ack ON ack."complaintId" = c.id
     LEFT JOIN (SELECT DISTINCT ON ("complaintId") "complaintId", "dueAt", "metAt", "breachedAt" FROM "Deadline"
                WHERE stage = 'solution' ORDER BY "complaintId", "startedAt") sol ON sol."complaintId" = c.id
     LEFT JOIN "Survey" s ON s."complaintId" = c.id
     LEFT JOIN (SELECT "complaintId", count(*) AS n FROM "Escalation" GROUP BY 1) e ON e."complaintId" = c.id
     WHERE c."filedAt" >= $1::timestamp AND c."filedAt" < $2::timestamp
     ORDER BY c.id`,
    start.toISOString(),
    end.toISOString(),
  );
}
