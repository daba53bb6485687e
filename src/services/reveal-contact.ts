/**
 * Revealing a customer's contact details: the owner, the group's leader and supervisors may see
 * them in full (to call the customer back); everyone else only ever sees the masked form.
 * Every reveal is an audit event ('contact.revealed', the contact's id only), committed before
 * the details are returned: no record, no reveal.
 */
import { rolesOf } from '../domain/access';
import { appendEvent } from '../db/audit';
import { openContact } from '../db/contacts';
import { findComplaintRow } from '../db/lifecycle';
import { inTransaction } from '../db/tx';
import { KeyringError } from '../crypto/keyring';
import { AppError } from '../errors';
import type { ServiceDeps } from './deps';

export type RevealResult =
  | { status: 'revealed'; reference: string; contact: { kind: string; name: string | null; value: string } }
  /** Filed without a customer contact. */
  | { status: 'none'; reference: string }
  /** Erased under the retention policy (`pledge retention erase`). */
  | { status: 'erased'; reference: string; erasedAt: Date };

export async function revealContact(
  deps: Pick<ServiceDeps, 'prisma' | 'config' | 'clock'>,
  userId: string,
  complaintId: string,
): Promise<RevealResult> {
  const { prisma, config, clock } = deps;
  const complaint = await findComplaintRow(prisma, complaintId);
  const group = complaint && config.groups.find((g) => g.id === complaint.groupId);
  const roles = complaint
    ? rolesOf(userId, { ...complaint, group: group ?? { leader: '', members: [] }, supervisors: config.supervisors })
    : new Set();
  // Someone who may not even see the complaint learns nothing, not even that it exists.
  if (!complaint || roles.size === 0) throw new AppError('not_found', `${complaintId} not visible to ${userId}`);
  const { reference } = complaint;
  if (!roles.has('owner') && !roles.has('leader') && !roles.has('supervisor')) {
    throw new AppError('not_allowed', `${userId} may not reveal the contact of ${reference}`, { reference });
  }
  const contactId = complaint.contact?.id;
  if (!contactId) return { status: 'none', reference };

  return inTransaction(prisma, async (tx) => {
    const row = await tx.contact.findUnique({ where: { id: contactId }, select: { erasedAt: true } });
    if (row?.erasedAt) return { status: 'erased', reference, erasedAt: row.erasedAt } as const;
    let contact;
    try {
      contact = await openContact(tx, contactId);
    } catch (error) {
      // The message names the key id, never the data.
      if (error instanceof KeyringError) throw new AppError('config', `contact ${contactId} of ${reference} cannot be opened: ${error.message}`);
      throw error;
    }
    if (!contact) return { status: 'none', reference } as const;
    await appendEvent(tx, { complaintId: complaint.id, actorId: userId, type: 'contact.revealed', payload: { contactId }, at: clock.now() });
    return { status: 'revealed', reference, contact: { kind: contact.kind, name: contact.name, value: contact.value } } as const;
  });
}
