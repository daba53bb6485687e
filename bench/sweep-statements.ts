/**
 * What each of a sweep's statements costs the server itself (issue 15: "measured per
 * statement"): one sweep through the explaining adapter, its statements grouped by kind, beside
 * the time a plain round trip takes from the driver to the server and back (SELECT 1). The
 * driver's time per statement (sweep-anatomy.ts) less the server's is that round trip and the
 * driver's own work (encoding parameters, decoding rows).
 */
import { PrismaPg } from '@prisma/adapter-pg';
import { directSqlAdapter } from '../src/db/direct-sql';
import { PrismaClient } from '../src/db/generated/client';
import type { ServiceDeps } from '../src/services/deps';
import { sweep } from '../src/services/sweep';
import { armDueSet, type DueSet } from './due-clocks';
import { explainingAdapter, type Explained } from './explain-adapter';
import { statementKind } from './query-log';
import { medianMs } from './seeded-db';

export interface StatementCost {
  kind: string;
  count: number;
  /** Summed over the kind's statements. */
  executionMs: number;
  planningMs: number;
  triggerMs: number;
  /** Of the triggers' time, the foreign-key checks. */
  foreignKeyMs: number;
  rows: number;
  dirtied: number;
  walRecords: number;
  walFpi: number;
  walBytes: number;
}

export interface SweepStatements {
  byKind: StatementCost[];
  /** Median of a `SELECT 1` through the driver adapter: the floor every statement pays on top of its work. */
  roundTripMs: number;
}

export async function sweepStatements(url: string, deps: ServiceDeps, set: DueSet, perTransaction: number): Promise<SweepStatements> {
  let seen: Explained[] = [];
  // directSqlAdapter outermost, as createDb: the statements the sweep sends straight to the
  // adapter's transaction are then explained too. One connection, so the warm-up sweep leaves the
  // measured one a backend that has planned its statements and compiled its triggers' functions.
  const prisma = new PrismaClient({ adapter: directSqlAdapter(explainingAdapter(new PrismaPg({ connectionString: url, max: 1 }), (e) => seen.push(e))) });
  try {
    const explainedDeps = { ...deps, prisma };
    await armDueSet(prisma, set);
    await sweep(explainedDeps, { perTransaction }); // warm-up
    await armDueSet(prisma, set);
    seen = [];
    await sweep(explainedDeps, { perTransaction });
    const byKind = new Map<string, StatementCost>();
    for (const e of seen) {
      const kind = statementKind(e.sql);
      const k = byKind.get(kind) ?? { kind, count: 0, executionMs: 0, planningMs: 0, triggerMs: 0, foreignKeyMs: 0, rows: 0, dirtied: 0, walRecords: 0, walFpi: 0, walBytes: 0 };
      k.count++;
      k.executionMs += e.executionMs;
      k.planningMs += e.planningMs;
      k.triggerMs += e.triggerMs;
      k.foreignKeyMs += e.foreignKeyMs;
      k.rows += e.rows;
      k.dirtied += e.dirtied;
      k.walRecords += e.walRecords;
      k.walFpi += e.walFpi;
      k.walBytes += e.walBytes;
      byKind.set(kind, k);
    }
    // On the driver itself, as the sweep's statements mostly are (src/db/direct-sql.ts).
    const adapter = await new PrismaPg({ connectionString: url, max: 1 }).connect();
    const roundTripMs = await medianMs(21, () => adapter.queryRaw({ sql: 'SELECT 1', args: [], argTypes: [] })).finally(() => adapter.dispose());
    return { byKind: [...byKind.values()].sort((a, b) => b.executionMs - a.executionMs), roundTripMs };
  } finally {
    await prisma.$disconnect();
  }
}
