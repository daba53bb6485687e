/** Run leases: one row per scheduled fire; whoever inserts it runs that fire. */
import type { Store } from './tx';

export async function takeLease(store: Store, job: string, fireAt: Date, holder: string, at: Date): Promise<boolean> {
  const rows = await store.$queryRawUnsafe<unknown[]>(
    `INSERT INTO "RunLease" (job, "fireAt", holder, "takenAt") VALUES ($1, $2, $3, $4)
     ON CONFLICT DO NOTHING RETURNING job`,
    job,
    fireAt,
    holder,
    at,
  );
  return rows.length === 1;
}

/** Leases only matter while their fire could still be contested; older ones are noise. */
export async function forgetLeasesBefore(store: Store, before: Date): Promise<number> {
  const { count } = await store.runLease.deleteMany({ where: { fireAt: { lt: before } } });
  return count;
}
