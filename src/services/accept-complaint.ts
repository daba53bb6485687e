/**
 * Accepting (受理): the owner, or the leader for them, takes the complaint on. The first to
 * accept becomes its first responder for good (首问负责制). Pressing twice changes nothing.
 */
import { mayAccept } from '../domain/access';
import type { ComplaintCard } from '../domain/complaint';
import { appendEvent } from '../db/audit';
import * as complaints from '../db/complaints';
import { enqueue } from '../db/outbox';
import { inTransaction } from '../db/tx';
import { AppError } from '../errors';
import { groupById, groupNameOf, type ServiceDeps } from './deps';

export interface AcceptInput {
  complaintId: string;
  actorId: string;
}

export type AcceptResult = { changed: boolean; complaint: ComplaintCard };

export async function acceptComplaint(deps: ServiceDeps, input: AcceptInput): Promise<AcceptResult> {
  const { prisma, config, clock } = deps;
  const groupName = groupNameOf(config);
  const before = await complaints.findCard(prisma, { id: input.complaintId }, groupName);
  if (!before) throw new AppError('not_found', `no complaint ${input.complaintId}`);
  const people = { ...before, group: groupById(config, before.groupId), supervisors: config.supervisors };
  if (!mayAccept(input.actorId, people)) {
    throw new AppError('not_allowed', `${input.actorId} may not accept ${before.reference}`, { reference: before.reference });
  }
  const now = clock.now();
  const changed = await inTransaction(prisma, async (tx) => {
    const moved = await complaints.moveStatus(tx, before.id, 'new', 'accepted', now, {
      firstResponderId: input.actorId,
      acceptedAt: now,
    });
    if (!moved) return false; // already accepted: a double click or a retry
    await complaints.meetDeadline(tx, before.id, 'acknowledge', now);
    await appendEvent(tx, { complaintId: before.id, actorId: input.actorId, type: 'complaint.accepted', payload: {}, at: now });
    await enqueue(tx, now, [
      { dedupeKey: `complaint:${before.id}:refresh:accepted`, kind: 'complaint.refresh', target: before.groupId, complaintId: before.id },
    ]);
    return true;
  });
  if (changed) deps.outboxWritten?.();
  const after = await complaints.findCard(prisma, { id: before.id }, groupName);
  return { changed, complaint: after ?? before };
}
