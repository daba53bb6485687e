/**
 * Bulk seeding for the data-volume benches: complaints with their clocks, audit events, sent
 * outbox rows, surveys and escalations, written by INSERT ... SELECT over generate_series so
 * 100k complaints take seconds, not the minutes the services would (one transaction each).
 *
 * Rows look like what the services leave behind, not like a valid history: the seeded events
 * carry placeholder hashes (the audit chain is not verifiable) and nothing is sent to Slack.
 * Ids and values are derived from the sequence number, so a run is reproducible.
 */
import type { ResolvedGroup } from '../src/config';
import type { Store } from '../src/db/tx';

export interface SeedBatch {
  /** First reference sequence number; the batch takes [firstSeq, firstSeq + count). */
  firstSeq: number;
  count: number;
  state: 'open' | 'closed';
  /** Complaints are spread over these groups in turn. */
  groups: readonly ResolvedGroup[];
  /** Filing times are spread evenly over [filedFrom, filedTo). */
  filedFrom: Date;
  filedTo: Date;
  now: Date;
}

/** A timestamp literal: the columns are TIMESTAMP(3) holding UTC, as Prisma writes them. */
export const ts = (d: Date) => `'${d.toISOString().replace('T', ' ').replace('Z', '')}'::timestamp`;
const textArray = (xs: readonly string[]) => `ARRAY[${xs.map((x) => `'${x.replace(/'/g, "''")}'`).join(',')}]::text[]`;

/** Deterministic uuid-shaped ids: random-looking, like the services' uuids, so index order is realistic. */
export const seededId = (prefix: string, seqSql: string) => `md5('${prefix}' || ${seqSql})::uuid::text`;

export async function seedComplaints(store: Store, b: SeedBatch): Promise<void> {
  const last = b.firstSeq + b.count - 1;
  const stepMs = (b.filedTo.getTime() - b.filedFrom.getTime()) / Math.max(1, b.count);
  const n = b.groups.length;
  const status =
    b.state === 'open'
      ? `(ARRAY['accepted','investigating','investigating','solution_proposed'])[1 + s % 4]`
      : `CASE WHEN s % 20 = 0 THEN 'rejected' WHEN s % 20 = 1 THEN 'withdrawn' WHEN s % 20 IN (2, 3, 4) THEN 'resolved' ELSE 'archived' END`;
  await store.$executeRawUnsafe(`
    INSERT INTO "Complaint" (id, reference, year, seq, title, details, category, priority, source, status,
      "filerId", "ownerId", "groupId", "firstContactId", "channelId", "rootMessageId", "submissionKey",
      "filedAt", "acceptedAt", "resolvedAt", "closedAt", "updatedAt", result, "archivedAt", "archiveReason")
    SELECT id, 'PLG-2026-' || lpad(s::text, 6, '0'), 2026, s, 'Bench complaint ' || s, 'Seeded by bench/seed.ts',
      category, (CASE WHEN s % 50 = 1 THEN 'urgent' WHEN s % 20 = 0 THEN 'major' ELSE 'normal' END)::"Priority",
      -- 'archived' here is a resolved complaint archived later: archiving sits beside the outcome.
      'chat'::"Source", (CASE WHEN status = 'archived' THEN 'resolved' ELSE status END)::"Status", 'UFILER' || (s % 50), owner, grp, owner, channel,
      '1700000000.' || lpad(s::text, 6, '0'), 'bench-' || s,
      filed, filed + interval '1 hour', resolved,
      CASE WHEN status IN ('rejected', 'withdrawn') THEN filed + interval '1 day' END,
      filed + interval '1 hour',
      -- Handled ones have a result (what the quality sample draws from); withdrawn ones none.
      CASE WHEN status IN ('resolved', 'archived', 'rejected') THEN 'Seeded result' END,
      CASE WHEN status = 'archived' THEN resolved + interval '5 days' END,
      CASE WHEN status = 'archived' THEN 'limit' END
    FROM (
      SELECT s, id, filed, status, grp, channel, category, owner,
        CASE WHEN status IN ('resolved', 'archived') THEN filed + (2 + s % 90) * interval '1 hour' END AS resolved
      FROM (
        SELECT s, ${seededId('complaint', 's')} AS id,
          ${ts(b.filedFrom)} + (s - ${b.firstSeq}) * ${stepMs}::float8 * interval '1 millisecond' AS filed,
          ${status} AS status,
          (${textArray(b.groups.map((g) => g.id))})[1 + s % ${n}] AS grp,
          (${textArray(b.groups.map((g) => g.channel))})[1 + s % ${n}] AS channel,
          (${textArray(b.groups.map((g) => g.categories[0] ?? 'other'))})[1 + s % ${n}] AS category,
          'UOWNER' || (s % 12) AS owner
        FROM generate_series(${b.firstSeq}, ${last}) AS s
      ) x
    ) y`);
  const batch = `c.seq BETWEEN ${b.firstSeq} AND ${last}`;
  await seedClocks(store, b, batch);
  await seedHistory(store, b, batch);
}

