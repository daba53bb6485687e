/**
 * Accepting (受理): the handler (owner), or the leader for them, takes the complaint on. Where
 * nobody registered it for the complainant, the first to accept becomes its first contact
 * (首问负责人) for good. Pressing twice changes nothing.
 */
import type { ComplaintCard } from '../domain/complaint';
import * as complaints from '../db/complaints';
import { updateComplaint } from '../db/lifecycle';
import { mayAccept } from '../domain/access';
import { AppError, isAppError } from '../errors';
import { meetClock, openClocks } from './clocks';
import { toComplainant } from './to-complainant';
import { groupNameOf, type ServiceDeps } from './deps';
import { commit, lockAndCheck, record, refreshCard, threadLine } from './lifecycle-support';

export interface AcceptInput {
  complaintId: string;
  actorId: string;
}

export type AcceptResult = { changed: boolean; complaint: ComplaintCard };

export async function acceptComplaint(deps: ServiceDeps, input: AcceptInput): Promise<AcceptResult> {
  const now = deps.clock.now();
  let changed = true;
  try {
    await commit(deps, async (tx) => {
      const { complaint } = await lockAndCheck(deps, tx, input.complaintId, 'accept', input.actorId);
      const firstContactId = complaint.firstContactId ?? input.actorId;
      await updateComplaint(tx, complaint.id, now, { status: 'accepted', firstContactId, acceptedById: input.actorId, acceptedAt: now });
      await meetClock(tx, complaint, 'acknowledge', now, deps.calendarFor(complaint.groupId));
      const solution = (await openClocks(tx, complaint.id)).find((d) => d.stage === 'solution');
      const accepted = await toComplainant(deps, tx, complaint, 'accepted', solution ? { solutionDue: solution.dueAt.toISOString() } : {});
      const line = input.actorId === complaint.ownerId ? 'line.accepted' : 'line.accepted_for';
      await record(tx, now, { complaintId: complaint.id, actorId: input.actorId, type: 'complaint.accepted', payload: { firstContactId } }, [
        threadLine(complaint.id, line, { actor: input.actorId, owner: complaint.ownerId }),
        refreshCard(complaint.id),
        // The DM that told the handler loses its Accept button, whoever pressed it where.
        { kind: 'owner.refresh', target: complaint.ownerId, complaintId: complaint.id },
        ...accepted,
      ]);
    });
  } catch (error) {
    // Already accepted (a double click, a retry, the leader and owner at once): nothing to do.
    if (!(isAppError(error) && error.code === 'stale')) throw error;
    const current = await complaints.findCard(deps.prisma, { id: input.complaintId }, groupNameOf(deps.config));
    if (current?.status === 'new' || !current?.acceptedAt) throw error;
    const group = deps.config.groups.find((g) => g.id === current.groupId);
    if (!group || !mayAccept(input.actorId, { ...current, group, supervisors: deps.config.supervisors })) {
      throw new AppError('not_allowed', `${input.actorId} may not accept ${current.reference}`, { reference: current.reference, action: 'accept' });
    }
    changed = false;
  }
  const card = await complaints.findCard(deps.prisma, { id: input.complaintId }, groupNameOf(deps.config));
  return { changed, complaint: card! };
}
