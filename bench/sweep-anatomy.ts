/**
 * Where a sweep's time goes, and what two alternatives would cost on the same 200 clocks:
 * - anatomy: one sweep through a query-logging client: statements per clock, and the time the
 *   driver saw the database take per statement kind, against the wall time (the rest is the
 *   client: Prisma's query compiler and interpreter, transaction bookkeeping, the event loop);
 * - the same sweep in ONE transaction (every statement unchanged, but one BEGIN/COMMIT): the
 *   share of per-transaction cost, i.e. what committing clocks in chunks would save;
 * - set-based writes: the same rows (claims, events with their hash chain, escalations,
 *   outbox messages, App Home refreshes) in one transaction of six statements: the floor of
 *   a batched sweep.
 */
import { eventHash } from '../src/db/audit';
import type { Store, Tx } from '../src/db/tx';
import type { AuditEventType } from '../src/domain/audit';
import type { ServiceDeps } from '../src/services/deps';
import { openEscalationFor, overdueEscalations } from '../src/db/sweep';
import { sweep } from '../src/services/sweep';
import type { DbKind } from './options';
import { armDueSet, type DueSet } from './due-clocks';
import { ts } from './seed';
import { openQueryLog, type StatementKind } from './query-log';
import { medianMs, timed } from './seeded-db';

export interface Anatomy {
  wallMs: number;
  statements: number;
  dbMs: number;
  byKind: StatementKind[];
}

/** One sweep with every statement logged (BEGIN is not reported by Prisma; COMMIT is). */
export async function sweepAnatomy(url: string, kind: DbKind, deps: ServiceDeps, set: DueSet): Promise<Anatomy> {
  const log = openQueryLog(url, kind);
  try {
    const loggedDeps = { ...deps, prisma: log.prisma };
    await armDueSet(log.prisma, set);
    await sweep(loggedDeps); // warm-up of this client's compiled queries
    await armDueSet(log.prisma, set);
    log.reset();
    const { ms } = await timed(() => sweep(loggedDeps));
    return { wallMs: ms, statements: log.statements(), dbMs: log.dbMs(), byKind: log.byKind() };
  } finally {
    await log.close();
  }
}

/** The unchanged sweep, with every `inTransaction` it opens folded into one outer transaction. */
export async function oneTransactionSweep(deps: ServiceDeps): Promise<void> {
  await deps.prisma.$transaction(
    async (tx) => {
      const folded = new Proxy(tx, {
        get: (target, key) => (key === '$transaction' ? (work: (t: Tx) => Promise<unknown>) => work(target) : Reflect.get(target, key)),
      }) as unknown as Store;
      await sweep({ ...deps, prisma: folded });
    },
    { maxWait: 10_000, timeout: 120_000 },
  );
}

const CHAIN_LOCK = 7_031_001;
const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** The sweep's writes for the (armed) set, done set-based in one transaction. */
export async function setBasedWrites(deps: ServiceDeps, set: DueSet): Promise<void> {
  const now = deps.clock.now();
  const acting = set.rows.filter((r) => r.plan.kind === 'warn' || r.plan.kind === 'escalate' || r.plan.kind === 'breach');
  await deps.prisma.$transaction(
    async (tx) => {
      await tx.$executeRawUnsafe('SELECT pg_advisory_xact_lock($1)', CHAIN_LOCK);
      const claims = acting.map((r) => {
        const p = r.plan as { thresholdsDone: number; nextCheckAt: Date | null };
        return `(${r.seq}, ${p.thresholdsDone}, ${p.nextCheckAt ? ts(p.nextCheckAt) : 'NULL::timestamp'}, ${r.plan.kind === 'breach'})`;
      });
      const claimed = await tx.$queryRawUnsafe<{ seq: number; id: string; complaintId: string; accountableId: string; filerId: string }[]>(`
        UPDATE "Deadline" d SET "thresholdsDone" = v.done, "nextCheckAt" = v.next, "breachedAt" = CASE WHEN v.breach THEN d."dueAt" ELSE d."breachedAt" END
        FROM (VALUES ${claims.join(',')}) AS v(seq, done, next, breach)
        WHERE d.id = md5('sol' || v.seq)::uuid::text AND d."thresholdsDone" = 0 AND d."metAt" IS NULL
        RETURNING v.seq, d.id, d."complaintId", d."accountableId", (SELECT "filerId" FROM "Complaint" c WHERE c.id = d."complaintId") AS "filerId"`);
      const bySeq = new Map(claimed.map((c) => [c.seq, c]));
      const [last] = await tx.$queryRawUnsafe<{ hash: string }[]>('SELECT hash FROM "Event" ORDER BY id DESC LIMIT 1');
      let prev = last?.hash ?? null;
      const events: string[] = [];
      const escalations: string[] = [];
      const messages: { event: number; kind: string; target: string; complaintId: string }[] = [];
      // The App Home refreshes record() queues for everyone concerned (filer, owner, approver).
      const homes = (event: number, c: { complaintId: string; accountableId: string; filerId: string }, approver?: string) =>
        [...new Set([c.filerId, c.accountableId, ...(approver ? [approver] : [])])].map((target) => ({ event, kind: 'home.refresh', target, complaintId: c.complaintId }));
      const addEvent = (complaintId: string, type: AuditEventType, payload: Record<string, unknown>) => {
        const hash = eventHash(prev, { complaintId, actorId: 'system', type, payload, at: now });
        events.push(`(${lit(complaintId)}, 'system', ${lit(type)}, ${lit(JSON.stringify(payload))}::jsonb, ${ts(now)}, ${prev ? lit(prev) : 'NULL'}, ${lit(hash)})`);
        prev = hash;
        return events.length - 1;
      };
      for (const r of acting) {
        const c = bySeq.get(r.seq);
        if (!c) continue;
        const breach = r.plan.kind === 'breach';
        const e = addEvent(c.complaintId, breach ? 'deadline.breached' : 'deadline.warned', { deadlineId: c.id, stage: 'solution', accountableId: c.accountableId });
        messages.push({ event: e, kind: 'notice', target: c.accountableId, complaintId: c.complaintId }, { event: e, kind: 'thread.line', target: c.complaintId, complaintId: c.complaintId }, ...homes(e, c));
        if (r.plan.kind === 'warn') continue;
        const leader = deps.escalationChain(r.groupId)[0]!;
        const escalationId = crypto.randomUUID();
        escalations.push(`(${lit(escalationId)}, ${lit(c.complaintId)}, ${lit(c.id)}, 'solution', 1, ${lit(leader)}, ${lit(breach ? 'breached' : 'at_risk')}, ${ts(now)}, ${ts(new Date(now.getTime() + 4 * 3_600_000))})`);
        const o = addEvent(c.complaintId, 'escalation.opened', { escalationId, level: 1, approverId: leader });
        messages.push({ event: o, kind: 'escalation.ask', target: leader, complaintId: c.complaintId }, { event: o, kind: 'channel.line', target: r.groupId, complaintId: c.complaintId }, ...homes(o, c, leader));
      }
      const ids = await tx.$queryRawUnsafe<{ id: bigint }[]>(
        `INSERT INTO "Event" ("complaintId", "actorId", type, payload, at, "prevHash", hash) VALUES ${events.join(',')} RETURNING id`,
      );
      if (escalations.length) {
        await tx.$executeRawUnsafe(
          `INSERT INTO "Escalation" (id, "complaintId", "deadlineId", stage, level, "approverId", reason, "requestedAt", "respondBy") VALUES ${escalations.join(',')}`,
        );
      }
      const rows = messages.map((m, i) => `(${lit(`event:${ids[m.event]!.id}:${i}:${m.kind}:${m.target}`)}, ${lit(m.kind)}, ${lit(m.target)}, ${lit(m.complaintId)}, '{}'::jsonb, ${ts(now)}, ${ts(now)})`);
      await tx.$executeRawUnsafe(
        `INSERT INTO "Notification" ("dedupeKey", kind, target, "complaintId", payload, "nextAttemptAt", "createdAt") VALUES ${rows.join(',')} ON CONFLICT DO NOTHING`,
      );
    },
    { maxWait: 10_000, timeout: 120_000 },
  );
}