/**
 * Open: acknowledge met, solution running (a tenth already breached, the rest checked some time
 * in the next four days). Closed: acknowledge, solution and (if resolved) feedback all met.
 */
async function seedClocks(store: Store, b: SeedBatch, batch: string): Promise<void> {
  const now = ts(b.now);
  await store.$executeRawUnsafe(`
    INSERT INTO "Deadline" (id, "complaintId", stage, "accountableId", clock, "startedAt", "dueAt", "nextCheckAt", "metAt", "breachedAt")
    SELECT ${seededId('ack', 'c.seq')}, c.id, 'acknowledge', c."ownerId", 'elapsed', c."filedAt", c."filedAt" + interval '24 hours', NULL,
      c."filedAt" + (c.seq % 30) * interval '1 hour' + interval '5 minutes',
      CASE WHEN c.seq % 30 >= 24 THEN c."filedAt" + interval '24 hours' END
    FROM "Complaint" c WHERE ${batch}`);
  if (b.state === 'open') {
    await store.$executeRawUnsafe(`
      INSERT INTO "Deadline" (id, "complaintId", stage, "accountableId", clock, "startedAt", "dueAt", "thresholdsDone", "nextCheckAt", "breachedAt")
      SELECT ${seededId('sol', 'c.seq')}, c.id, 'solution', c."ownerId", 'working', c."acceptedAt", due,
        CASE WHEN late THEN 3 ELSE c.seq % 3 END,
        CASE WHEN late THEN NULL ELSE ${now} + (c.seq % 97 + 1) * interval '1 hour' END,
        CASE WHEN late THEN due END
      FROM (SELECT c.*, c.seq % 10 = 0 AS late,
              CASE WHEN c.seq % 10 = 0 THEN ${now} - (c.seq % 30 + 1) * interval '1 hour'
                   ELSE ${now} + (c.seq % 97 + 2) * interval '1 hour' END AS due
            FROM "Complaint" c WHERE ${batch}) c`);
    return;
  }
  await store.$executeRawUnsafe(`
    INSERT INTO "Deadline" (id, "complaintId", stage, "accountableId", clock, "startedAt", "dueAt", "thresholdsDone", "metAt", "breachedAt")
    SELECT ${seededId('sol', 'c.seq')}, c.id, 'solution', c."ownerId", 'working', c."acceptedAt", c."filedAt" + interval '3 days', 3, met,
      CASE WHEN met > c."filedAt" + interval '3 days' THEN c."filedAt" + interval '3 days' END
    FROM (SELECT c.*, coalesce(c."resolvedAt" - interval '30 minutes', c."closedAt") AS met FROM "Complaint" c WHERE ${batch}) c`);
  await store.$executeRawUnsafe(`
    INSERT INTO "Deadline" (id, "complaintId", stage, "accountableId", clock, "startedAt", "dueAt", "thresholdsDone", "metAt")
    SELECT ${seededId('fb', 'c.seq')}, c.id, 'feedback', c."ownerId", 'working', c."resolvedAt" - interval '30 minutes',
      c."resolvedAt" + interval '210 minutes', 0, c."resolvedAt"
    FROM "Complaint" c WHERE ${batch} AND c."resolvedAt" IS NOT NULL`);
}

