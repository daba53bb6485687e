/**
 * `pledge report` on an embedded database holding the report fixture (seeded once for the file):
 * the Markdown report on stdout, the chart as a PNG file, the quality sample with links, and
 * one-line argument errors with exit code 2. One process, for the report with its chart
 * (start-up, stdout as a pipe, a file written, the exit code); the sample and the refusals are
 * the same command lines in-process (`runPledge`: the CLI's own routing, its exit code as
 * src/cli.ts hands it to process.exit), since a process costs seconds and shows nothing more there.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type DatabaseTarget } from '../../src/db/create-db';
import { runPledge } from '../support/cli-in-process';
import { PNG_SIGNATURE, pngSize } from '../support/png';
import { TEST_CONFIG_YAML } from '../support/pledge-harness';
import { runCli, PROCESS_TEST_TIMEOUT_MS } from '../support/processes';
import { buildReportFixture } from '../support/report-fixture';
import { testServices } from '../support/services';
import { copyEmbeddedTemplate } from '../support/db';
import { scratchDir } from '../support/scratch';

let dir: string;
let fx: Awaited<ReturnType<typeof buildReportFixture>>;

const env = () => ({ PLEDGE_DATA_DIR: join(dir, 'data'), PLEDGE_CONFIG: join(dir, 'pledge.config.yml') });
const pledge = (...args: string[]) => runCli(args, env());
const inProcess = (...args: string[]) => runPledge(args, env());

describe('pledge report', { timeout: PROCESS_TEST_TIMEOUT_MS }, () => {
  beforeAll(async () => {
    dir = scratchDir('pledge-report-');
    copyEmbeddedTemplate(join(dir, 'data'));
    writeFileSync(join(dir, 'pledge.config.yml'), TEST_CONFIG_YAML);
    const target: DatabaseTarget = { kind: 'embedded', dataDir: join(dir, 'data') };
    const db = await createDb(target);
    try {
      fx = await buildReportFixture(await testServices({ ...db, target, reset: async () => {} }));
      // As if the outbox had posted A to its group channel.
      await db.prisma.complaint.update({ where: { id: fx.a.id }, data: { channelId: 'CBILLING', rootMessageId: '1764468000.000100' } });
    } finally {
      await db.close(); // PGlite serves one process: the CLI opens it next
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the Markdown report and writes the chart', async () => {
    const chart = join(dir, 'q4.png');
    const r = await pledge('report', '--period', '2026-W49', '--format', 'md', '--chart', chart, '--now', '2026-12-04T12:00:00+08:00');
    expect(r.stderr).toContain(`Chart written to ${chart}`);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^# Complaint report, 2026-W49\n/);
    expect(r.stdout).toContain('| 7 | 50 | 66.7 | 28.6 | 14.3 | 18 | 27 | 1 | 4 | 100 |');
    expect(r.stdout).toContain('| Billing | 6 | 40 |'); // the group's name from pledge.config.yml
    const png = readFileSync(chart);
    expect(png.subarray(0, 8)).toEqual(PNG_SIGNATURE);
    expect(pngSize(png)).toEqual({ width: 900, height: 500 });
  });

  it('prints a reproducible sample of handled complaints, with links where posted', async () => {
    const args = ['report', 'sample', '--period', '2026-W49', '--size', '5', '--seed', '3', '--now', '2026-12-04T12:00:00+08:00'];
    const r = await inProcess(...args);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe('Quality sample of 2026-W49 (size 5, seed 3): 3 handled complaint(s) (resolved or rejected; withdrawn ones had no handling to review)');
    expect(lines.slice(1)).toContain(`${fx.a.reference}  A on time, rated 5  Billing  ${fx.a.ownerId}  Resolved, archived  https://slack.com/archives/CBILLING/p1764468000000100`);
    expect(lines.slice(1)).toContain(`${fx.c.reference}  C rejected  Billing  ${fx.c.ownerId}  Rejected  -`);
    expect((await inProcess(...args)).stdout).toBe(r.stdout); // another run, same sample
  });

  it('refuses a bad period or format in one line, with exit code 2', async () => {
    const period = await inProcess('report', '--period', '2026-Q5');
    expect([period.code, period.stderr.trim().split('\n').length]).toEqual([2, 1]);
    expect(period.stderr).toMatch(/^--period must be a quarter, month or ISO week such as 2026-Q4/);
    const format = await inProcess('report', '--period', '2026-Q4', '--format', 'pdf');
    expect([format.code, format.stderr.trim()]).toEqual([2, '--format must be one of md, csv, json (got "pdf").']);
  });
});
