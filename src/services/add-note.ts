/** A progress note in the complaint's thread, optionally also sent to the complainant. */
import { claimRequestKey } from '../db/lifecycle';
import type { ServiceDeps } from './deps';
import { toComplainant } from './to-complainant';
import { commit, lockAndCheck, notice, record, threadLine } from './lifecycle-support';

export interface AddNoteInput {
  complaintId: string;
  actorId: string;
  note: string;
  toComplainant: boolean;
  /** The submission's id: a note is added once however often it is delivered. */
  requestKey: string;
}

export async function addNote(deps: ServiceDeps, input: AddNoteInput): Promise<boolean> {
  const now = deps.clock.now();
  const note = input.note.trim();
  return commit(deps, async (tx) => {
    const { complaint } = await lockAndCheck(deps, tx, input.complaintId, 'add_note', input.actorId);
    if (!(await claimRequestKey(tx, input.requestKey, now))) return false;
    const messages = [threadLine(complaint.id, 'line.note', { actor: input.actorId, text: note })];
    if (input.toComplainant) {
      messages.push(notice(complaint.id, complaint.filerId, 'notice.progress', { text: note }));
      messages.push(...(await toComplainant(deps, tx, complaint, 'progress', { text: note })));
    }
    await record(tx, now, { complaintId: complaint.id, actorId: input.actorId, type: 'complaint.note_added', payload: { note, toComplainant: input.toComplainant } }, messages);
    return true;
  });
}
