/**
 * 首问负责制: the first contact (首问负责人) is the first staff member the complainant reached, who
 * stays accountable for seeing the complaint through even when someone else handles it.
 */
import type { ComplaintDraft } from './complaint';

/**
 * Registered for someone else: an outside customer's contact was taken, or it came in by phone,
 * e-mail, the web or in person and a member wrote it down. A member's own complaint in chat is
 * the member's; its first contact is whoever accepts it first. (The migration that introduced
 * first contacts applies the same rule in SQL to complaints filed before: keep them together.)
 */
export function registeredForSomeoneElse(draft: Pick<ComplaintDraft, 'source' | 'customerContact'>): boolean {
  return draft.customerContact !== undefined || draft.source !== 'chat';
}

/** The first contact when filed: the registering member, or nobody yet (the first to accept). */
export function firstContactAtFiling(filerId: string, draft: Pick<ComplaintDraft, 'source' | 'customerContact'>): string | null {
  return registeredForSomeoneElse(draft) ? filerId : null;
}
