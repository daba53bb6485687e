/**
 * Before a modal opens: may this person take this action on this complaint now? A stale button
 * or a stranger is told at once, not after typing a reason. Nothing is written; the action's
 * own service checks everything again, on fresh state and under lock, when it is submitted.
 */
import { rolesOf } from '../domain/access';
import type { ComplaintCard } from '../domain/complaint';
import { decide, standingOf, type Action } from '../domain/lifecycle';
import * as complaints from '../db/complaints';
import { findApproval } from '../db/lifecycle';
import { AppError } from '../errors';
import { approverOf, checkSort, type RequestSort } from './decide-approval';
import { withSuggestedExtension } from './extension-suggestion';
import { groupById, groupNameOf, type ServiceDeps } from './deps';

export interface PrepareInput {
  complaintId: string;
  actorId: string;
  action: Action;
}

/** The complaint as it is now, if `action` is open to `actorId` on it. */
export async function prepareAction(deps: ServiceDeps, input: PrepareInput): Promise<ComplaintCard> {
  const card = await complaints.findCard(deps.prisma, { id: input.complaintId }, groupNameOf(deps.config));
  if (!card) throw new AppError('not_found', `no complaint ${input.complaintId}`);
  const group = groupById(deps.config, card.groupId);
  const roles = rolesOf(input.actorId, { ...card, group, supervisors: deps.config.supervisors });
  const decision = decide(input.action, standingOf(card), roles);
  if (!decision.ok) {
    const code = decision.why === 'wrong_state' ? 'stale' : 'not_allowed';
    throw new AppError(code, `${input.actorId} may not ${input.action} ${card.reference} (${decision.why})`, { reference: card.reference, action: input.action });
  }
  refuseSecondRequest(card, input.action, roles);
  return input.action === 'request_extension' ? withSuggestedExtension(deps, card) : card;
}

/**
 * One request waits at a time (services/request-approval.ts refuses a second when it is sent):
 * said as the step opens, before anything is typed, naming whom the first waits for. Open still:
 * the leader's own handover (it asks nobody), and an extension for an outside customer, whose
 * consent given elsewhere staff may record (its step then requires the evidence).
 */
function refuseSecondRequest(card: ComplaintCard, action: Action, roles: ReadonlySet<string>): void {
  const first = card.waiting?.[0];
  if (!first) return;
  const asks =
    action === 'request_rejection' || (action === 'request_handover' && !roles.has('leader')) || (action === 'request_extension' && card.maskedContact === null);
  if (!asks) return;
  throw new AppError('request_waiting', `${card.reference} already has a ${first.kind} request waiting for ${first.approverId}`, { reference: card.reference, who: first.approverId });
}

export interface PrepareDecisionInput {
  approvalId: string;
  actorId: string;
  /** The sort of request the Decline answers (see DecideInput.expects). */
  expects: RequestSort;
}

/** Checks that a request still waits for `actorId`'s answer (before asking them why they decline). */
export async function prepareDecision(deps: ServiceDeps, input: PrepareDecisionInput): Promise<void> {
  const approval = await findApproval(deps.prisma, input.approvalId);
  const card = approval && (await complaints.findCard(deps.prisma, { id: approval.complaintId }, groupNameOf(deps.config)));
  if (!approval || !card) throw new AppError('not_found', `no approval ${input.approvalId}`);
  checkSort(approval, input.expects);
  if (input.actorId !== approverOf(deps, approval, card.groupId)) {
    throw new AppError('not_allowed', `${input.actorId} may not answer approval ${approval.id}`, { reference: card.reference, approval: approval.kind });
  }
  if (approval.status !== 'pending') throw new AppError('stale', `approval ${approval.id} was already answered`, { reference: card.reference });
}
