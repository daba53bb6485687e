/**
 * Requests always settle: one the complaint has moved past (a solution proposed while a rejection
 * waited, a limit met while its extension waited for consent, the complaint handed to someone
 * else) is closed as superseded in the transaction of the move itself, and audited. The asking
 * DM then loses its buttons and the approver's Home the entry; left waiting, its Approve could
 * only fail, and the request would wait for good.
 */
import type { Status } from '../domain/complaint';
import { requestStands } from '../domain/requests';
import { supersedeApproval, waitingRequests } from '../db/lifecycle';
import type { Tx } from '../db/tx';
import type { Recorded } from './lifecycle-support';

/** Who is named as the one who did not get to answer, by the catalogs' conventions. */
const APPROVER_PARAM: Record<string, string> = { rejection: 'leader', handover: 'leader', extension: 'filer' };

/**
 * Closes what the steps just recorded (`events`, their changes already made in `tx`) have passed,
 * and returns the closing steps to record with them.
 */
export async function supersededRequests(tx: Tx, at: Date, events: readonly Pick<Recorded['event'], 'complaintId' | 'actorId'>[]): Promise<Recorded[]> {
  const waiting = await waitingRequests(tx, [...new Set(events.map((e) => e.complaintId))]);
  const closed: Recorded[] = [];
  for (const r of waiting) {
    const payload = (r.payload ?? {}) as Record<string, unknown>;
    const complaint = { status: r.complaint.status as Status, archived: r.complaint.archivedAt !== null, ownerId: r.complaint.ownerId };
    if (requestStands({ kind: r.kind, requestedBy: r.requestedBy, payload }, r.deadline ? { ...complaint, deadline: r.deadline } : complaint)) continue;
    if (!(await supersedeApproval(tx, r.id, at))) continue;
    // Whoever took the step that passed it closes it.
    const actorId = events.filter((e) => e.complaintId === r.complaintId).at(-1)!.actorId;
    const to = typeof payload.toOwnerId === 'string' ? { to: payload.toOwnerId } : {};
    closed.push({
      event: { complaintId: r.complaintId, actorId, type: 'approval.superseded', payload: { approvalId: r.id, kind: r.kind, approverId: r.approverId } },
      messages: [
        { kind: 'thread.line', target: r.complaintId, complaintId: r.complaintId, payload: { key: `line.${r.kind}_superseded`, params: { [APPROVER_PARAM[r.kind] ?? 'leader']: r.approverId, ...to } } },
        { kind: 'approval.closed', target: r.approverId, complaintId: r.complaintId, payload: { approvalId: r.id } },
      ],
      // The approver is no longer among those it concerns, yet their Home still lists it.
      homes: [r.approverId],
    });
  }
  return closed;
}
