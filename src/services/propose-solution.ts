/**
 * The owner proposes a (preliminary) solution: the solution stage is met, and the clock for
 * reporting the result back to the complainant starts (the decision is made).
 */
import { updateComplaint } from '../db/lifecycle';
import { meetClock, startStage } from './clocks';
import type { ServiceDeps } from './deps';
import { commit, lockAndCheck, record, refreshCard, threadLine } from './lifecycle-support';

export async function proposeSolution(deps: ServiceDeps, input: { complaintId: string; actorId: string; solution: string }): Promise<void> {
  const now = deps.clock.now();
  const solution = input.solution.trim();
  await commit(deps, async (tx) => {
    const { complaint } = await lockAndCheck(deps, tx, input.complaintId, 'propose_solution', input.actorId);
    await updateComplaint(tx, complaint.id, now, { status: 'solution_proposed', solution });
    await meetClock(tx, complaint, 'solution', now, deps.calendarFor(complaint.groupId));
    await startStage(deps, tx, complaint, 'feedback', complaint.ownerId, now);
    await record(tx, now, { complaintId: complaint.id, actorId: input.actorId, type: 'complaint.solution_proposed', payload: { solution } }, [
      threadLine(complaint.id, 'line.solution', { actor: input.actorId, text: solution }),
      refreshCard(complaint.id),
    ]);
  });
}
