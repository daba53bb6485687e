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
export const PROCESS_TEST_TIMEOUT_MS = 600_000;

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * Node's flags for a Pledge process a test starts: tsx, as `npm start` and bin/pledge.js run it,
 * and --liftoff-only. The embedded database is PostgreSQL compiled to WASM (PGlite); by default V8
 * compiles it quickly (Liftoff), then compiles its busy functions again, optimized, on background
 * threads. A process that lives seconds never earns that second compilation back: `pledge sweep`
 * on an embedded database took ~2.4 s of CPU with it and ~1.5 s without (load average 30, min of
 * 3). What the process does is the same; only how its WASM is compiled differs. The test workers
 * themselves keep the default: they live for many files, where the optimized code pays.
 */
const NODE_ARGS = ['--liftoff-only', '--import', 'tsx'];

function spawnPledge(script: string, args: string[], env: Record<string, string>) {
  return spawn(process.execPath, [...NODE_ARGS, script, ...args], {
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
  // 'close', not 'exit': only then has every piece of the output been read.
  const closed = new Promise<void>((resolve) => child.on('close', () => resolve()));
  /**
   * Resolves when a piece of output makes it match; throws with the output if the process's
   * output ends first, or (a net for a hang) the time runs out.
   */
  const waitFor = (pattern: RegExp, timeoutMs = PROCESS_TEST_TIMEOUT_MS) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (!pattern.test(output)) return;
        stop();
        resolve();
      };
      const fail = () => {
        stop();
        reject(new Error(`never saw ${pattern}; output:\n${output}`));
      };
      const timer = setTimeout(fail, timeoutMs);
      let ended = false;
      void closed.then(() => !ended && (pattern.test(output) ? check() : fail()));
      const stop = () => {
        ended = true;
        clearTimeout(timer);
        child.stdout.off('data', check);
        child.stderr.off('data', check);
      };
      // Added after the listeners that gather the output, so a piece is in `output` when checked.
      child.stdout.on('data', check);
      child.stderr.on('data', check);
      check();
    });
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
  // 'close', not 'exit': a process may exit before its last output has been read.
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr, output })));
}
