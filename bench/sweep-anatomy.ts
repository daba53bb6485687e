/**
 * Where a sweep's time goes: one sweep through a query-logging client: its statements (and the
 * BEGIN of each transaction), the time the driver saw the database take per statement kind,
 * against the wall time (the rest is the client: hashing the audit chain, planning, building
 * rows, Prisma's query interpreter where a statement goes through it, the event loop), and the
 * CPU the process spent in that time.
 *
 * On a server on this machine, also what the scheduler saw (/proc/<pid>/schedstat, nanoseconds):
 * the time this process's main thread and the server's backend (the client's one connection) ran
 * on a CPU, and the time each was ready to run but waited for one. On a busy machine the waits
 * are where the wall time goes, and the running times are the sweep's own work.
 */
import { readFileSync } from 'node:fs';
import type { ServiceDeps } from '../src/services/deps';
import { sweep } from '../src/services/sweep';
import type { DbKind } from './options';
import { armDueSet, type DueSet } from './due-clocks';
import { openQueryLog, type StatementKind } from './query-log';
import { timed } from './seeded-db';

export interface Anatomy {
  wallMs: number;
  /** CPU time of this process (user and system) during the logged sweep. */
  cpuMs: number;
  statements: number;
  /** Transactions opened, each with its BEGIN (a round trip), and the time those took. */
  begins: number;
  beginMs: number;
  dbMs: number;
  byKind: StatementKind[];
  /** What the scheduler saw, where it can be read (a server on this machine, Linux). */
  scheduled?: Scheduled;
}

export interface Scheduled {
  /** This process's main thread: on a CPU, and ready but waiting for one. */
  clientRunMs: number;
  clientWaitMs: number;
  /** The server's backend serving the sweep's connection. */
  serverRunMs: number;
  serverWaitMs: number;
}

/** One sweep with every statement logged. */
export async function sweepAnatomy(url: string, kind: DbKind, deps: ServiceDeps, set: DueSet, perTransaction: number): Promise<Anatomy> {
  // One connection: the sweep's statements are one after another anyway, and so one backend serves them all.
  const log = openQueryLog(url, kind, { connections: 1 });
  try {
    const loggedDeps = { ...deps, prisma: log.prisma };
    await armDueSet(log.prisma, set);
    await sweep(loggedDeps, { perTransaction }); // warm-up of this client's compiled queries
    await armDueSet(log.prisma, set);
    const backend = kind === 'server' ? Number((await log.prisma.$queryRawUnsafe<{ pid: number }[]>('SELECT pg_backend_pid() AS pid'))[0]!.pid) : undefined;
    log.reset();
    const before = { client: schedstat('self'), server: backend ? schedstat(backend) : undefined };
    const cpu = process.cpuUsage();
    const { ms } = await timed(() => sweep(loggedDeps, { perTransaction }));
    const { user, system } = process.cpuUsage(cpu);
    const after = { client: schedstat('self'), server: backend ? schedstat(backend) : undefined };
    const scheduled =
      before.client && after.client && before.server && after.server
        ? {
            clientRunMs: (after.client.runNs - before.client.runNs) / 1e6,
            clientWaitMs: (after.client.waitNs - before.client.waitNs) / 1e6,
            serverRunMs: (after.server.runNs - before.server.runNs) / 1e6,
            serverWaitMs: (after.server.waitNs - before.server.waitNs) / 1e6,
          }
        : undefined;
    const begins = log.begins();
    return {
      wallMs: ms,
      cpuMs: (user + system) / 1000,
      statements: log.statements(),
      begins: begins.count,
      beginMs: begins.ms,
      dbMs: log.dbMs(),
      byKind: log.byKind(),
      ...(scheduled && { scheduled }),
    };
  } finally {
    await log.close();
  }
}

/** A thread's time on a CPU and waiting for one (ns), from Linux's schedstat; undefined where it cannot be read. */
function schedstat(pid: number | 'self'): { runNs: number; waitNs: number } | undefined {
  try {
    const [run, wait] = readFileSync(`/proc/${pid}/schedstat`, 'utf8').trim().split(/\s+/).map(Number);
    return Number.isFinite(run) && Number.isFinite(wait) ? { runNs: run!, waitNs: wait! } : undefined;
  } catch {
    return undefined;
  }
}