/**
 * What else a complaint leaves: its filing event, a delivered outbox message, and for some an
 * escalation the leader already decided (respondBy in the past: history the sweep's
 * overdue-escalation query has to step over) and a satisfaction survey.
 */
async function seedHistory(store: Store, b: SeedBatch, batch: string): Promise<void> {
  const now = ts(b.now);
  await store.$executeRawUnsafe(`
    INSERT INTO "Event" ("complaintId", "actorId", type, payload, at, "prevHash", hash)
    SELECT c.id, c."filerId", 'complaint.filed', jsonb_build_object('reference', c.reference), c."filedAt", NULL, 'seed:' || md5(c.id)
    FROM "Complaint" c WHERE ${batch} ORDER BY c.seq`);
  await store.$executeRawUnsafe(`
    INSERT INTO "Notification" ("dedupeKey", kind, target, "complaintId", payload, attempts, "nextAttemptAt", "createdAt", "sentAt", "resultChannel", "resultMessageId")
    SELECT 'seed:' || c.id, 'channel.root', c."groupId", c.id, '{}'::jsonb, 1, c."filedAt", c."filedAt", c."filedAt" + interval '1 second', c."channelId", c."rootMessageId"
    FROM "Complaint" c WHERE ${batch}`);
  const leaders = textArray(b.groups.map((g) => g.leader));
  const groupIds = textArray(b.groups.map((g) => g.id));
  await store.$executeRawUnsafe(`
    INSERT INTO "Escalation" (id, "complaintId", "deadlineId", stage, level, "approverId", reason, "requestedAt", "respondBy", decision, "decidedAt", "decidedBy")
    SELECT ${seededId('esc', 'c.seq')}, c.id, NULL, 'solution', 1, leader, 'at_risk', at, least(at + interval '4 hours', ${now} - interval '1 minute'),
      'approved', least(at + interval '1 hour', ${now} - interval '1 minute'), leader
    FROM (SELECT c.*, least(c."filedAt" + interval '1 day', ${now} - interval '2 hours') AS at,
            (${leaders})[array_position(${groupIds}, c."groupId")] AS leader
          FROM "Complaint" c WHERE ${batch} AND c.seq % 20 = 7) c`);
  if (b.state === 'closed') {
    await store.$executeRawUnsafe(`
      INSERT INTO "Survey" (id, "complaintId", rating, channel, "recordedBy", "recordedAt", "updatedAt")
      SELECT ${seededId('survey', 'c.seq')}, c.id, CASE c.seq % 10 WHEN 0 THEN 2 WHEN 1 THEN 3 ELSE 4 + c.seq % 2 END, 'dm', c."filerId",
        c."resolvedAt" + interval '1 day', c."resolvedAt" + interval '1 day'
      FROM "Complaint" c WHERE ${batch} AND c."resolvedAt" IS NOT NULL AND c.seq % 5 < 3`);
  }
}

/** Fresh planner statistics. PGlite has no autovacuum daemon, so nothing else would gather them. */
export async function analyze(store: Store): Promise<void> {
  await store.$executeRawUnsafe('ANALYZE');
}

/** Row counts of the tables the benches fill, for the report. */
export async function tableSizes(store: Store): Promise<Record<string, number>> {
  const tables = ['Complaint', 'Deadline', 'Event', 'Notification', 'Escalation', 'Survey'];
  const rows = await store.$queryRawUnsafe<{ t: string; n: bigint }[]>(
    tables.map((t) => `SELECT '${t}' AS t, count(*) AS n FROM "${t}"`).join(' UNION ALL '),
  );
  return Object.fromEntries(rows.map((r) => [r.t, Number(r.n)]));
}
