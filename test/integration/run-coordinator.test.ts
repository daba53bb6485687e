/**
 * Several replicas: node-cron asks the database-backed RunCoordinator before each fire, and only
 * the replica that takes the fire's lease row runs it.
 */
import cron from 'node-cron';
import { expect, it } from 'vitest';
import { FixedClock } from '../../src/clock';
import { DatabaseRunCoordinator } from '../../src/scheduler/run-coordinator';
import { describeEachDb } from '../support/db';

describeEachDb('the run coordinator', (getDb) => {
  it('lets exactly one of several replicas run each fire', async () => {
    const clock = new FixedClock(new Date('2026-11-30T02:00:00Z'));
    const replicas = ['a', 'b', 'c'].map((name) => new DatabaseRunCoordinator(getDb().prisma, `replica-${name}`, clock));
    const key = 'sweep:2026-11-30T02:01:00.000Z';
    const answers = await Promise.all(replicas.map((r) => r.shouldRun(key)));
    expect(answers.filter(Boolean)).toHaveLength(1);
    // The next fire is contested afresh.
    const next = await Promise.all(replicas.map((r) => r.shouldRun('sweep:2026-11-30T02:02:00.000Z')));
    expect(next.filter(Boolean)).toHaveLength(1);
    expect(await getDb().prisma.runLease.count()).toBe(2);
  });

  it('node-cron runs a distributed task on one replica per fire', async () => {
    const clock = new FixedClock(new Date('2026-11-30T02:00:00Z'));
    const runs: string[] = [];
    let secondFire!: () => void;
    const twoFires = new Promise<void>((resolve) => (secondFire = resolve));
    const tasks = ['a', 'b'].map((name) =>
      cron.schedule('* * * * * *', () => void (runs.push(name) >= 2 && secondFire()), {
        name: 'every-second',
        distributed: true,
        runCoordinator: new DatabaseRunCoordinator(getDb().prisma, name, clock),
      }),
    );
    // Two fires, however long a busy machine makes them take (each second is a fire).
    await twoFires;
    await Promise.all(tasks.map(async (t) => {
      await t.stop();
      await t.destroy();
    }));
    const leases = await getDb().prisma.runLease.findMany({ where: { job: 'every-second' } });
    expect(runs.length).toBeGreaterThanOrEqual(2);
    expect(runs.length).toBe(leases.length); // one run per fire, never two
  });
});
