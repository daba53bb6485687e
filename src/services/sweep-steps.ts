/**
 * One transaction of the sweep: the planned steps of a chunk of due clocks, taken together.
 * Set-based on purpose: one claim for every clock, one lookup of open escalations, one insert
 * each of escalations, audit events and messages, whatever the chunk's size. Per clock, these
 * were about ten statements and a commit; at 200 due clocks that was the sweep's whole cost.
 */
import { dueAt, timeLeft, timeLeftParams } from '../domain/sla';
import { nextInChain } from '../domain/escalation-chain';
import type { SweepAct } from '../domain/sweep-plan';
import * as store from '../db/sweep';
import type { Tx } from '../db/tx';
import type { ServiceDeps } from './deps';
import { archiveInTx } from './archive-complaint';
import { isPauseLimit, takePauseSteps } from './pause-limit';
import { notice, recordAll, threadLine, type Recorded } from './lifecycle-support';

export interface PlannedClock {
  clock: store.DueClock;
  plan: SweepAct;
}

type Acting = PlannedClock & { plan: Extract<SweepAct, { threshold: number }> };
/** A step that tells someone something: a warning, an escalation or a breach. */
const isActing = (p: PlannedClock): p is Acting => p.plan.kind === 'warn' || p.plan.kind === 'escalate' || p.plan.kind === 'breach';

/** Why a clock is escalated: at its last warning, or past its limit. */
const reasonOf = (p: Acting) => (p.plan.kind === 'breach' ? 'breached' : 'at_risk');

/** The archive limit is not a failure to warn about: when it arrives, the complaint is archived. */
export const isArchiving = ({ clock, plan }: PlannedClock) => clock.stage === 'archive' && plan.kind === 'breach';

const stepOf = ({ clock, plan }: PlannedClock): store.ClockStep =>
  plan.kind === 'none' || plan.kind === 'defer'
    ? { clock, thresholdsDone: clock.thresholdsDone, nextCheckAt: plan.nextCheckAt, breach: false }
    : { clock, thresholdsDone: plan.thresholdsDone, nextCheckAt: plan.nextCheckAt, breach: plan.kind === 'breach' };

/**
 * Takes the chunk's steps inside `tx` and returns the ones this sweep did: a step another
 * sweep took first (the claim lost) is not done twice, and a clock with nothing due is moved
 * on silently.
 */
export async function takeSteps(deps: ServiceDeps, tx: Tx, chunk: readonly PlannedClock[], now: Date): Promise<PlannedClock[]> {
  const done: PlannedClock[] = [];
  // Archives first: archiving closes the complaint's other clocks, whose claims then lose.
  const archiving = chunk.filter(isArchiving);
  const wonArchives = await store.claimClockSteps(tx, archiving.map(stepOf));
  for (const p of archiving) {
    if (wonArchives.has(p.clock.id) && (await archiveInTx(tx, p.clock.complaint.id, now, 'limit'))) done.push(p);
  }

  const pauses = await takePauseSteps(deps, tx, chunk.filter(isPauseLimit), now);
  done.push(...pauses.done);

  const rest = chunk.filter((p) => !isArchiving(p) && !isPauseLimit(p));
  const won = await store.claimClockSteps(tx, rest.map(stepOf));
  const taken = rest.filter((p) => won.has(p.clock.id) && p.plan.kind !== 'none');
  const acting = taken.filter(isActing);
  const escalating = acting.filter((p) => p.plan.kind === 'escalate' || p.plan.kind === 'breach');
  const proposed = escalating.flatMap((p) => {
    const c = p.clock.complaint;
    // The leader's own limit (they handle it) goes past them, up the chain.
    const step = nextInChain(deps.escalationChain(c.groupId), 0, [p.clock.accountableId, c.ownerId]);
    if (!step) return [];
    const respondBy = dueAt(deps.escalationResponse, now, deps.calendarFor(c.groupId));
    return [{ complaintId: c.id, deadlineId: p.clock.id, stage: p.clock.stage, level: step.level, approverId: step.approverId, reason: reasonOf(p), at: now, respondBy }];
  });
  // A clock already before someone keeps that escalation; the others get theirs opened.
  const { open, opened } = await store.escalateClocks(tx, escalating.map((p) => p.clock.id), proposed);

  const entries: Recorded[] = [...pauses.entries];
  for (const p of acting) {
    const { clock, plan } = p;
    const c = clock.complaint;
    const breach = plan.kind === 'breach';
    const left = timeLeftParams(timeLeft(now, clock.dueAt, clock.clock === 'working' ? 'working' : 'elapsed', deps.calendarFor(c.groupId)));
    const params = { stage: clock.stage, due: clock.dueAt.toISOString(), ...left, owner: clock.accountableId };
    const already = open.get(clock.id);
    const fresh = opened.get(clock.id);
    // The breach names who has been told (whoever the limit is escalated to), or nobody at all.
    const told = (already ?? fresh)?.approverId;
    const breachNotice = told ? notice(c.id, clock.accountableId, 'notice.breached', { ...params, leader: told }) : notice(c.id, clock.accountableId, 'notice.breached_untold', params);
    entries.push({
      event: { complaintId: c.id, actorId: 'system', type: breach ? 'deadline.breached' : 'deadline.warned', payload: { deadlineId: clock.id, stage: clock.stage, fraction: plan.fraction, accountableId: clock.accountableId } },
      messages: [breach ? breachNotice : notice(c.id, clock.accountableId, 'notice.warning', params), threadLine(c.id, breach ? 'line.breached' : 'line.warning', params)],
    });
    const reason = reasonOf(p);
    if (already) {
      // Already before someone: tell them it is now breached rather than opening a second one.
      entries.push({
        event: { complaintId: c.id, actorId: 'system', type: 'escalation.opened', payload: { escalationId: already.id, reason, level: already.level, again: true } },
        messages: [notice(c.id, already.approverId, 'notice.escalation_breached', { stage: clock.stage, due: clock.dueAt.toISOString(), ...left })],
      });
    } else if (fresh) {
      const { id: escalationId, approverId } = fresh;
      entries.push({
        event: { complaintId: c.id, actorId: 'system', type: 'escalation.opened', payload: { escalationId, level: fresh.level, approverId, reason, stage: clock.stage } },
        messages: [
          { kind: 'escalation.ask', target: approverId, complaintId: c.id, payload: { escalationId, ...left } },
          { kind: 'channel.line', target: c.groupId, complaintId: c.id, payload: { key: 'channel.escalated', params: { leader: approverId, stage: clock.stage, ...left, reason } } },
        ],
      });
    }
  }
  await recordAll(tx, now, entries);
  return [...done, ...taken];
}
