/**
 * Pledge as a child process, for the integration tests that run it the way a person would:
 * the server (src/main.ts) and the CLI (src/cli.ts). Each gets only PATH and the environment the
 * test passes in, so nothing from the test runner's own environment leaks into it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/**
 * How long a test that runs Pledge as a process may take: a net for a hang, not a speed target
 * (speed is `npm run bench`'s). Generous, because with every core busy (`npm run test:busy`)
 * loading tsx and opening the embedded database alone can take half a minute per process.
 */
export const PROCESS_TEST_TIMEOUT_MS = 300_000;

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function spawnPledge(script: string, args: string[], env: Record<string, string>) {
  return spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Starts the server; stdout and stderr are gathered together in output(). */
export function startMain(env: Record<string, string>) {
  const child = spawnPledge('src/main.ts', [], env);
  let output = '';
  child.stdout.on('data', (d) => (output += String(d)));
  child.stderr.on('data', (d) => (output += String(d)));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  /** Resolves once the output matches; throws with the output if the time runs out or the process exits first. */
  const waitFor = async (pattern: RegExp, timeoutMs = PROCESS_TEST_TIMEOUT_MS) => {
    const until = Date.now() + timeoutMs;
    while (!pattern.test(output)) {
      if (Date.now() > until || child.exitCode !== null) throw new Error(`never saw ${pattern}; output:\n${output}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  return { child, exited, waitFor, output: () => output };
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** stdout and stderr together, in the order they arrived. */
  output: string;
}

/** Runs the CLI to its exit. onStdout sees the combined output after each piece of stdout, and may kill the child. */
export function runCli(args: string[], env: Record<string, string>, options: { onStdout?: (output: string, child: ChildProcess) => void } = {}): Promise<CliResult> {
  const child = spawnPledge('src/cli.ts', args, env);
  let stdout = '';
  let stderr = '';
  let output = '';
  child.stdout.on('data', (d) => {
    stdout += String(d);
    output += String(d);
    options.onStdout?.(output, child);
  });
  child.stderr.on('data', (d) => {
    stderr += String(d);
    output += String(d);
  });
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr, output })));
}
