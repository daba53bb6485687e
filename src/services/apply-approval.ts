/** What an approved request does, shared by the approval flow and the shortcuts that need none. */
import type { ComplaintRow } from '../db/lifecycle';
import { updateComplaint } from '../db/lifecycle';
import type { Tx } from '../db/tx';
import { closeAllClocks, extendClock, reassignClocks, startStage } from './clocks';
import type { ServiceDeps } from './deps';
import { toComplainant } from './to-complainant';
import { notice, record, refreshCard, threadLine } from './lifecycle-support';

/**
 * The new owner takes over; the first contact stays on record (首问负责制). `quiet`: the caller
 * tells the thread and the old handler itself, in one line and one DM with its own reason
 * (an escalation's decision), rather than have them told twice.
 */
export async function applyHandover(tx: Tx, at: Date, complaint: ComplaintRow, actorId: string, toOwnerId: string, reason: string, { quiet = false } = {}) {
  await updateComplaint(tx, complaint.id, at, { ownerId: toOwnerId });
  await reassignClocks(tx, complaint.id, toOwnerId);
  await record(tx, at, { complaintId: complaint.id, actorId, type: 'complaint.handed_over', payload: { from: complaint.ownerId, to: toOwnerId, reason } }, [
    ...(quiet ? [] : [threadLine(complaint.id, 'line.handed_over', { actor: actorId, from: complaint.ownerId, to: toOwnerId, text: reason })]),
    { kind: 'owner.assigned', target: toOwnerId, complaintId: complaint.id },
    ...(quiet ? [] : [notice(complaint.id, complaint.ownerId, 'notice.handed_over', { to: toOwnerId })]),
    refreshCard(complaint.id),
  ]);
}

export interface ExtensionPayload {
  deadlineId: string;
  stage: string;
  dueAt: string;
  reason: string;
  consent: 'complainant' | 'recorded';
  evidence?: string;
  /** 'web': the complainant's own written consent on their complaint page. */
  channel?: 'web';
  /** Staff's record answered this request put to the complainant (services/request-approval.ts). */
  approvalId?: string;
}

/** Moves the deadline; only ever called with the complainant's consent in hand. */
export async function applyExtension(deps: Pick<ServiceDeps, 'config' | 'calendarFor'>, tx: Tx, at: Date, complaint: ComplaintRow, actorId: string, p: ExtensionPayload) {
  await extendClock(tx, p.deadlineId, new Date(p.dueAt), at, p.consent, deps.calendarFor(complaint.groupId));
  await record(tx, at, { complaintId: complaint.id, actorId, type: 'complaint.extended', payload: { ...p } }, [
    // Whose consent it was shows: the complainant's own, or staff's record of it.
    threadLine(complaint.id, p.consent === 'recorded' ? 'line.extended_recorded' : p.channel === 'web' ? 'line.extended_web' : 'line.extended', { actor: actorId, due: p.dueAt, text: p.reason }),
    notice(complaint.id, complaint.ownerId, 'notice.extended', { due: p.dueAt }),
    refreshCard(complaint.id),
    // Consent staff recorded (by phone, ...) is confirmed to the customer in writing.
    ...(p.consent === 'recorded' ? await toComplainant(deps, tx, complaint, 'extended', { due: p.dueAt }) : []),
  ]);
}

/**
 * Rejected as unreasonable: the explanation goes to the complainant, who is followed up like
 * after a result (回访): the filer rates in the same DM, an outside customer is called by the
 * handler. The follow-up and archive clocks start.
 */
export async function applyRejection(deps: ServiceDeps, tx: Tx, at: Date, complaint: ComplaintRow, actorId: string, reason: string) {
  await updateComplaint(tx, complaint.id, at, { status: 'rejected', result: reason, closedAt: at });
  await closeAllClocks(tx, complaint.id, at);
  const followUpDue = await startStage(deps, tx, complaint, 'follow_up', complaint.ownerId, at);
  await startStage(deps, tx, complaint, 'archive', complaint.ownerId, at);
  await record(tx, at, { complaintId: complaint.id, actorId, type: 'complaint.rejected', payload: { reason } }, [
    threadLine(complaint.id, 'line.rejected', { actor: actorId, text: reason }),
    ...(complaint.contactId
      ? [
          notice(complaint.id, complaint.filerId, 'notice.rejected', { text: reason }),
          notice(complaint.id, complaint.ownerId, 'notice.follow_up_call', { due: followUpDue.toISOString() }),
          ...(await toComplainant(deps, tx, complaint, 'rejected', { text: reason })),
        ]
      : [{ kind: 'survey.ask', target: complaint.filerId, complaintId: complaint.id }]),
    notice(complaint.id, complaint.ownerId, 'notice.rejection_approved', { actor: actorId }),
    refreshCard(complaint.id),
  ]);
}
