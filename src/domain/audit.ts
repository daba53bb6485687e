/** Audit event types: what happened to a complaint, in the domain's words. */
export const AUDIT_EVENT_TYPES = [
  'complaint.filed',
  'complaint.accepted',
  'complaint.investigation_started',
  'complaint.info_requested',
  'complaint.info_answered',
  'complaint.note_added',
  'complaint.solution_proposed',
  'complaint.resolved',
  'complaint.rejection_requested',
  'complaint.rejected',
  'complaint.handover_requested',
  'complaint.handed_over',
  'complaint.extension_requested',
  'complaint.extended',
  'complaint.withdrawn',
  'complaint.reopened',
  'complaint.archived',
  'approval.declined',
  'approval.superseded',
  'clock.paused',
  'clock.resumed',
  'pause.reminded',
  'pause.limit_passed',
  'deadline.warned',
  'deadline.breached',
  'escalation.opened',
  'escalation.decided',
  'escalation.handed_up',
  'contact.revealed',
  'contact.erased',
  'survey.recorded',
  'page_link.issued',
  'page_link.revoked',
  'review.requested',
  'review.confirmed',
] as const;
export type AuditEventType = (typeof AUDIT_EVENT_TYPES)[number];

/**
 * Events that leave the channel card as it was: everything else changes something it shows
 * (status, handler, next limit, a waiting request, the rating, the contact), so recording it
 * refreshes the card. A new event type refreshes it unless it is added here.
 */
export const CARD_UNCHANGED: ReadonlySet<AuditEventType> = new Set<AuditEventType>([
  // The card is posted once the filing commits; refreshing it too would only repeat it.
  'complaint.filed',
  'complaint.note_added',
  'pause.reminded',
  'deadline.warned',
  'deadline.breached',
  'escalation.opened',
  'escalation.handed_up',
  'contact.revealed',
]);
