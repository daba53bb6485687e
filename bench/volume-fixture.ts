/**
 * The database behind the digest and report benches: `open` open complaints in the first
 * group (running clocks, a tenth already breached) and `closed` closed ones spread over all
 * groups (met clocks, surveys, decided escalations), all filed in 2026-Q4 up to BENCH_NOW.
 * Seeded once per database kind and run, shared by both sections, dropped by dispose.
 */
import type { ResolvedConfig } from '../src/config';
import { parsePeriod } from '../src/domain/period';
import { measureSolutions, periodReport } from '../src/services/report';
import { BENCH_NOW, benchConfig, benchDeps } from './bench-config';
import type { DbKind } from './options';
import { vacuumAnalyze } from '../src/db/maintenance';
import { seedComplaints, tableSizes } from './seed';
import { openBenchDb, timed, type OpenBenchDb } from './seeded-db';

export interface VolumeFixture {
  bench: OpenBenchDb;
  config: ResolvedConfig;
  /** The group holding every open complaint: the digest with the most to show. */
  digestGroup: string;
  seedS: number;
  /** The first report's adding up of the quarter's months into kept totals, after seeding. */
  keepS: number;
  tables: Record<string, number>;
}

const fixtures = new Map<string, Promise<VolumeFixture>>();

export function volumeFixture(kind: DbKind, open: number, closed: number): Promise<VolumeFixture> {
  const key = `${kind}:${open}:${closed}`;
  let fixture = fixtures.get(key);
  if (!fixture) {
    fixture = seed(kind, open, closed);
    fixtures.set(key, fixture);
  }
  return fixture;
}

async function seed(kind: DbKind, open: number, closed: number): Promise<VolumeFixture> {
  const config = await benchConfig();
  const bench = await openBenchDb(kind);
  try {
    const prisma = bench.db.prisma;
    const group = config.groups[0]!;
    const seeding = await timed(async () => {
      // Closed first, so the open complaints carry the later reference numbers, as in life.
      if (closed > 0) {
        await seedComplaints(prisma, { firstSeq: 1, count: closed, state: 'closed', groups: config.groups, filedFrom: new Date('2026-09-30T16:00:00Z'), filedTo: new Date('2026-11-15T00:00:00Z'), now: BENCH_NOW });
      }
      if (open > 0) {
        await seedComplaints(prisma, { firstSeq: closed + 1, count: open, state: 'open', groups: [group], filedFrom: new Date('2026-11-01T00:00:00Z'), filedTo: new Date(BENCH_NOW.getTime() - 3_600_000), now: BENCH_NOW });
      }
      // The working time to each solution, as meetClock stores it when the stage ends in the bot.
      await measureSolutions(benchDeps(config, bench.db), parsePeriod('2026-Q4', 'Asia/Shanghai')!);
    });
    // A bot keeps a month's report totals from its first report on (db/report-rollup.ts): that
    // first adding up is timed here, apart, and the report section times the reports after it.
    const keeping = await timed(() => periodReport(benchDeps(config, bench.db), parsePeriod('2026-Q4', 'Asia/Shanghai')!));
    // As the nightly maintenance does on the embedded database (autovacuum on a server): the
    // seeding's and the first report's dead row versions are freed, and the planner has statistics.
    await vacuumAnalyze(prisma);
    return { bench, config, digestGroup: group.id, seedS: Math.round(seeding.ms / 100) / 10, keepS: Math.round(keeping.ms / 100) / 10, tables: await tableSizes(prisma) };
  } catch (error) {
    await bench.close();
    throw error;
  }
}

export async function disposeVolumeFixtures(): Promise<void> {
  const all = [...fixtures.values()];
  fixtures.clear();
  for (const f of await Promise.allSettled(all)) if (f.status === 'fulfilled') await f.value.bench.close();
}
