/**
 * Archiving (归档): when the archive limit arrives, the satisfaction follow-up is done, or the
 * leader confirms the closure after a review, whichever comes first. It is recorded beside the
 * outcome (when, why) and leaves the status, the outcome, as it was: reports count the same
 * before and after. Archived complaints leave
 * boards and digests but stay findable by reference; nothing is ever deleted.
 */
import { lockComplaint, updateComplaint } from '../db/lifecycle';
import type { Tx } from '../db/tx';
import { decide, standingOf } from '../domain/lifecycle';
import { closeAllClocks } from './clocks';
import { record, refreshCard, threadLine } from './lifecycle-support';
import { refreshDms, settleReview } from './request-review';

export type ArchiveReason = 'limit' | 'follow_up_done' | 'review_confirmed';

/** Archives inside the caller's transaction; false when the complaint cannot be archived now. */
export async function archiveInTx(tx: Tx, complaintId: string, at: Date, reason: ArchiveReason): Promise<boolean> {
  const complaint = await lockComplaint(tx, complaintId);
  if (!complaint) return false;
  const decision = decide('archive', standingOf(complaint), new Set(['system']));
  if (!decision.ok) return false;
  await updateComplaint(tx, complaint.id, at, { archivedAt: at, archiveReason: reason });
  await closeAllClocks(tx, complaint.id, at);
  const closedEscalations = await closeOpenEscalations(tx, complaint.id, at);
  // A review nobody answered by the archive limit lapses: the record says so, the report counts it.
  const lapsedReview = await settleReview(tx, complaint.id, at, 'lapsed', 'system');
  const payload = { reason, ...(closedEscalations.length ? { closedEscalations } : {}), ...(lapsedReview ? { lapsedReview } : {}) };
  await record(tx, at, { complaintId: complaint.id, actorId: 'system', type: 'complaint.archived', payload }, [
    threadLine(complaint.id, 'line.archived', {}),
    refreshCard(complaint.id),
    // Reopen, rating and escalation buttons in people's DMs can no longer work: they go.
    refreshDms(complaint.id),
  ]);
  return true;
}

/**
 * A settled complaint has nothing left for anyone to answer: its escalations still waiting are
 * closed with it, or the sweep would keep handing them up the chain. Returns their ids.
 */
async function closeOpenEscalations(tx: Tx, complaintId: string, at: Date): Promise<string[]> {
  const open = await tx.escalation.findMany({ where: { complaintId, decision: null, handedUpAt: null }, select: { id: true }, orderBy: { level: 'asc' } });
  if (open.length === 0) return [];
  await tx.escalation.updateMany({
    where: { id: { in: open.map((e) => e.id) }, decision: null, handedUpAt: null },
    data: { decision: 'closed', decidedAt: at, decidedBy: 'system', respondBy: null },
  });
  return open.map((e) => e.id);
}
