/** The owner starts investigating an accepted complaint. */
import { updateComplaint } from '../db/lifecycle';
import type { ServiceDeps } from './deps';
import { commit, lockAndCheck, unlessRepeated, record, refreshCard, threadLine } from './lifecycle-support';

export async function startInvestigation(deps: ServiceDeps, input: { complaintId: string; actorId: string }): Promise<void> {
  const now = deps.clock.now();
  // Pressed twice: the second press finds it investigating and changes nothing.
  await unlessRepeated(deps, input, 'start_investigation', 'investigating', () =>
    commit(deps, async (tx) => {
      const { complaint } = await lockAndCheck(deps, tx, input.complaintId, 'start_investigation', input.actorId);
      await updateComplaint(tx, complaint.id, now, { status: 'investigating' });
      await record(tx, now, { complaintId: complaint.id, actorId: input.actorId, type: 'complaint.investigation_started' }, [
        threadLine(complaint.id, 'line.investigating', { actor: input.actorId }),
        refreshCard(complaint.id),
      ]);
    }),
  );
}
