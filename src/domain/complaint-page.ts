/**
 * What the complainant's page shows, from what is recorded: the promised limits and whether each
 * was kept, and the public timeline. Pure. The timeline names no staff member and quotes only
 * what was meant for the complainant (their question, notes marked for them); internal notes,
 * escalations and the audit's actors stay in chat.
 */
import { COMPLAINANT } from './access';
import type { Status } from './complaint';

/** The stages promised to the complainant; the rest (report to leader, archive, the pause) are the team's own. */
export const PROMISED_STAGES = ['acknowledge', 'solution', 'feedback', 'follow_up'] as const;

export type LimitState = 'met' | 'met_late' | 'running' | 'overdue' | 'paused';

export interface PageLimit {
  stage: string;
  dueAt: Date;
  state: LimitState;
  metAt: Date | null;
  /** Moved by an extension: on the complainant's own consent, or on consent staff recorded (the fallback, labelled as such). */
  extended: 'complainant' | 'recorded' | null;
}

interface DeadlineRow {
  stage: string;
  dueAt: Date;
  metAt: Date | null;
  breachedAt: Date | null;
  pausedAt: Date | null;
  consent: string | null;
  startedAt: Date;
}

/** The latest clock of each promised stage (a reopened complaint starts some again), in pledge order. */
export function pageLimits(deadlines: readonly DeadlineRow[], now: Date): PageLimit[] {
  const latest = new Map<string, DeadlineRow>();
  for (const d of deadlines) if ((PROMISED_STAGES as readonly string[]).includes(d.stage)) latest.set(d.stage, d);
  return PROMISED_STAGES.flatMap((stage) => {
    const d = latest.get(stage);
    if (!d) return [];
    const late = d.breachedAt !== null || (d.metAt ?? now) > d.dueAt;
    const state: LimitState = d.metAt ? (late ? 'met_late' : 'met') : d.pausedAt ? 'paused' : late ? 'overdue' : 'running';
    return [{ stage, dueAt: d.dueAt, state, metAt: d.metAt, extended: d.consent === null ? null : d.consent === 'recorded' ? 'recorded' : 'complainant' }];
  });
}

export interface TimelineEntry {
  at: Date;
  /** page.timeline.<key> */
  key: string;
  params: Record<string, string | number>;
}

interface EventRow {
  type: string;
  at: Date;
  payload: unknown;
  /** Who recorded it: the complainant themselves, or staff for them (an answer taken by phone). */
  actorId?: string;
}

const PLAIN: Record<string, string> = {
  'complaint.filed': 'filed',
  'complaint.accepted': 'accepted',
  'complaint.investigation_started': 'investigation_started',
  'complaint.solution_proposed': 'solution_proposed',
  'complaint.resolved': 'resolved',
  'complaint.rejected': 'rejected',
  'complaint.handed_over': 'handed_over',
  'complaint.reopened': 'reopened',
  'complaint.archived': 'archived',
};

const text = (payload: Record<string, unknown>, name: string): string => (typeof payload[name] === 'string' ? (payload[name] as string) : '');

export function pageTimeline(events: readonly EventRow[]): TimelineEntry[] {
  return events.flatMap((e): TimelineEntry[] => {
    const p = (e.payload ?? {}) as Record<string, unknown>;
    const plain = PLAIN[e.type];
    if (plain) return [{ at: e.at, key: plain, params: {} }];
    switch (e.type) {
      case 'complaint.info_answered':
        // An answer staff took by phone and recorded is labelled as theirs, as recorded consent is.
        return [{ at: e.at, key: e.actorId === undefined || e.actorId === COMPLAINANT ? 'info_answered' : 'info_answered_recorded', params: {} }];
      case 'complaint.info_requested':
        return [{ at: e.at, key: 'info_requested', params: { text: text(p, 'question') } }];
      case 'complaint.note_added':
        return p.toComplainant === true ? [{ at: e.at, key: 'note', params: { text: text(p, 'note') } }] : [];
      case 'complaint.extension_requested':
        return [{ at: e.at, key: 'extension_requested', params: {} }];
      case 'complaint.extended':
        // Consent staff recorded (a call, ...) is labelled as theirs, not shown as the complainant's own word.
        return [{ at: e.at, key: p.consent === 'recorded' ? 'extended_recorded' : 'extended', params: { stage: text(p, 'stage'), due: text(p, 'dueAt') } }];
      case 'review.requested':
        return [{ at: e.at, key: p.cause === 'low_rating' ? 'review_low_rating' : 'review_requested', params: {} }];
      case 'approval.declined':
        return p.kind === 'extension' ? [{ at: e.at, key: 'extension_declined', params: {} }] : [];
      case 'survey.recorded':
        return typeof p.rating === 'number' ? [{ at: e.at, key: 'survey', params: { rating: p.rating } }] : [];
      default:
        return [];
    }
  });
}

/**
 * Until when a review may be asked for: `days` after the result or rejection, or the archive
 * limit if that comes first (archiving settles the complaint, and a review with it); null when
 * not (yet, or any more).
 */
export function reviewWindow(c: { status: Status; closedAt: Date | null; resolvedAt: Date | null }, days: number, now: Date, archiveDueAt: Date | null = null): Date | null {
  if (c.status !== 'resolved' && c.status !== 'rejected') return null;
  const from = c.status === 'resolved' ? c.resolvedAt : c.closedAt;
  if (!from) return null;
  const byDays = new Date(from.getTime() + days * 86_400_000);
  const until = archiveDueAt && archiveDueAt < byDays ? archiveDueAt : byDays;
  return now < until ? until : null;
}
