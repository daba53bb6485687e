/**
 * What a card's button carries back when clicked (its key, WeCom's EventKey): which decision, on
 * which complaint or request. Keys are not secret and need not be: WeCom signs the callback and
 * names who clicked (FromUserName), and the service the click reaches checks that this person
 * may take this decision now, as it does for Slack's buttons. A forged or stale key is refused
 * in words and changes nothing. Changing a key's shape breaks cards already sent.
 */
import { z } from 'zod';

export type Click =
  // withdraw asks "are you sure?" on the card; withdraw_confirmed withdraws, withdraw_cancelled puts the card back.
  | { verb: 'accept' | 'start_investigation' | 'withdraw' | 'withdraw_confirmed' | 'withdraw_cancelled'; complaintId: string }
  | { verb: 'approve' | 'consent_agree' | 'consent_decline'; approvalId: string }
  | { verb: 'escalation_approve'; escalationId: string }
  | { verb: 'rate'; complaintId: string; rating: number };

const uuid = z.string().uuid();

export function clickKey(click: Click): string {
  switch (click.verb) {
    case 'accept':
    case 'start_investigation':
    case 'withdraw':
    case 'withdraw_confirmed':
    case 'withdraw_cancelled':
      return `${click.verb}:${click.complaintId}`;
    case 'approve':
    case 'consent_agree':
    case 'consent_decline':
      return `${click.verb}:${click.approvalId}`;
    case 'escalation_approve':
      return `${click.verb}:${click.escalationId}`;
    case 'rate':
      return `rate:${click.rating}:${click.complaintId}`;
  }
}

/** The click a key names; undefined for anything a card of ours never carried. */
export function parseClick(key: string | undefined): Click | undefined {
  const parts = (key ?? '').split(':');
  const id = uuid.safeParse(parts.at(-1));
  if (!id.success) return undefined;
  const [verb] = parts;
  if (parts.length === 3 && verb === 'rate' && /^[1-5]$/.test(parts[1]!)) return { verb, complaintId: id.data, rating: Number(parts[1]) };
  if (parts.length !== 2) return undefined;
  switch (verb) {
    case 'accept':
    case 'start_investigation':
    case 'withdraw':
    case 'withdraw_confirmed':
    case 'withdraw_cancelled':
      return { verb, complaintId: id.data };
    case 'approve':
    case 'consent_agree':
    case 'consent_decline':
      return { verb, approvalId: id.data };
    case 'escalation_approve':
      return { verb, escalationId: id.data };
    default:
      return undefined;
  }
}
