/** Reading the audit log for one complaint: who did what, when, in the order it was recorded. */
import type { Store } from './tx';

export interface HistoryRow {
  id: bigint;
  type: string;
  actorId: string;
  at: Date;
  payload: unknown;
}

export interface ComplaintForHistory {
  id: string;
  reference: string;
  filerId: string;
  ownerId: string;
  firstContactId: string | null;
  groupId: string;
}

export async function complaintForHistory(store: Store, reference: string): Promise<ComplaintForHistory | undefined> {
  const row = await store.complaint.findUnique({
    where: { reference },
    select: { id: true, reference: true, filerId: true, ownerId: true, firstContactId: true, groupId: true },
  });
  return row ?? undefined;
}

/** The first `limit` events of the complaint, oldest first (id order is commit order: see audit.ts). */
export async function eventsOf(store: Store, complaintId: string, limit: number): Promise<HistoryRow[]> {
  return store.event.findMany({
    where: { complaintId },
    orderBy: { id: 'asc' },
    take: limit,
    select: { id: true, type: true, actorId: true, at: true, payload: true },
  });
}
