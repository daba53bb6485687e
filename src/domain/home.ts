/**
 * What a person's home view shows (Slack's App Home, WeCom's 我的投诉): a plain model the
 * services fill and each chat adapter renders its own way, so neither depends on the other.
 */
import type { ComplaintCard } from './complaint';

export interface PendingApproval {
  id: string;
  kind: string;
  reference: string;
  complaintId: string;
  requestedBy: string;
  payload: Record<string, unknown>;
  requestedAt: Date;
}

export interface PendingEscalation {
  id: string;
  reference: string;
  complaintId: string;
  level: number;
  stage: string;
  reason: string;
  requestedAt: Date;
  respondBy: Date | null;
}

export interface HomeModel {
  filed: ComplaintCard[];
  owned: ComplaintCard[];
  /** Per group the person leads. */
  led: { groupId: string; groupName: string; open: ComplaintCard[] }[];
  approvals: PendingApproval[];
  escalations: PendingEscalation[];
  supervisor: {
    failedDeliveries: { kind: string; target: string; lastError: string | null; failedAt: Date }[];
    /** Time limits the sweep has not checked when it should have (see STUCK_AFTER_MS). */
    stuckClocks: { reference: string; stage: string; dueForCheckAt: Date }[];
    calendarWarnings: string[];
    /** Open time limits computed into a year the calendar has no holiday data for: maybe wrong. */
    unknownYearDeadlines: UnknownYearDeadline[];
  } | null;
}

export interface UnknownYearDeadline {
  reference: string;
  stage: string;
  dueAt: Date;
  years: number[];
}
