/**
 * Requests that need another person's yes. Rejecting as unreasonable and handing over need the
 * group leader; extending a deadline needs the complainant's consent (for an outside customer,
 * the owner records the consent and its evidence, and the extension applies at once).
 */
import { createApproval, latestConsentRequest, pendingApproval, settleApproval, type ComplaintRow } from '../db/lifecycle';
import type { Tx } from '../db/tx';
import { openClocks } from './clocks';
import { toComplainant } from './to-complainant';
import { COMPLAINANT } from '../domain/access';
import { NOT_DUE_STAGES } from '../domain/sla';
import { AppError } from '../errors';
import type { ServiceDeps } from './deps';
import { applyExtension, applyHandover } from './apply-approval';
import { commit, lockAndCheck, record, threadLine } from './lifecycle-support';

export interface RejectionRequest {
  complaintId: string;
  actorId: string;
  reason: string;
}

export async function requestRejection(deps: ServiceDeps, input: RejectionRequest): Promise<void> {
  const now = deps.clock.now();
  await commit(deps, async (tx) => {
    const { complaint, group } = await lockAndCheck(deps, tx, input.complaintId, 'request_rejection', input.actorId);
    await ensureNonePending(tx, complaint.id, complaint.reference);
    const reason = input.reason.trim();
    const approvalId = await createApproval(tx, { complaintId: complaint.id, kind: 'rejection', requestedBy: input.actorId, approverId: group.leader, payload: { reason }, at: now });
    await record(tx, now, { complaintId: complaint.id, actorId: input.actorId, type: 'complaint.rejection_requested', payload: { approvalId, reason } }, [
      threadLine(complaint.id, 'line.rejection_requested', { actor: input.actorId, leader: group.leader, text: reason }),
      { kind: 'approval.ask', target: group.leader, complaintId: complaint.id, payload: { approvalId } },
    ]);
  });
}

export interface HandoverRequest {
  complaintId: string;
  actorId: string;
  toOwnerId: string;
  reason: string;
}

export async function requestHandover(deps: ServiceDeps, input: HandoverRequest): Promise<'requested' | 'handed_over'> {
  const now = deps.clock.now();
  return commit(deps, async (tx) => {
    const { complaint, group, roles } = await lockAndCheck(deps, tx, input.complaintId, 'request_handover', input.actorId);
    if (!group.members.includes(input.toOwnerId) && input.toOwnerId !== group.leader) {
      throw new AppError('invalid_input', `${input.toOwnerId} is not in group ${group.id}`, { field: 'to' });
    }
    if (input.toOwnerId === complaint.ownerId) throw new AppError('invalid_input', 'already the owner', { field: 'to' });
    const reason = input.reason.trim();
    // The leader handing over needs nobody's approval but their own.
    if (roles.has('leader')) {
      await applyHandover(tx, now, complaint, input.actorId, input.toOwnerId, reason);
      return 'handed_over';
    }
    await ensureNonePending(tx, complaint.id, complaint.reference);
    // Who it is handed from is kept on the request: once approved, the complaint's owner is the new one.
    const payload = { fromOwnerId: complaint.ownerId, toOwnerId: input.toOwnerId, reason };
    const approvalId = await createApproval(tx, { complaintId: complaint.id, kind: 'handover', requestedBy: input.actorId, approverId: group.leader, payload, at: now });
    await record(tx, now, { complaintId: complaint.id, actorId: input.actorId, type: 'complaint.handover_requested', payload: { approvalId, toOwnerId: input.toOwnerId, reason } }, [
      threadLine(complaint.id, 'line.handover_requested', { actor: input.actorId, to: input.toOwnerId, leader: group.leader, text: reason }),
      { kind: 'approval.ask', target: group.leader, complaintId: complaint.id, payload: { approvalId } },
    ]);
    return 'requested';
  });
}

export interface ExtensionRequest {
  complaintId: string;
  actorId: string;
  newDueAt: Date;
  reason: string;
  /** For an outside customer: how their consent was obtained (call, e-mail...). */
  consentEvidence?: string;
}

export async function requestExtension(deps: ServiceDeps, input: ExtensionRequest): Promise<'asked' | 'extended'> {
  const now = deps.clock.now();
  return commit(deps, async (tx) => {
    const { complaint } = await lockAndCheck(deps, tx, input.complaintId, 'request_extension', input.actorId);
    return extendWithConsent(deps, tx, now, complaint, input);
  });
}

