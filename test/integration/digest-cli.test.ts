/**
 * `pledge digest` on an embedded database: the dry run prints each channel's digest as text and
 * queues nothing; a real run queues once per channel per day; a weekend is skipped; a bad
 * argument is one line and exit code 2. One process, for the dry run (start-up, stdout as a pipe,
 * the exit code); every other run is the same command line in-process (`runPledge`), since a
 * process costs seconds and proves nothing more about digests.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type DatabaseTarget } from '../../src/db/create-db';
import { claimDue } from '../../src/db/outbox';
import { teamCalendars } from '../../src/calendar-data/build';
import { runPledge } from '../support/cli-in-process';
import { copyEmbeddedTemplate } from '../support/db';
import { scratchDir } from '../support/scratch';
import { TEST_CONFIG_YAML, testConfig } from '../support/pledge-harness';
import { runCli, PROCESS_TEST_TIMEOUT_MS } from '../support/processes';
import { draft, testServices } from '../support/services';

let dir: string;
let target: DatabaseTarget;
let reference: string;

const env = () => ({ PLEDGE_DATA_DIR: join(dir, 'data'), PLEDGE_CONFIG: join(dir, 'pledge.config.yml') });
const pledge = (...args: string[]) => runCli(args, env());
const inProcess = (...args: string[]) => runPledge(args, env());

/** PGlite serves one process: open, read, close, before the CLI opens it again. */
async function digestRows(): Promise<{ target: string; dedupeKey: string }[]> {
  const db = await createDb(target);
  try {
    return await db.prisma.notification.findMany({ where: { kind: 'digest.post' }, orderBy: { target: 'asc' }, select: { target: true, dedupeKey: true } });
  } finally {
    await db.close();
  }
}

describe('pledge digest', { timeout: PROCESS_TEST_TIMEOUT_MS }, () => {
  beforeAll(async () => {
    dir = scratchDir('pledge-digest-');
    copyEmbeddedTemplate(join(dir, 'data'));
    writeFileSync(join(dir, 'pledge.config.yml'), TEST_CONFIG_YAML);
    target = { kind: 'embedded', dataDir: join(dir, 'data') };
    const db = await createDb(target);
    try {
      const t = await testServices({ ...db, target, reset: async () => {} }, { now: new Date('2026-11-30T10:00:00+08:00') });
      const r = await t.services.fileComplaint({ filerId: 'UFILER', submissionKey: 'cli-1', draft: draft({ title: 'Charged <twice>' }) });
      if (!r.ok) throw new Error('filing failed');
      reference = r.complaint.reference;
      await db.prisma.complaint.update({ where: { id: r.complaint.id }, data: { channelId: 'CBILLING', rootMessageId: '1764468000.000100' } });
    } finally {
      await db.close();
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints each channel\'s digest with --dry-run and queues nothing', async () => {
    const r = await pledge('digest', '--now', '2026-12-01T09:00:00+08:00', '--dry-run');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = r.stdout;
    expect(out).toContain('Digest at 2026-12-01T01:00:00.000Z (dry run: nothing queued):');
    expect(out).toContain('== billing -> CBILLING\nDaily digest · Billing · Tue 1 Dec');
    expect(out).toContain('1 open · 0 breached · 0 at risk · 1 due today');
    expect(out).toContain(`${reference} (https://slack.com/archives/CBILLING/p1764468000000100) Charged <twice> · U`);
    expect(out).toContain('Accept: 1 h left');
    expect(out).toContain('== service -> CSERVICE\n:white_check_mark: Service, Tue 1 Dec: nothing new, nothing resolved, no open complaints.');
    expect(await digestRows()).toEqual([]);
  });

  it('queues once per channel per day, and skips a weekend', async () => {
    const first = await inProcess('digest', '--now', '2026-12-01T09:00:00+08:00');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('  billing -> CBILLING: queued\n  service -> CSERVICE: queued\n');
    const again = await inProcess('digest', '--now', '2026-12-01T09:30:00+08:00', '--group', 'billing');
    expect(again.stdout).toContain('  billing -> CBILLING: already sent today: nothing queued\n');
    expect(again.stdout).not.toContain('service');
    const saturday = await inProcess('digest', '--now', '2026-12-05T09:00:00+08:00');
    expect(saturday.stdout).toContain('  billing -> CBILLING: not a working day: skipped\n');
    expect(await digestRows()).toEqual([
      { target: 'CBILLING', dedupeKey: 'digest:CBILLING:2026-12-01' },
      { target: 'CSERVICE', dedupeKey: 'digest:CSERVICE:2026-12-01' },
    ]);
  });

  it('refuses a bad argument in one line, with exit code 2', async () => {
    const flag = await inProcess('digest', '--later');
    expect([flag.code, flag.stderr.trim()]).toEqual([2, 'Unknown argument "--later"; expected --now, --group, --dry-run.']);
    const group = await inProcess('digest', '--group', 'nope', '--dry-run');
    expect([group.code, group.stderr.trim()]).toEqual([2, '--group must be one of billing, service (got "nope").']);
    const now = await inProcess('digest', '--now', 'tomorrow');
    expect(now.code).toBe(2);
    expect(now.stderr).toMatch(/^--now must be an ISO time/);
  });

  it('--now is when the decision is taken: what sweep and digest queue at a later instant is due at once', async () => {
    // In working hours a week after the real clock: the running bot's dispatcher, on the real clock, must not wait for it.
    const calendar = teamCalendars(await testConfig(), new Date()).calendarFor('billing');
    // From midnight in Shanghai (outside working hours), so the next working start is a day's
    // start and an hour after it is inside working hours whatever the time of day of this run
    // (from the real clock itself, a run between 17:00 and 18:00 landed after hours and deferred).
    const midnight = new Date(`${new Date(Date.now() + 8 * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10)}T00:00:00+08:00`);
    const later = new Date(calendar.nextWorkingStart(midnight).getTime() + 3_600_000);
    const sweep = await inProcess('sweep', '--now', later.toISOString());
    expect(sweep.code).toBe(0);
    expect(sweep.stdout).toContain(`${reference}  acknowledge       did breach`);
    const digest = await inProcess('digest', '--now', later.toISOString(), '--group', 'billing');
    expect(digest.code).toBe(0);
    const db = await createDb(target);
    try {
      const queued = await db.prisma.notification.findMany({ where: { sentAt: null, failedAt: null, createdAt: later } });
      expect(queued.map((n) => n.kind)).toEqual(expect.arrayContaining(['notice', 'escalation.ask', 'thread.line', 'channel.line']));
      const claimed = await claimDue(db.prisma, new Date(), 60_000, 1000);
      expect(claimed.map((n) => n.id).sort()).toEqual(expect.arrayContaining(queued.map((n) => n.id)));
      if (digest.stdout.includes('queued\n')) expect(claimed.some((n) => n.kind === 'digest.post')).toBe(true);
    } finally {
      await db.close();
    }
  });
});
