/** Audit event types: what happened to a complaint, in the domain's words. */
export const AUDIT_EVENT_TYPES = ['complaint.filed', 'complaint.accepted'] as const;
export type AuditEventType = (typeof AUDIT_EVENT_TYPES)[number];
