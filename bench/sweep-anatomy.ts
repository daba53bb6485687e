/**
 * Where a sweep's time goes: one sweep through a query-logging client: its statements (and the
 * BEGIN of each transaction), the time the driver saw the database take per statement kind,
 * against the wall time (the rest is the client: hashing the audit chain, planning, building
 * rows, Prisma's query interpreter where a statement goes through it, the event loop), and the
 * CPU the process spent in that time.
 */
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
}

/** One sweep with every statement logged. */
export async function sweepAnatomy(url: string, kind: DbKind, deps: ServiceDeps, set: DueSet, perTransaction: number): Promise<Anatomy> {
  const log = openQueryLog(url, kind);
  try {
    const loggedDeps = { ...deps, prisma: log.prisma };
    await armDueSet(log.prisma, set);
    await sweep(loggedDeps, { perTransaction }); // warm-up of this client's compiled queries
    await armDueSet(log.prisma, set);
    log.reset();
    const cpu = process.cpuUsage();
    const { ms } = await timed(() => sweep(loggedDeps, { perTransaction }));
    const { user, system } = process.cpuUsage(cpu);
    const begins = log.begins();
    return { wallMs: ms, cpuMs: (user + system) / 1000, statements: log.statements(), begins: begins.count, beginMs: begins.ms, dbMs: log.dbMs(), byKind: log.byKind() };
  } finally {
    await log.close();
  }
}
