/**
 * The nightly jobs. PGlite has no autovacuum, so Pledge schedules VACUUM (ANALYZE) itself on the
 * embedded database, and only there: a PostgreSQL server looks after its own. On both, the audit
 * log's head goes to the process log, a record outside the database to check the chain against.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scheduledJobs } from '../../src/pledge';
import { openTestDb, type TestDb } from '../support/db';
import { draft, testServices } from '../support/services';

describe('the nightly jobs, and the embedded database\'s settings', () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await openTestDb('embedded');
  });
  afterAll(async () => {
    await db.close();
  });

  const stats = async () =>
    (await db.prisma.$queryRawUnsafe<{ tuples: number; visible: number }[]>(
      `SELECT reltuples::int AS tuples, relallvisible::int AS visible FROM pg_class WHERE relname = 'Deadline'`,
    ))[0]!;

  it('is scheduled on the embedded database only, at the configured time', async () => {
    const t = await testServices(db);
    const jobs = (kind: 'embedded' | 'server') => scheduledJobs(t.config, { kind, prisma: db.prisma }, t.services, () => t.config.timezone, () => {});
    expect(jobs('embedded').find((j) => j.name === 'maintenance')).toMatchObject({ expression: '30 3 * * *', timezone: t.config.timezone });
    expect(jobs('server').map((j) => j.name)).toEqual(['sweep', ...t.config.groups.map((g) => `digest:${g.id}`), 'audit-head', 'report-marks', 'bookkeeping']);
  });

  it('frees dead row versions and gives the planner statistics', async () => {
    const t = await testServices(db);
    for (let i = 0; i < 5; i++) {
      const filed = await t.services.fileComplaint({ filerId: `UM${i}`, submissionKey: `maint-${i}`, draft: draft() });
      expect(filed.ok).toBe(true);
    }
    await db.prisma.$executeRawUnsafe(`UPDATE "Deadline" SET "thresholdsDone" = "thresholdsDone"`); // a dead version of every row
    expect(await stats()).toEqual({ tuples: -1, visible: 0 }); // never analysed, never vacuumed

    const job = scheduledJobs(t.config, db, t.services, () => t.config.timezone, () => {}).find((j) => j.name === 'maintenance')!;
    await job.run();
    const after = await stats();
    expect(after.tuples).toBe(await db.prisma.deadline.count());
    expect(after.visible).toBeGreaterThan(0); // only VACUUM marks pages all-visible
  });

  it('logs the audit head, which pledge audit verify --head later checks', async () => {
    const lines: string[] = [];
    const t = await testServices(db);
    const job = scheduledJobs(t.config, db, t.services, () => t.config.timezone, (_, line) => lines.push(line)).find((j) => j.name === 'audit-head')!;
    await job.run();
    const last = await db.prisma.event.findFirstOrThrow({ orderBy: { id: 'desc' } });
    expect(lines).toEqual([`Pledge: audit head ${last.hash} (event ${last.id}); to check later that nothing was cut: pledge audit verify --head ${last.hash}`]);
  });

  it('runs PostgreSQL with 8MB of shared buffers, not 128MB: PGlite keeps them in the process', async () => {
    const [row] = await db.prisma.$queryRawUnsafe<{ shared_buffers: string }[]>('SHOW shared_buffers');
    expect(row!.shared_buffers).toBe('8MB');
  });
});
