/** The parent's side of app-process.ts: fork an app, wait until it listens, stop it cleanly. */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { AppMessage, AppSpec } from './app-process';
import type { SeededPage } from './page-seed';
import type { ProcessStats } from './process-stats';
import type { RestingMemory } from './resting-memory';

const ENTRY = fileURLToPath(new URL('./app-process.ts', import.meta.url));
// initdb of a fresh embedded database plus migrations takes ~10 s on a slow machine.
const START_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 15_000;

export interface AppHandle {
  name: string;
  port: number;
  pid: number;
  /** The seeded complaint's page, when the spec asked for one. */
  page?: SeededPage;
  /** The CPU time its process has used so far, in ms. */
  cpuMs(): Promise<number>;
  /** Its memory at rest (after full garbage collections) and where it is; ask once it is quiet. */
  rest(): Promise<RestingMemory>;
  /** A Pledge on WeCom: each callback answered since the last ask, the ms it spent in the app's process. */
  served(): Promise<number[]>;
  /** Stops the app; returns what its process went through (undefined if it had to be killed). */
  stop(): Promise<ProcessStats | undefined>;
}

export async function startApp(name: string, spec: AppSpec): Promise<AppHandle> {
  // The child runs under the same tsx loader as we do. PLEDGE_BENCH_CPU_PROF=<dir> writes a
  // V8 CPU profile per app (open in Chrome DevTools) to see where ack time goes.
  const profile = process.env.PLEDGE_BENCH_CPU_PROF;
  const execArgv = [...process.execArgv, ...(profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}/${name}`] : [])];
  const child = fork(ENTRY, [], { execArgv, env: { ...process.env, PLEDGE_BENCH_APP: JSON.stringify(spec) }, stdio: 'inherit' });
  const ready = await new Promise<{ port: number; page?: SeededPage }>((resolve, reject) => {
    const done = () => {
      clearTimeout(timer);
      child.off('message', onMessage).off('exit', onExit);
    };
    const fail = (error: Error) => {
      done();
      child.kill('SIGKILL');
      reject(error);
    };
    const onMessage = (m: AppMessage) => {
      if (m.type === 'ready') {
        done();
        resolve(m);
      } else if (m.type === 'failed') fail(new Error(`${name} failed to start:\n${m.message}`));
    };
    const onExit = (code: number | null) => fail(new Error(`${name} exited with code ${code} before listening`));
    const timer = setTimeout(() => fail(new Error(`Expected ${name} to listen within ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
    child.on('message', onMessage).on('exit', onExit);
  });
  return { name, port: ready.port, pid: child.pid!, ...(ready.page ? { page: ready.page } : {}), cpuMs: () => askCpu(child), rest: () => askRest(child), served: () => ask(child, 'served').then((m) => m.ms), stop: () => stopChild(child) };
}

/** Asks the app process a question ('cpu', 'rest' or 'served') and waits for the answer of that type. */
function ask<T extends 'cpu' | 'rest' | 'served'>(child: ChildProcess, type: T): Promise<Extract<AppMessage, { type: T }>> {
  return new Promise((resolve) => {
    const onMessage = (m: AppMessage) => {
      if (m.type !== type) return;
      child.off('message', onMessage);
      resolve(m as Extract<AppMessage, { type: T }>);
    };
    child.on('message', onMessage);
    child.send(type);
  });
}

const askCpu = (child: ChildProcess): Promise<number> => ask(child, 'cpu').then((m) => m.ms);
const askRest = (child: ChildProcess): Promise<RestingMemory> => ask(child, 'rest').then((m) => m.memory);

function stopChild(child: ChildProcess): Promise<ProcessStats | undefined> {
  return new Promise((resolve) => {
    let stats: ProcessStats | undefined;
    if (child.exitCode !== null || child.signalCode !== null) return resolve(undefined);
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    child.on('message', (m: AppMessage) => {
      if (m.type === 'stopped') stats = m.stats;
    });
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(stats);
    });
    child.send('stop');
  });
}
