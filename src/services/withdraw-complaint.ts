/** The filer withdraws a complaint nobody has accepted yet. */
import { updateComplaint } from '../db/lifecycle';
import { closeAllClocks, startStage } from './clocks';
import type { ServiceDeps } from './deps';
import { commit, lockAndCheck, unlessRepeated, notice, record, refreshCard, threadLine } from './lifecycle-support';

export async function withdrawComplaint(deps: ServiceDeps, input: { complaintId: string; actorId: string }): Promise<void> {
  const now = deps.clock.now();
  // Pressed twice: the second press finds it withdrawn and changes nothing.
  await unlessRepeated(deps, input, 'withdraw', 'withdrawn', () =>
    commit(deps, async (tx) => {
      const { complaint } = await lockAndCheck(deps, tx, input.complaintId, 'withdraw', input.actorId);
      await updateComplaint(tx, complaint.id, now, { status: 'withdrawn', closedAt: now });
      await closeAllClocks(tx, complaint.id, now);
      await startStage(deps, tx, complaint, 'archive', complaint.ownerId, now);
      await record(tx, now, { complaintId: complaint.id, actorId: input.actorId, type: 'complaint.withdrawn' }, [
        threadLine(complaint.id, 'line.withdrawn', { actor: input.actorId }),
        notice(complaint.id, complaint.ownerId, 'notice.withdrawn', { actor: input.actorId }),
        refreshCard(complaint.id),
      ]);
    }),
  );
}
