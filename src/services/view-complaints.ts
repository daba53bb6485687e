/** Reading: what a person filed or owns, and one complaint by reference, for those who may see it. */
import { mayView } from '../domain/access';
import type { ComplaintCard } from '../domain/complaint';
import { parseReference, formatReference } from '../domain/reference';
import * as complaints from '../db/complaints';
import { AppError } from '../errors';
import { groupNameOf, type ServiceDeps } from './deps';

export async function listMyComplaints(deps: ServiceDeps, userId: string) {
  return complaints.listForPerson(deps.prisma, userId, groupNameOf(deps.config));
}

export async function showComplaint(deps: ServiceDeps, userId: string, referenceText: string): Promise<ComplaintCard> {
  const parts = parseReference(referenceText);
  if (!parts) throw new AppError('invalid_input', `"${referenceText}" is not a reference`, { reference: referenceText });
  const reference = formatReference(parts.year, parts.seq);
  const card = await complaints.findCard(deps.prisma, { reference }, groupNameOf(deps.config));
  const group = card && deps.config.groups.find((g) => g.id === card.groupId);
  const people = card && { ...card, group: group ?? { leader: '', members: [] }, supervisors: deps.config.supervisors };
  // Not found and not allowed read the same, so references cannot be probed.
  if (!card || !people || !mayView(userId, people)) throw new AppError('not_found', `${reference} not visible to ${userId}`, { reference });
  return card;
}

/** One complaint by id, for someone who may see it (a page that names it in its path). */
export async function complaintFor(deps: ServiceDeps, userId: string, complaintId: string): Promise<ComplaintCard> {
  const card = await complaints.findCard(deps.prisma, { id: complaintId }, groupNameOf(deps.config));
  const group = card && deps.config.groups.find((g) => g.id === card.groupId);
  const people = card && { ...card, group: group ?? { leader: '', members: [] }, supervisors: deps.config.supervisors };
  if (!card || !people || !mayView(userId, people)) throw new AppError('not_found', `${complaintId} not visible to ${userId}`);
  return card;
}
