/**
 * The complainant's answer ends the wait: from the filer's DM, or recorded by the owner for an
 * outside customer. The complaint goes back to where it was and its clocks run again, with
 * the time they had left (audited).
 */
import { appendEvent } from '../db/audit';
import { updateComplaint } from '../db/lifecycle';
import { endPause, resumeClocks } from './clocks';
import type { ServiceDeps } from './deps';
import { commit, lockAndCheck, notice, record, refreshCard, threadLine } from './lifecycle-support';

export interface AnswerInfoInput {
  complaintId: string;
  actorId: string;
  answer: string;
}

export async function answerInfo(deps: ServiceDeps, input: AnswerInfoInput): Promise<void> {
  const now = deps.clock.now();
  const answer = input.answer.trim();
  await commit(deps, async (tx) => {
    const { complaint, to } = await lockAndCheck(deps, tx, input.complaintId, 'answer_info', input.actorId);
    if (to === 'same') throw new Error('answering must move the complaint');
    await updateComplaint(tx, complaint.id, now, { status: to, resumeStatus: null });
    // Clocks already running again (sla.maxPause passed) are left as they are.
    const resumed = await resumeClocks(tx, complaint.id, now, deps.calendarFor(complaint.groupId));
    await endPause(tx, complaint.id, now);
    const messages = [threadLine(complaint.id, 'line.info_answered', { actor: input.actorId, text: answer }), refreshCard(complaint.id)];
    if (input.actorId !== complaint.ownerId) messages.push(notice(complaint.id, complaint.ownerId, 'notice.info_answered', { actor: input.actorId }));
    await record(tx, now, { complaintId: complaint.id, actorId: input.actorId, type: 'complaint.info_answered', payload: { answer } }, messages);
    await appendEvent(tx, { complaintId: complaint.id, actorId: 'system', type: 'clock.resumed', payload: { clocks: resumed }, at: now });
  });
}
