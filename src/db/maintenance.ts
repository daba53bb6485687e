/**
 * Upkeep of the embedded database. PGlite runs PostgreSQL as a single process with no
 * background workers, so autovacuum never runs: without this, every update leaves its old row
 * version on disk for good (the sweep and the outbox update rows all day), and the planner's
 * statistics stay those of an empty database. On a PostgreSQL server autovacuum does this job.
 */
import type { Store } from './tx';

/** Reclaims dead row versions for reuse and refreshes the planner's statistics. */
export async function vacuumAnalyze(store: Store): Promise<void> {
  // Not in a transaction: VACUUM refuses to run inside one.
  await store.$executeRawUnsafe('VACUUM (ANALYZE)');
}
