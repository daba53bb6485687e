/**
 * The owner asks the complainant for information. The complaint waits on the complainant and
 * every running clock stops (audited) until the answer comes: from the filer's DM, or recorded
 * by the owner for an outside customer reached by phone or e-mail; or until sla.maxPause passes
 * (services/pause-limit.ts), when they run again without it.
 */
import { appendEvent } from '../db/audit';
import { updateComplaint } from '../db/lifecycle';
import type { OutboxMessage } from '../db/outbox';
import { pauseClocks, startStage } from './clocks';
import type { ServiceDeps } from './deps';
import { toComplainant } from './to-complainant';
import { commit, lockAndCheck, record, refreshCard, threadLine } from './lifecycle-support';

export interface RequestInfoInput {
  complaintId: string;
  actorId: string;
  question: string;
}

export async function requestInfo(deps: ServiceDeps, input: RequestInfoInput): Promise<void> {
  const now = deps.clock.now();
  const question = input.question.trim();
  await commit(deps, async (tx) => {
    const { complaint } = await lockAndCheck(deps, tx, input.complaintId, 'request_info', input.actorId);
    await updateComplaint(tx, complaint.id, now, { status: 'waiting_on_complainant', resumeStatus: complaint.status });
    const paused = await pauseClocks(tx, complaint.id, now);
    // The wait itself has a limit (sla.maxPause): asking a question must not park the pledge for good.
    const pauseEnds = await startStage(deps, tx, complaint, 'pause', complaint.ownerId, now);
    const messages: Omit<OutboxMessage, 'dedupeKey'>[] = [
      threadLine(complaint.id, 'line.info_requested', { actor: input.actorId, text: question }),
      refreshCard(complaint.id),
    ];
    // A team member answers in their DM; an outside customer gets the question by e-mail or SMS
    // where a channel is configured (the owner records the answer when it comes back off chat).
    if (!complaint.contactId) {
      messages.push({ kind: 'info.ask', target: complaint.filerId, complaintId: complaint.id, payload: { question, askedBy: input.actorId } });
    } else {
      messages.push(...(await toComplainant(deps, tx, complaint, 'question', { text: question })));
    }
    await record(tx, now, { complaintId: complaint.id, actorId: input.actorId, type: 'complaint.info_requested', payload: { question } }, messages);
    await appendEvent(tx, { complaintId: complaint.id, actorId: 'system', type: 'clock.paused', payload: { clocks: paused, until: pauseEnds.toISOString() }, at: now });
  });
}
