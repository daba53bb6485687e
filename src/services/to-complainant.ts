/**
 * A message to the complainant by e-mail or SMS, queued in the transaction that causes it like
 * any other outgoing message. Only an outside customer's complaint has one, and only where the
 * team configured a channel for their kind of contact (and, for SMS, a template for the message).
 */
import { contactKind } from '../db/contacts';
import type { OutboxMessage } from '../db/outbox';
import { COMPLAINANT_KIND } from '../db/reach';
import type { Tx } from '../db/tx';
import type { ContactKind } from '../domain/complaint';
import type { ReachKind } from '../domain/reach';
import type { ServiceDeps } from './deps';

export async function toComplainant(
  deps: Pick<ServiceDeps, 'config'>,
  tx: Tx,
  /** `contactKind` when the caller knows it already (filing), saving a read. */
  complaint: { id: string; contactId?: string | null; contactKind?: ContactKind },
  what: ReachKind,
  params: Record<string, string | number> = {},
): Promise<Omit<OutboxMessage, 'dedupeKey'>[]> {
  const reach = deps.config.reach;
  if (!reach) return [];
  const kind = complaint.contactKind ?? (complaint.contactId ? await contactKind(tx, complaint.contactId) : null);
  const via = kind === 'email' ? (reach.email ? 'email' : null) : kind === 'phone' && reach.sms?.templates[what] ? 'sms' : null;
  if (!via) return [];
  return [{ kind: COMPLAINANT_KIND, target: complaint.id, complaintId: complaint.id, payload: { what, params, via } }];
}
