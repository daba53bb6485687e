/**
 * bin/pledge.js, what `npx pledge` runs: the CLI's exit code and output come through, and the CLI
 * runs in that one process, so a signal sent to it (a cron job's timeout, a kill) stops the
 * command. It used to start the CLI as a child process, which a signal to it never reached: the
 * child went on running after `pledge` itself had gone.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROCESS_TEST_TIMEOUT_MS } from '../support/processes';
import { scratchDir } from '../support/scratch';

function runBin(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, ['bin/pledge.js', ...args], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += String(d)));
  const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  // 'exit', not only 'close': a child left running would hold the pipes open, and 'close' wait for it.
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  return { child, closed, exited, stderr: () => stderr };
}

/** The processes whose environment holds `marker` (Linux's /proc; the test's own variable), with their command lines. */
function processesWith(marker: string): { pid: number; command: string }[] {
  const found: { pid: number; command: string }[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (!readFileSync(`/proc/${name}/environ`, 'latin1').split('\0').includes(marker)) continue;
      found.push({ pid: Number(name), command: readFileSync(`/proc/${name}/cmdline`, 'latin1').split('\0').join(' ') });
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return found;
}

describe('bin/pledge.js', { timeout: PROCESS_TEST_TIMEOUT_MS }, () => {
  it('passes the exit code and the output through', async () => {
    const run = runBin(['no-such-command'], {});
    expect((await run.closed).code).toBe(2);
    expect(run.stderr()).toMatch(/^Usage: pledge <command>\n/);
  });

  it.runIf(process.platform === 'linux')('runs the command in its own process: SIGTERM to it stops the command', async () => {
    const dir = scratchDir('pledge-bin-');
    const marker = `PLEDGE_BIN_TEST=${dir}`;
    try {
      // Migrating a new embedded database takes seconds: long enough to be stopped midway.
      const run = runBin(['migrate'], { PLEDGE_DATA_DIR: join(dir, 'data'), PLEDGE_BIN_TEST: dir });
      // Stopped once the command is at work: the embedded database's folder has been made.
      await new Promise<void>((resolve) => {
        const done = () => (clearInterval(poll), resolve());
        const poll = setInterval(() => existsSync(join(dir, 'data')) && done(), 50);
        void run.exited.then(done); // ended on its own: the expectations below say how
      });
      run.child.kill('SIGTERM');
      expect(await run.exited).toBe('SIGTERM');
      // The CLI itself is gone (the embedded database's initdb, a child of its own, may still finish).
      expect(processesWith(marker).filter((p) => /src\/cli\.ts|bin\/pledge\.js/.test(p.command))).toEqual([]);
    } finally {
      for (const p of processesWith(marker)) {
        try {
          process.kill(p.pid, 'SIGKILL');
        } catch {
          // ended meanwhile
        }
      }
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
