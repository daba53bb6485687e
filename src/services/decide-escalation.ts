/**
 * The answer to an escalation, by the person it is before (the leader, or whoever it was
 * handed up to): approve (take the complaint over or assign it, optionally raising its
 * priority), reassign, grant an extension (only with the complainant's consent, as in the
 * lifecycle), or decline with a reason. The escalation level is recorded with the decision.
 */
import type { EscalationView } from '../chat/port';
import { PRIORITIES, type ComplaintCard, type Priority } from '../domain/complaint';
import { clockOf, NO_LIMIT, timeLeft } from '../domain/sla';
import * as complaints from '../db/complaints';
import { handedUpTo, type ChainLink } from '../db/sweep';
import { lockComplaint, updateComplaint } from '../db/lifecycle';
import type { Store, Tx } from '../db/tx';
import { AppError } from '../errors';
import { applyHandover } from './apply-approval';
import { groupNameOf, type ServiceDeps } from './deps';
import { commit, record, refreshCard, threadLine, notice } from './lifecycle-support';
import { extendWithConsent } from './request-approval';
import { withSuggestedExtension } from './extension-suggestion';

export type EscalationAnswer =
  | { decision: 'approve'; newOwnerId?: string; priority?: Priority; note?: string }
  | { decision: 'reassign'; newOwnerId: string; note?: string }
  | { decision: 'extend'; newDueAt: Date; reason: string; consentEvidence?: string }
  | { decision: 'decline'; note: string };

export interface EscalationDecided {
  complaint: ComplaintCard;
  escalation: EscalationView;
  decidedAt: Date;
}

const CLOSED_STATUSES = ['withdrawn', 'rejected'];
/** Nothing but a decline is left to decide on a withdrawn, rejected or archived complaint. */
const isClosed = (c: { status: string; archivedAt: Date | null }) => CLOSED_STATUSES.includes(c.status) || c.archivedAt !== null;

type EscalationRow = NonNullable<Awaited<ReturnType<Store['escalation']['findUnique']>>>;

/** The escalation as chat shows it: its limit and the working time left on it now. */
export async function escalationView(deps: ServiceDeps, store: Store | Tx, e: EscalationRow, groupId: string): Promise<EscalationView> {
  const deadline = e.deadlineId ? await store.deadline.findUnique({ where: { id: e.deadlineId } }) : null;
  const now = deps.clock.now();
  const left = deadline ? timeLeft(now, deadline.dueAt, clockOf(deadline), deps.calendarFor(groupId)) : NO_LIMIT;
  return { id: e.id, level: e.level, stage: e.stage, reason: e.reason, left, dueAt: deadline?.dueAt ?? null, decision: e.decision };
}

/**
 * What the thread and the old handler read about a decision: one line and one DM. A handover
 * says who has the complaint now, in words the handler knows (they never saw the escalation).
 * An extension granted on recorded consent has told them already (its own DM with the new time).
 */
function decisionTold(decision: EscalationAnswer['decision'], actorId: string, handedTo: string | undefined, extended: 'asked' | 'extended' | undefined) {
  if (handedTo) {
    const took = handedTo === actorId;
    return { line: took ? 'line.escalation_took_over' : 'line.escalation_handed_over', notice: took ? 'notice.escalation_took_over' : 'notice.escalation_handed_over' };
  }
  return { line: `line.escalation_${decision}`, notice: extended === 'extended' ? undefined : `notice.escalation_${decision}` };
}

/**
 * Already answered, or handed up: then the refusal names whom it is before now (through every
 * later hand-up), so a press on an old button says where the escalation went.
 */
async function staleError(store: Store | Tx, e: ChainLink, reference: string): Promise<AppError> {
  let latest: Awaited<ReturnType<typeof handedUpTo>> = null;
  for (let next = await handedUpTo(store, e); next; next = await handedUpTo(store, next)) latest = next;
  const params: Record<string, string> = { reference };
  if (latest && !latest.decision && !latest.handedUpAt) params.handedTo = latest.approverId;
  return new AppError('stale', `escalation ${e.id} was already answered or handed up`, params);
}

async function cardOf(deps: ServiceDeps, complaintId: string): Promise<ComplaintCard> {
  const card = await complaints.findCard(deps.prisma, { id: complaintId }, groupNameOf(deps.config));
  if (!card) throw new AppError('not_found', `no complaint ${complaintId}`);
  return card;
}

/**
 * Before a modal opens: is this escalation still before `actorId`? A stale button or a
 * stranger is told at once, not after typing a reason. Nothing is written.
 */
