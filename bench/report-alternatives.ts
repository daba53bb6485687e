/**
 * periodReport split in two and compared with a linear grouping: reading the facts (src's
 * pages, mapped to facts the simple way: the first clock of each stage), then building the
 * report with buildReport's grouping replaced by one that pushes onto each group's list instead
 * of copying it (`[...list, f]` per fact is quadratic in the size of the largest group).
 * Both builds are checked to agree on the same facts (a subset: the quadratic one is the slow one).
 */
import { factRows, type FactRow } from '../src/db/report';
import type { Period } from '../src/domain/period';
import { buildReport, DIMENSIONS, metrics, type ComplaintFact, type Dimension, type Report } from '../src/domain/report';
import type { Store } from '../src/db/tx';
import type { ServiceDeps } from '../src/services/deps';
import { timed } from './seeded-db';

const CHECKED = 5_000;

export interface ReportComparison {
  facts: number;
  readMs: number;
  /** The same fact columns in one SQL statement (joins instead of IN-lists of 5,000 ids per page). */
  oneQueryReadMs: number;
  oneQueryRows: number;
  linearBuildMs: number;
  /** buildReport and buildReportLinear agree on the first CHECKED facts. */
  checked: number;
  agrees: boolean;
}

export async function compareReportBuild(deps: ServiceDeps, period: Period): Promise<ReportComparison> {
  const read = await timed(async () => {
    const facts: ComplaintFact[] = [];
    for await (const rows of factRows(deps.prisma, period.start, period.end)) for (const row of rows) facts.push(toFact(deps, row));
    return facts;
  });
  const oneQuery = await timed(() => readFactsInOneQuery(deps.prisma, period.start, period.end));
  const asOf = deps.clock.now();
  const build = await timed(async () => buildReportLinear(read.value, period, asOf));
  const subset = read.value.slice(0, CHECKED);
  return {
    facts: read.value.length,
    readMs: read.ms,
    oneQueryReadMs: oneQuery.ms,
    oneQueryRows: oneQuery.value.length,
    linearBuildMs: build.ms,
    checked: subset.length,
    agrees: JSON.stringify(buildReport(subset, period, asOf)) === JSON.stringify(buildReportLinear(subset, period, asOf)),
  };
}

/**
 * Each page of factRows sends the page's 5,000 ids back as IN-lists for deadlines and surveys;
 * with that many ids the planner scans the whole Deadline table once per page, so reading a
 * period costs pages x table. Joined in one statement, each table is read once.
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

const keyOf: Record<Dimension, (f: ComplaintFact) => string> = {
  group: (f) => f.groupId,
  owner: (f) => f.ownerId,
  category: (f) => f.category,
  priority: (f) => f.priority,
};

/** domain/report.ts's buildReport, grouping by push. */
export function buildReportLinear(facts: ComplaintFact[], period: Report['period'], asOf: Date): Report {
  const by = {} as Report['by'];
  for (const dimension of DIMENSIONS) {
    const groups = new Map<string, ComplaintFact[]>();
    for (const f of facts) {
      const key = keyOf[dimension](f);
      const list = groups.get(key);
      if (list) list.push(f);
      else groups.set(key, [f]);
    }
    by[dimension] = [...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([key, list]) => ({ key, metrics: metrics(list, asOf) }));
  }
  return { period, total: metrics(facts, asOf), by };
}

/** Roughly services/report.ts's toFact (which is private): enough for timing the build. */
function toFact(deps: ServiceDeps, row: FactRow): ComplaintFact {
  const stage = (name: string) => row.deadlines.find((d) => d.stage === name) ?? null;
  const solution = stage('solution');
  return {
    reference: row.reference,
    groupId: row.groupId,
    ownerId: row.ownerId,
    category: row.category,
    priority: row.priority,
    status: row.status,
    filedAt: row.filedAt,
    acknowledge: stage('acknowledge'),
    solution,
    solutionWorkingMs: solution?.metAt ? deps.calendarFor(row.groupId).workingTimeBetween(row.filedAt, solution.metAt) : null,
    escalations: row._count.escalations,
    rating: row.survey?.rating ?? null,
    surveyed: row.survey !== null,
  };
}
