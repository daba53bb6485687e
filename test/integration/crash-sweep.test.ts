/**
 * Crash safety of the sweep: `pledge sweep` is killed with SIGKILL part-way through, then run
 * again. Every clock is handled exactly once: nothing lost, nothing twice, the audit chain intact.
 * Only the killed run needs a process of its own; the runs after it are the same command line
 * in-process (`runPledge`), which is what a restart amounts to for the database.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createDb } from '../../src/db/create-db';
import { verifyAuditChain } from '../../src/db/verify-audit';
import { runPledge } from '../support/cli-in-process';
import { copyEmbeddedTemplate } from '../support/db';
import { TEST_CONFIG_YAML } from '../support/pledge-harness';
import { scratchDir } from '../support/scratch';
import { runCli, PROCESS_TEST_TIMEOUT_MS } from '../support/processes';
import { draft, testServices } from '../support/services';

const at = (local: string) => new Date(`${local}+08:00`);
const COMPLAINTS = 30;

const cliEnv = (dir: string) => ({ PLEDGE_DATA_DIR: join(dir, 'data'), PLEDGE_CONFIG: join(dir, 'pledge.config.yml') });

// Five clocks per transaction: several commits, so the kill lands between two of them.
async function killedSweep(dir: string, now: Date, killAfterLines: number): Promise<{ code: number | null; signal: string | null; out: string }> {
  const r = await runCli(['sweep', '--now', now.toISOString(), '--per-transaction', '5'], cliEnv(dir), {
    onStdout: (out, child) => {
      if ((out.match(/ did /g) ?? []).length >= killAfterLines) child.kill('SIGKILL');
    },
  });
  return { code: r.code, signal: r.signal, out: r.output };
}

async function runSweep(dir: string, now: Date, args = ['--per-transaction', '5']): Promise<{ code: number; out: string }> {
  const r = await runPledge(['sweep', '--now', now.toISOString(), ...args], cliEnv(dir));
  return { code: r.code, out: r.output };
}

describe('a sweep killed part-way', { timeout: PROCESS_TEST_TIMEOUT_MS }, () => {
  const dir = scratchDir('pledge-crash-');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('finishes on the next run with every clock handled exactly once', async () => {
    copyEmbeddedTemplate(join(dir, 'data'));
    writeFileSync(join(dir, 'pledge.config.yml'), TEST_CONFIG_YAML);
    let db = await createDb({ kind: 'embedded', dataDir: join(dir, 'data') });
    const t = await testServices(Object.assign(db, { reset: async () => {}, target: { kind: 'embedded' as const, dataDir: dir } }), { now: at('2026-11-30T10:00:00') });
    for (let i = 0; i < COMPLAINTS; i++) {
      const r = await t.services.fileComplaint({ filerId: `UF${i}`, submissionKey: `crash-${i}`, draft: draft({ title: `crash ${i}`, category: i % 2 ? 'service' : 'billing' }) });
      expect(r.ok).toBe(true);
    }
    await db.close();

    // Wednesday 10:00: every acknowledge clock is breached, every solution clock past half.
    const now = at('2026-12-02T10:00:00');
    const killed = await killedSweep(dir, now, 7);
    expect(killed.signal).toBe('SIGKILL');
    const done = (killed.out.match(/ did /g) ?? []).length;
    expect(done).toBeGreaterThanOrEqual(7);
    expect(done).toBeLessThan(2 * COMPLAINTS);

    const rerun = await runSweep(dir, now);
    expect(rerun.code, rerun.out).toBe(0);
    // Lines are printed after their chunk commits, so the kill may fall between a commit and its
    // lines: up to one chunk (5) can be done without being printed. The database below is the truth.
    const printed = done + (rerun.out.match(/ did /g) ?? []).length;
    expect(printed).toBeGreaterThanOrEqual(2 * COMPLAINTS - 5);
    expect(printed).toBeLessThanOrEqual(2 * COMPLAINTS);

    db = await createDb({ kind: 'embedded', dataDir: join(dir, 'data') });
    try {
      const { prisma } = db;
      const ack = await prisma.deadline.findMany({ where: { stage: 'acknowledge' } });
      expect(ack).toHaveLength(COMPLAINTS);
      expect(ack.every((d) => d.breachedAt && d.thresholdsDone === 3)).toBe(true);
      const breached = await prisma.event.findMany({ where: { type: 'deadline.breached' } });
      expect(breached).toHaveLength(COMPLAINTS);
      expect(new Set(breached.map((e) => (e.payload as { deadlineId: string }).deadlineId)).size).toBe(COMPLAINTS);
      expect(await prisma.event.count({ where: { type: 'deadline.warned' } })).toBe(COMPLAINTS); // solution at 50%
      expect(await prisma.escalation.count()).toBe(COMPLAINTS);
      expect(await prisma.notification.count({ where: { kind: 'escalation.ask' } })).toBe(COMPLAINTS);
      expect((await verifyAuditChain(prisma)).ok).toBe(true);
      // A third run finds nothing left to do.
      await db.close();
      const third = await runSweep(dir, now);
      expect(third.out).toContain('nothing due');
    } finally {
      await db.close().catch(() => {});
    }
  });

  it('refuses a bad --per-transaction in one line naming it, and sweeps nothing', async () => {
    const bad = await runSweep(dir, at('2026-12-09T10:00:00'), ['--per-transaction', '0']);
    expect(bad.code).toBe(1);
    expect(bad.out.trim()).toBe('--per-transaction must be a whole number of at least 1 (got "0").');
  });
});