export async function prepareEscalation(
  deps: ServiceDeps,
  input: { escalationId: string; actorId: string; decision: EscalationAnswer['decision'] },
): Promise<{ card: ComplaintCard; escalation: EscalationView }> {
  const e = await deps.prisma.escalation.findUnique({ where: { id: input.escalationId } });
  if (!e) throw new AppError('not_found', `no escalation ${input.escalationId}`);
  const card = await cardOf(deps, e.complaintId);
  if (e.approverId !== input.actorId) {
    throw new AppError('not_allowed', `${input.actorId} is not who ${e.id} is before`, { reference: card.reference, approval: 'escalation' });
  }
  if (e.decision || e.handedUpAt) throw await staleError(deps.prisma, e, card.reference);
  if (isClosed(card) && input.decision !== 'decline') throw new AppError('stale', `${card.reference} is closed`, { reference: card.reference });
  const shown = input.decision === 'extend' ? withSuggestedExtension(deps, card) : card;
  return { card: shown, escalation: await escalationView(deps, deps.prisma, e, card.groupId) };
}

export async function decideEscalation(deps: ServiceDeps, input: { escalationId: string; actorId: string; answer: EscalationAnswer }): Promise<EscalationDecided> {
  const now = deps.clock.now();
  const { answer, actorId } = input;
  const decided = await commit(deps, async (tx) => {
    const escalation = await tx.escalation.findUnique({ where: { id: input.escalationId } });
    if (!escalation) throw new AppError('not_found', `no escalation ${input.escalationId}`);
    const complaint = await lockComplaint(tx, escalation.complaintId);
    if (!complaint) throw new AppError('not_found', `no complaint ${escalation.complaintId}`);
    if (escalation.approverId !== actorId) {
      throw new AppError('not_allowed', `${actorId} is not who ${escalation.id} is before`, { reference: complaint.reference, approval: 'escalation' });
    }
    const { count } = await tx.escalation.updateMany({
      where: { id: escalation.id, decision: null, handedUpAt: null },
      data: { decision: answer.decision, decidedAt: now, decidedBy: actorId, respondBy: null, decisionNote: 'note' in answer ? (answer.note ?? null) : answer.decision === 'extend' ? answer.reason : null },
    });
    if (count !== 1) throw await staleError(tx, escalation, complaint.reference);
    if (isClosed(complaint) && answer.decision !== 'decline') {
      throw new AppError('stale', `${complaint.reference} is closed`, { reference: complaint.reference });
    }

    const group = deps.config.groups.find((g) => g.id === complaint.groupId);
    const newOwner = answer.decision === 'approve' || answer.decision === 'reassign' ? answer.newOwnerId : undefined;
    if (answer.decision === 'reassign' && newOwner === complaint.ownerId) throw new AppError('invalid_input', 'already the owner', { field: 'to' });
    const handedTo = newOwner && newOwner !== complaint.ownerId ? newOwner : undefined;
    if (handedTo) {
      if (group && !group.members.includes(handedTo) && handedTo !== group.leader && handedTo !== actorId) {
        throw new AppError('invalid_input', `${handedTo} is not in group ${complaint.groupId}`, { field: 'to' });
      }
      await applyHandover(tx, now, complaint, actorId, handedTo, `escalation level ${escalation.level}`, { quiet: true });
    }
    if (answer.decision === 'approve' && answer.priority && PRIORITIES.indexOf(answer.priority) > PRIORITIES.indexOf(complaint.priority)) {
      await updateComplaint(tx, complaint.id, now, { priority: answer.priority });
    }
    const extended = answer.decision === 'extend'
      ? await extendWithConsent(deps, tx, now, complaint, { complaintId: complaint.id, actorId, newDueAt: answer.newDueAt, reason: answer.reason, consentEvidence: answer.consentEvidence })
      : undefined;
    const text = 'note' in answer ? (answer.note ?? '') : '';
    const told = decisionTold(answer.decision, actorId, handedTo, extended);
    const params = { actor: actorId, from: complaint.ownerId, ...(handedTo ? { to: handedTo } : {}), text };
    // The old handler is told once, unless they decided it themselves or the extension's own DM told them.
    const tellHandler = told.notice && complaint.ownerId !== actorId;
    await record(
      tx,
      now,
      { complaintId: complaint.id, actorId, type: 'escalation.decided', payload: { escalationId: escalation.id, level: escalation.level, decision: answer.decision, stage: escalation.stage } },
      [
        threadLine(complaint.id, told.line, params),
        ...(tellHandler ? [notice(complaint.id, complaint.ownerId, told.notice!, params)] : []),
        refreshCard(complaint.id),
      ],
    );
    return { ...escalation, decision: answer.decision, decidedAt: now, decidedBy: actorId };
  });
  const complaint = await cardOf(deps, decided.complaintId);
  return { complaint, escalation: await escalationView(deps, deps.prisma, decided, complaint.groupId), decidedAt: now };
}
