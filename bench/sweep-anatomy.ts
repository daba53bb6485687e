/**
 * Where a sweep's time goes: one sweep through a query-logging client: its statements, and the
 * time the driver saw the database take per statement kind, against the wall time (the rest is
 * the client: hashing the audit chain, planning, Prisma's query interpreter, the event loop).
 */
import type { ServiceDeps } from '../src/services/deps';
import { sweep } from '../src/services/sweep';
import type { DbKind } from './options';
import { armDueSet, type DueSet } from './due-clocks';
import { openQueryLog, type StatementKind } from './query-log';
import { timed } from './seeded-db';

export interface Anatomy {
  wallMs: number;
  statements: number;
  dbMs: number;
  byKind: StatementKind[];
}

/** One sweep with every statement logged (BEGIN is not reported by Prisma; COMMIT is). */
export async function sweepAnatomy(url: string, kind: DbKind, deps: ServiceDeps, set: DueSet, perTransaction: number): Promise<Anatomy> {
  const log = openQueryLog(url, kind);
  try {
    const loggedDeps = { ...deps, prisma: log.prisma };
    await armDueSet(log.prisma, set);
    await sweep(loggedDeps, { perTransaction }); // warm-up of this client's compiled queries
    await armDueSet(log.prisma, set);
    log.reset();
    const { ms } = await timed(() => sweep(loggedDeps, { perTransaction }));
    return { wallMs: ms, statements: log.statements(), dbMs: log.dbMs(), byKind: log.byKind() };
  } finally {
    await log.close();
  }
}
