/**
 * Archiving is a fact beside the outcome, not a replacement for it (issue 10, point 1): one
 * resolved, one rejected and one withdrawn complaint give the same `pledge report` before the
 * archive limit, after `pledge sweep` archived them, and after `pledge retention erase` removed
 * their customers' details. All three through the CLI's commands on the embedded database, run
 * in-process: a dozen processes cost minutes on a busy machine and prove nothing about archiving
 * (report-cli, crash-sweep and contacts spawn report, sweep and retention as processes).
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type DatabaseTarget } from '../../src/db/create-db';
import { runPledge } from '../support/cli-in-process';
import { copyEmbeddedTemplate } from '../support/db';
import { TEST_CONFIG_YAML } from '../support/pledge-harness';
import { scratchDir } from '../support/scratch';
import { at } from '../support/report-fixture';
import { draft, testServices } from '../support/services';

let dir: string;
const pledge = (...args: string[]) => runPledge(args, { PLEDGE_DATA_DIR: join(dir, 'data'), PLEDGE_CONFIG: join(dir, 'pledge.config.yml') });

/** The three outcomes, each for an outside customer (so retention has something to erase). */
async function buildFixture(t: Awaited<ReturnType<typeof testServices>>) {
  const s = t.services;
  const file = async (title: string) => {
    t.clock.set(at('2026-11-30T10:00:00'));
    const r = await s.fileComplaint({
      filerId: 'UFILER',
      submissionKey: `k-${title}`,
      draft: draft({ title, source: 'phone', customerName: 'Wang Fang', customerContact: '13812345678' }),
    });
    if (!r.ok) throw new Error(`filing ${title} failed`);
    return r.complaint;
  };
  const resolved = await file('resolved');
  const rejected = await file('rejected');
  const withdrawn = await file('withdrawn');
  t.clock.set(at('2026-11-30T11:00:00'));
  await s.withdrawComplaint({ complaintId: withdrawn.id, actorId: 'UFILER' });
  for (const c of [resolved, rejected]) {
    await s.acceptComplaint({ complaintId: c.id, actorId: c.ownerId });
    await s.startInvestigation({ complaintId: c.id, actorId: c.ownerId });
  }
  await s.proposeSolution({ complaintId: resolved.id, actorId: resolved.ownerId, solution: 'Refund' });
  await s.resolveComplaint({ complaintId: resolved.id, actorId: resolved.ownerId, result: 'Refunded', basis: 'Statement', delivery: { channel: 'phone', note: 'called' } });
  await s.requestRejection({ complaintId: rejected.id, actorId: rejected.ownerId, reason: 'Not our product' });
  const approval = await t.deps.prisma.approval.findFirstOrThrow({ where: { complaintId: rejected.id } });
  await s.decideApproval({ approvalId: approval.id, actorId: 'ULEAD1', approve: true, expects: 'approval' });
}

/** Sweeps at `now` until a sweep finds nothing to do (warnings, escalations and their hand-ups settle). */
async function sweepUntilQuiet(now: string): Promise<string> {
  let all = '';
  for (let i = 0; i < 10; i++) {
    const r = await pledge('sweep', '--now', now);
    expect(r.code, r.output).toBe(0);
    all += r.stdout;
    if (r.stdout.includes('nothing due.')) return all;
  }
  throw new Error(`the sweep never settled:\n${all}`);
}

const REPORT = ['report', '--period', '2026-W49', '--format', 'json', '--now', '2026-12-16T10:00:00+08:00'];

describe('the report after archiving and retention', () => {
  beforeAll(async () => {
    dir = scratchDir('pledge-report-archive-');
    copyEmbeddedTemplate(join(dir, 'data'));
    writeFileSync(join(dir, 'pledge.config.yml'), TEST_CONFIG_YAML);
    const target: DatabaseTarget = { kind: 'embedded', dataDir: join(dir, 'data') };
    const db = await createDb(target);
    try {
      await buildFixture(await testServices({ ...db, target, reset: async () => {} }));
    } finally {
      await db.close(); // PGlite serves one process: the CLI opens it next
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('gives the same report before archiving, after it, and after the contacts are erased', async () => {
    // An hour before the archive limit (7 working days after Monday: the close of Wed 9 Dec) the
    // follow-up has run out and been escalated; its escalation is due for an answer four working
    // hours later (Thursday noon), after the archiving sweep at 09:30, so only archiving differs.
    const before = await sweepUntilQuiet('2026-12-09T17:00:00+08:00');
    expect(before).not.toMatch(/[1-9]\d* archived/);
    const first = await pledge(...REPORT);
    expect(first.code, first.output).toBe(0);
    const report = JSON.parse(first.stdout);
    expect(report.total).toMatchObject({ volume: 3, resolutionRatePct: 33.3, rejectionRatePct: 33.3 });

    const archiving = await pledge('sweep', '--now', '2026-12-10T09:30:00+08:00');
    expect(archiving.stdout, archiving.output).toContain(' 3 archived');
    const afterArchive = await pledge(...REPORT);
    expect(JSON.parse(afterArchive.stdout)).toEqual(report);

    const erase = await pledge('retention', 'erase', '--older-than-days', '0', '--now', '2026-12-16T10:00:00+08:00');
    expect(erase.stdout, erase.output).toContain('Erased the contact details of 3 customer(s)');
    const afterErase = await pledge(...REPORT);
    expect(JSON.parse(afterErase.stdout)).toEqual(report);
  }, 600_000);
});
