/**
 * Archiving (归档): when the archive limit arrives or the satisfaction follow-up is done,
 * whichever comes first. It is recorded beside the outcome (when, why) and leaves the status,
 * the outcome, as it was: reports count the same before and after. Archived complaints leave
 * boards and digests but stay findable by reference; nothing is ever deleted.
 */
import { lockComplaint, updateComplaint } from '../db/lifecycle';
import type { Tx } from '../db/tx';
import { decide, standingOf } from '../domain/lifecycle';
import { closeAllClocks } from './clocks';
import { record, refreshCard, threadLine } from './lifecycle-support';

/** Archives inside the caller's transaction; false when the complaint cannot be archived now. */
export async function archiveInTx(tx: Tx, complaintId: string, at: Date, reason: 'limit' | 'follow_up_done'): Promise<boolean> {
  const complaint = await lockComplaint(tx, complaintId);
  if (!complaint) return false;
  const decision = decide('archive', standingOf(complaint), new Set(['system']));
  if (!decision.ok) return false;
  await updateComplaint(tx, complaint.id, at, { archivedAt: at, archiveReason: reason });
  await closeAllClocks(tx, complaint.id, at);
  await record(tx, at, { complaintId: complaint.id, actorId: 'system', type: 'complaint.archived', payload: { reason } }, [
    threadLine(complaint.id, 'line.archived', {}),
    refreshCard(complaint.id),
  ]);
  return true;
}
