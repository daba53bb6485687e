/**
 * Who someone is to a complaint. Rules of what each role may do live next to the actions
 * that need them; this only answers "who is this person here".
 */
export interface ComplaintPeople {
  filerId: string;
  ownerId: string;
  firstContactId: string | null;
  group: { leader: string; members: readonly string[] };
  supervisors: readonly string[];
  /** An outside customer's contact is on file: they act themselves on their complaint page. */
  contactId?: string | null;
}

/**
 * The actor id of an outside customer acting on their own complaint page. Holding the page's
 * link is what makes them the complainant; nobody in chat ever has this id.
 */
export const COMPLAINANT = 'complainant';

export type Role = 'owner' | 'leader' | 'supervisor' | 'filer' | 'member' | 'first_contact' | 'system' | 'complainant';

export function rolesOf(userId: string, p: ComplaintPeople): Set<Role> {
  const roles = new Set<Role>();
  if (userId === COMPLAINANT) return new Set(p.contactId ? ['complainant'] : []);
  if (p.ownerId === userId) roles.add('owner');
  if (p.group.leader === userId) roles.add('leader');
  if (p.supervisors.includes(userId)) roles.add('supervisor');
  if (p.filerId === userId) roles.add('filer');
  if (p.firstContactId === userId) roles.add('first_contact');
  if (p.group.members.includes(userId)) roles.add('member');
  return roles;
}

/** Anyone with a role may read a complaint; contact details stay masked regardless. */
export const mayView = (userId: string, p: ComplaintPeople): boolean => rolesOf(userId, p).size > 0;

/** Accepting (受理) is the owner's act, or the leader's on the owner's behalf. */
export function mayAccept(userId: string, p: ComplaintPeople): boolean {
  const roles = rolesOf(userId, p);
  return roles.has('owner') || roles.has('leader');
}