/**
 * The extension itself, inside a caller's transaction (also used by a leader answering an
 * escalation): ask the complainant, or apply at once with an outside customer's recorded consent.
 */
export async function extendWithConsent(deps: Pick<ServiceDeps, 'config' | 'calendarFor'>, tx: Tx, now: Date, complaint: ComplaintRow, input: ExtensionRequest): Promise<'asked' | 'extended'> {
  const clock = (await openClocks(tx, complaint.id)).find((d) => !NOT_DUE_STAGES.includes(d.stage));
  if (!clock) throw new AppError('invalid_input', `${complaint.reference} has no running limit to extend`, { field: 'due' });
  // Staff's record of consent an outside customer gave elsewhere: the labelled fallback, applied at once.
  const evidence = complaint.contactId ? input.consentEvidence?.trim() : undefined;
  // Checked first: the complainant's own answer is the reason to refuse, whatever the date typed.
  const asked = evidence ? await consentAsked(tx, complaint, clock.id) : undefined;
  if (input.newDueAt <= clock.dueAt || input.newDueAt <= now) {
    throw new AppError('invalid_input', 'the new due time must be later than the current one', { field: 'due' });
  }
  const reason = input.reason.trim();
  const payload = { deadlineId: clock.id, stage: clock.stage, dueAt: input.newDueAt.toISOString(), reason };
  if (evidence) {
    // It answers the request waiting on their page, for them: the page then shows it answered by staff.
    if (asked && !(await settleApproval(tx, asked, 'approved', input.actorId, now, evidence))) throw new Error(`approval ${asked} settled under the complaint's lock`);
    await applyExtension(deps, tx, now, complaint, input.actorId, { ...payload, consent: 'recorded', evidence, ...(asked && { approvalId: asked }) });
    return 'extended';
  }
  await ensureNonePending(tx, complaint.id, complaint.reference);
  // The complainant answers themselves: a team member in their DM, an outside customer on their page.
  const approverId = complaint.contactId ? COMPLAINANT : complaint.filerId;
  const approvalId = await createApproval(tx, { complaintId: complaint.id, kind: 'extension', requestedBy: input.actorId, approverId, payload, at: now });
  await record(tx, now, { complaintId: complaint.id, actorId: input.actorId, type: 'complaint.extension_requested', payload: { approvalId, ...payload } }, [
    threadLine(complaint.id, 'line.extension_requested', { actor: input.actorId, due: payload.dueAt, text: reason }),
    // An outside customer hears of it by e-mail or SMS, with a link to answer on their page.
    ...(complaint.contactId
      ? await toComplainant(deps, tx, complaint, 'extension', { due: payload.dueAt, text: reason })
      : [{ kind: 'consent.ask', target: complaint.filerId, complaintId: complaint.id, payload: { approvalId } }]),
  ]);
  return 'asked';
}

/**
 * Staff recording the consent an outside customer gave elsewhere answers the extension request
 * put to them on their page for the same limit, if one waits (returned: the caller settles it as
 * agreed, by staff, so the page shows it answered and refuses a second answer). Where the
 * complainant answered it first (agreed or declined), their own written answer stands: the record
 * is refused, changing nothing. The complaint is locked, so of two answers arriving at once the
 * first wins.
 */
async function consentAsked(tx: Tx, complaint: ComplaintRow, deadlineId: string): Promise<string | undefined> {
  const asked = await latestConsentRequest(tx, complaint.id, COMPLAINANT, deadlineId);
  if (!asked) return undefined;
  if (asked.status === 'pending') return asked.id;
  if (asked.decidedBy === COMPLAINANT) {
    throw new AppError('stale', `${complaint.reference}: the complainant already ${asked.status} this extension on their page`, {
      reference: complaint.reference,
      why: 'consent_answered',
      answer: asked.status,
    });
  }
  // Answered by an earlier record of staff's: this one is a new extension of the same limit, on new consent.
  return undefined;
}

/**
 * One request at a time: while one waits for its answer, another would race it (approving both
 * could reject a complaint already handed over), so the second is refused, naming whom the first
 * waits for.
 */
async function ensureNonePending(tx: Tx, complaintId: string, reference: string) {
  const waiting = await pendingApproval(tx, complaintId);
  if (waiting) {
    throw new AppError('request_waiting', `${reference} already has a ${waiting.kind} request waiting for ${waiting.approverId}`, { reference, who: waiting.approverId });
  }
}
