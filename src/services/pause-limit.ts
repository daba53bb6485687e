/**
 * The limit on waiting for the complainant (sla.maxPause), as the sweep meets it. "Ask the
 * complainant" stops the clocks; without a limit any time limit could be dodged by asking a
 * question. So the handler is reminded at half of the wait, and when it has passed the stopped
 * clocks run again with the time they had, the handler and the leader are told, and it is
 * audited. The complaint still waits for the answer, which may yet come.
 */
import { dueAt } from '../domain/sla';
import * as store from '../db/sweep';
import type { Tx } from '../db/tx';
import { resumeClocks } from './clocks';
import { groupById, type ServiceDeps } from './deps';
import { notice, refreshCard, threadLine, type Recorded } from './lifecycle-support';
import type { PlannedClock } from './sweep-steps';

export const isPauseLimit = (p: PlannedClock) => p.clock.stage === 'pause';

/**
 * When a wait ends, by sla.maxPause as configured now. Waits carried over by the migration that
 * introduced the limit hold only a placeholder due time, so the sweep always works it out.
 */
export function pauseEnds(deps: ServiceDeps, clock: Pick<store.DueClock, 'startedAt' | 'complaint'>): Date {
  return dueAt(deps.sla.pause.limits[clock.complaint.priority], clock.startedAt, deps.calendarFor(clock.complaint.groupId));
}

/** The pause clock's end: nobody breached anything, the wait is just over. */
export const endsPause = (p: PlannedClock) => isPauseLimit(p) && p.plan.kind === 'breach';

/**
 * Takes the pause clocks' steps in the sweep's transaction; returns the steps done and the audit
 * entries (with their messages) for the caller to record with the rest of the chunk.
 */
export async function takePauseSteps(deps: ServiceDeps, tx: Tx, pauses: readonly PlannedClock[], now: Date): Promise<{ done: PlannedClock[]; entries: Recorded[] }> {
  const steps = pauses.map(({ clock, plan }): store.ClockStep =>
    plan.kind === 'none' || plan.kind === 'defer'
      ? { clock, thresholdsDone: clock.thresholdsDone, nextCheckAt: plan.nextCheckAt, breach: false }
      : { clock, thresholdsDone: plan.thresholdsDone, nextCheckAt: plan.nextCheckAt, breach: false },
  );
  const won = await store.claimClockSteps(tx, steps);
  const done: PlannedClock[] = [];
  const entries: Recorded[] = [];
  for (const p of pauses) {
    if (!won.has(p.clock.id) || p.plan.kind === 'none') continue;
    done.push(p);
    if (p.plan.kind === 'defer') continue;
    const { clock } = p;
    const c = clock.complaint;
    const until = pauseEnds(deps, clock).toISOString();
    if (!endsPause(p)) {
      entries.push({
        event: { complaintId: c.id, actorId: 'system', type: 'pause.reminded', payload: { deadlineId: clock.id, ownerId: clock.accountableId, dueAt: until } },
        messages: [notice(c.id, clock.accountableId, 'notice.pause_reminder', { due: until })],
      });
      continue;
    }
    await tx.deadline.updateMany({ where: { id: clock.id, metAt: null }, data: { metAt: now, dueAt: new Date(until), nextCheckAt: null } });
    const resumed = await resumeClocks(tx, c.id, now, deps.calendarFor(c.groupId));
    const leader = groupById(deps.config, c.groupId).leader;
    const messages = [
      threadLine(c.id, 'line.pause_ended', {}),
      notice(c.id, clock.accountableId, 'notice.pause_ended', {}),
      refreshCard(c.id),
    ];
    if (leader !== clock.accountableId) messages.push(notice(c.id, leader, 'notice.pause_ended_leader', { owner: clock.accountableId }));
    entries.push({ event: { complaintId: c.id, actorId: 'system', type: 'pause.limit_passed', payload: { deadlineId: clock.id, clocks: resumed } }, messages });
  }
  return { done, entries };
}