export interface IndexComparison {
  escalations: number;
  openEscalationBeforeMs: number;
  openEscalationAfterMs: number;
  openEscalationPlanBefore: string;
  overdueBeforeMs: number;
  overdueAfterMs: number;
}

/**
 * Two lookups whose cost grows with the escalation history rather than with the work: the
 * sweep's openEscalationFor (by deadlineId, which has no index) on every escalating clock, and
 * overdueEscalations (respondBy <= now, which still holds for every decided escalation). Timed
 * before and after adding the indexes that would fix them.
 */
export async function indexComparison(deps: ServiceDeps, set: DueSet, repeats: number): Promise<IndexComparison> {
  const prisma = deps.prisma;
  const now = deps.clock.now();
  const deadlineIds = (await prisma.$queryRawUnsafe<{ id: string }[]>(`SELECT md5('sol' || s)::uuid::text AS id FROM unnest(ARRAY[${set.seqs.join(',')}]::int[]) AS s`)).map((r) => r.id);
  const lookups = async () => {
    for (const id of deadlineIds.slice(0, 100)) await openEscalationFor(prisma, id);
  };
  const perLookup = async () => (await medianMs(repeats, lookups)) / Math.min(100, deadlineIds.length);
  const plan = await prisma.$queryRawUnsafe<{ 'QUERY PLAN': string }[]>(
    `EXPLAIN SELECT * FROM "Escalation" WHERE "deadlineId" = $1 AND decision IS NULL AND "handedUpAt" IS NULL LIMIT 1`,
    deadlineIds[0] ?? '',
  );
  const before = { open: await perLookup(), overdue: await medianMs(repeats, () => overdueEscalations(prisma, now, 1000)) };
  await prisma.$executeRawUnsafe(`CREATE INDEX "bench_Escalation_deadlineId_idx" ON "Escalation" ("deadlineId")`);
  await prisma.$executeRawUnsafe(`CREATE INDEX "bench_Escalation_pending_respondBy_idx" ON "Escalation" ("respondBy") WHERE decision IS NULL AND "handedUpAt" IS NULL`);
  await prisma.$executeRawUnsafe(`ANALYZE "Escalation"`);
  const after = { open: await perLookup(), overdue: await medianMs(repeats, () => overdueEscalations(prisma, now, 1000)) };
  const [count] = await prisma.$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM "Escalation"`);
  return {
    escalations: Number(count?.n ?? 0),
    openEscalationBeforeMs: before.open,
    openEscalationAfterMs: after.open,
    openEscalationPlanBefore: plan.map((p) => p['QUERY PLAN'].trim()).find((l) => /Scan/.test(l)) ?? plan[0]?.['QUERY PLAN'] ?? '',
    overdueBeforeMs: before.overdue,
    overdueAfterMs: after.overdue,
  };
}
