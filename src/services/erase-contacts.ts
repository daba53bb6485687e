/**
 * Retention: customers' contact details are kept while a complaint may still need them, and
 * erased once it has been archived for longer than the policy allows. Only name and value go;
 * the row, its kind and its masked form stay, so complaints and audit events that refer to the
 * contact by id still make sense, and the audit chain is untouched (events never held the data).
 * Each erasure is itself an audit event ('contact.erased', ids only).
 */
import { appendEvent } from '../db/audit';
import { erasableContacts, eraseContact } from '../db/contacts';
import { inTransaction } from '../db/tx';
import type { ServiceDeps } from './deps';

export const RETENTION_ACTOR = 'system:retention';
const BATCH = 200;
const DAY_MS = 86_400_000;

export interface EraseResult {
  erased: number;
  cutoff: Date;
}

export async function eraseExpiredContacts(deps: Pick<ServiceDeps, 'prisma' | 'clock'>, olderThanDays: number): Promise<EraseResult> {
  if (!Number.isInteger(olderThanDays) || olderThanDays < 0) {
    throw new RangeError(`Expected \`olderThanDays\` to be a whole number of days, 0 or more, got ${olderThanDays}`);
  }
  const now = deps.clock.now();
  const cutoff = new Date(now.getTime() - olderThanDays * DAY_MS);
  let erased = 0;
  for (;;) {
    const batch = await erasableContacts(deps.prisma, cutoff, BATCH);
    for (const { contactId, complaintId } of batch) {
      // One transaction per contact: the erasure and its record commit together.
      const done = await inTransaction(deps.prisma, async (tx) => {
        if (!(await eraseContact(tx, contactId, now))) return false; // erased meanwhile by another run
        await appendEvent(tx, { complaintId, actorId: RETENTION_ACTOR, type: 'contact.erased', payload: { contactId, olderThanDays }, at: now });
        return true;
      });
      if (done) erased += 1;
    }
    if (batch.length < BATCH) return { erased, cutoff };
  }
}
