/**
 * Reports read each complaint's first acknowledge and solution clocks from the complaint row
 * (migration report_facts): a trigger on Deadline keeps that copy, and the migration filled it
 * in for what existed. Checked against the clocks themselves, on both databases.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, expect, it } from 'vitest';
import { describeEachDb } from '../support/db';
import { buildReportFixture } from '../support/report-fixture';
import { testServices } from '../support/services';

const dir = join('prisma', 'migrations', readdirSync(join('prisma', 'migrations')).find((d) => d.endsWith('_report_facts'))!);
const backfill = readFileSync(join(dir, 'migration.sql'), 'utf8')
  .split('-- hand-written below')[1]!
  .split(/;\s*$/m)
  .map((s) => s.replace(/^\s*--.*$/gm, '').trim())
  .filter((s) => s.startsWith('UPDATE'));

type Copy = Record<string, unknown>;

/**
 * A running clock's breach is left to the sweep's own row (a report reads breachedAt only once
 * the clock is met, when the whole clock is copied again), so it is compared only once met.
 */
const COPIED = `c.id,
  c."ackDueAt" AS ack_due, c."ackMetAt" AS ack_met, CASE WHEN c."ackMetAt" IS NOT NULL THEN c."ackBreachedAt" END AS ack_breached,
  c."solutionDueAt" AS sol_due, c."solutionMetAt" AS sol_met, CASE WHEN c."solutionMetAt" IS NOT NULL THEN c."solutionBreachedAt" END AS sol_breached,
  c."solutionWorkingMs" AS sol_working`;

const FROM_CLOCKS = `c.id,
  a."dueAt" AS ack_due, a."metAt" AS ack_met, CASE WHEN a."metAt" IS NOT NULL THEN a."breachedAt" END AS ack_breached,
  s."dueAt" AS sol_due, s."metAt" AS sol_met, CASE WHEN s."metAt" IS NOT NULL THEN s."breachedAt" END AS sol_breached,
  s."workingMs" AS sol_working`;

const firstClock = (stage: string) =>
  `LEFT JOIN LATERAL (SELECT * FROM "Deadline" d WHERE d."complaintId" = c.id AND d.stage = '${stage}' ORDER BY d."startedAt", d.id LIMIT 1)`;

describeEachDb('first clocks on the complaint row', (getDb) => {
  let t: Awaited<ReturnType<typeof testServices>>;
  let fx: Awaited<ReturnType<typeof buildReportFixture>>;

  beforeEach(async () => {
    t = await testServices(getDb());
    fx = await buildReportFixture(t);
  });

  const copied = () => t.deps.prisma.$queryRawUnsafe<Copy[]>(`SELECT ${COPIED} FROM "Complaint" c ORDER BY c.id`);
  const fromClocks = () =>
    t.deps.prisma.$queryRawUnsafe<Copy[]>(`SELECT ${FROM_CLOCKS} FROM "Complaint" c ${firstClock('acknowledge')} a ON true ${firstClock('solution')} s ON true ORDER BY c.id`);

  it('follows the clocks as the services start, meet, close and reopen them, and the sweep breaches them', async () => {
    expect(await copied()).toEqual(await fromClocks());

    // Late: the sweep breaches what is running; then one is accepted late and one reopened.
    t.clock.set(new Date('2026-12-07T02:00:00Z'));
    await t.services.sweep();
    await t.services.acceptComplaint({ complaintId: fx.e.id, actorId: fx.e.ownerId });
    await t.services.reopenComplaint({ complaintId: fx.c.id, actorId: 'UFILER', reason: 'Still not refunded' });
    expect(await t.deps.prisma.deadline.count({ where: { complaintId: fx.c.id, stage: 'solution' } })).toBe(2);

    const now = await copied();
    expect(now).toEqual(await fromClocks());
    const e = now.find((r) => r.id === fx.e.id)!;
    expect(e.ack_met).toBeInstanceOf(Date);
    expect(e.ack_breached).toEqual(e.ack_due); // met late: the breach came along with it
    expect(now.filter((r) => r.sol_working !== null).length).toBeGreaterThan(0);
  });

  it('is filled in by the migration for complaints from before it', async () => {
    const before = await copied();
    await t.deps.prisma.$executeRawUnsafe(
      `UPDATE "Complaint" SET "ackDueAt" = NULL, "ackMetAt" = NULL, "ackBreachedAt" = NULL,
         "solutionDueAt" = NULL, "solutionMetAt" = NULL, "solutionBreachedAt" = NULL, "solutionWorkingMs" = NULL`,
    );
    expect(backfill).toHaveLength(2);
    for (const statement of backfill) await t.deps.prisma.$executeRawUnsafe(statement);
    expect(await copied()).toEqual(before);
    expect(before.filter((r) => r.ack_due !== null)).toHaveLength(7);
  });
});
