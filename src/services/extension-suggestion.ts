/**
 * The card an extension's form is opened with: its next limit carries the new due time to
 * suggest, the close of a working day in the complaint's group's calendar (never a Saturday).
 */
import type { ComplaintCard } from '../domain/complaint';
import { suggestedExtension } from '../domain/sla';
import type { ServiceDeps } from './deps';

export function withSuggestedExtension(deps: Pick<ServiceDeps, 'calendarFor'>, card: ComplaintCard): ComplaintCard {
  if (!card.nextDue) return card;
  return { ...card, nextDue: { ...card.nextDue, suggestedDueAt: suggestedExtension(card.nextDue.dueAt, deps.calendarFor(card.groupId)) } };
}
