/**
 * A complaint's history from the audit log, for `/complaint history <ref>`: every recorded step,
 * oldest first, for anyone who may view the complaint. Events never hold contact details
 * (audit.ts), so nothing here needs masking; the chat adapter still escapes what it shows.
 */
import { mayView } from '../domain/access';
import { formatReference, parseReference } from '../domain/reference';
import { complaintForHistory, eventsOf } from '../db/audit-history';
import { AppError } from '../errors';
import type { ServiceDeps } from './deps';

export interface HistoryEntry {
  /** The event's id as a string (bigint does not survive JSON). */
  id: string;
  type: string;
  actorId: string;
  at: Date;
  /** `key: value` pairs of the payload, keys sorted, long values cut: one line. */
  summary: string;
  /**
   * The payload's facts that may be shown to anyone allowed to see the complaint: choices,
   * stages, levels, ratings, due times and people's ids. Free text (notes, reasons, answers,
   * consent evidence) is left out: it may quote the customer.
   */
  params: Record<string, string | number>;
}

export interface ComplaintHistory {
  complaintId: string;
  reference: string;
  entries: HistoryEntry[];
  /** True when there are more than HISTORY_MAX events; the oldest HISTORY_MAX are returned. */
  truncated: boolean;
}

/** A message holds at most 50 blocks; a history far longer than that is for `pledge` reports, not chat. */
export const HISTORY_MAX = 100;
const VALUE_MAX = 60;
const SUMMARY_MAX = 300;

export async function complaintHistory(deps: Pick<ServiceDeps, 'prisma' | 'config' | 'isPersonId'>, userId: string, referenceText: string): Promise<ComplaintHistory> {
  const parts = parseReference(referenceText);
  if (!parts) throw new AppError('invalid_input', `"${referenceText}" is not a reference`, { reference: referenceText });
  const reference = formatReference(parts.year, parts.seq);
  const complaint = await complaintForHistory(deps.prisma, reference);
  const group = complaint && deps.config.groups.find((g) => g.id === complaint.groupId);
  const people = complaint && { ...complaint, group: group ?? { leader: '', members: [] }, supervisors: deps.config.supervisors };
  // Not found and not allowed read the same, so references cannot be probed.
  if (!complaint || !people || !mayView(userId, people)) {
    throw new AppError('not_found', `${reference} not visible to ${userId}`, { reference });
  }
  const rows = await eventsOf(deps.prisma, complaint.id, HISTORY_MAX + 1);
  return {
    complaintId: complaint.id,
    reference,
    entries: rows.slice(0, HISTORY_MAX).map((r) => ({
      id: String(r.id),
      type: r.type,
      actorId: r.actorId,
      at: r.at,
      summary: summarizePayload(r.payload),
      params: withCategoryName(shownParams(r.payload, deps.isPersonId, r.type), deps.config.categoryNames),
    })),
    truncated: rows.length > HISTORY_MAX,
  };
}

type Valid = (v: unknown, isPersonId: (value: string) => boolean) => boolean;
const text: Valid = (v) => typeof v === 'string';
const person: Valid = (v, isPersonId) => typeof v === 'string' && isPersonId(v);
/** Payload field -> the name it is shown under, and what it must look like to be shown. */
const SHOWN: Record<string, { as: string; valid: Valid }> = {
  priority: { as: 'priority', valid: text },
  category: { as: 'category', valid: text },
  ownerId: { as: 'owner', valid: person },
  toOwnerId: { as: 'to', valid: person },
  to: { as: 'to', valid: person },
  from: { as: 'from', valid: person },
  approverId: { as: 'approver', valid: person },
  stage: { as: 'stage', valid: text },
  dueAt: { as: 'due', valid: (v) => typeof v === 'string' && !Number.isNaN(Date.parse(v)) },
  level: { as: 'level', valid: (v) => typeof v === 'number' },
  decision: { as: 'decision', valid: text },
  kind: { as: 'kind', valid: text },
  rating: { as: 'rating', valid: (v) => typeof v === 'number' },
};
/**
 * Fields that are not people in some events: escalation.handed_up's `from` is an escalation id,
 * and a platform whose ids are loose (WeCom's) would take it for one.
 */
const NOT_SHOWN_IN: Record<string, ReadonlySet<string>> = { 'escalation.handed_up': new Set(['from']) };

/** A category is shown by its display name, as everywhere else, never by its id. */
function withCategoryName(params: Record<string, string | number>, names: Readonly<Record<string, string>>): Record<string, string | number> {
  const id = params.category;
  return typeof id === 'string' && names[id] ? { ...params, category: names[id] } : params;
}

/**
 * Who a rating (its channel) or an extension's consent came from: the complainant's own word in
 * chat or on their complaint page ('web'), or staff recording it for them. Shown as `by`, so the two are never mistaken.
 */
const RECORDED_BY: Record<string, (v: unknown) => string | undefined> = {
  channel: (v) => (typeof v !== 'string' ? undefined : v === 'dm' || v === 'web' ? 'complainant' : 'staff'),
  consent: (v) => (v === 'complainant' ? 'complainant' : v === 'recorded' ? 'staff' : undefined),
};

export function shownParams(payload: unknown, isPersonId: (value: string) => boolean, type = ''): Record<string, string | number> {
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) return {};
  const out: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(payload as Record<string, unknown>)) {
    const rule = NOT_SHOWN_IN[type]?.has(key) ? undefined : SHOWN[key];
    if (rule?.valid(value, isPersonId)) out[rule.as] = typeof value === 'number' ? value : cut(String(value), VALUE_MAX);
    const by = RECORDED_BY[key]?.(value);
    if (by) out.by = by;
  }
  return out;
}

export function summarizePayload(payload: unknown): string {
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) return payload == null ? '' : cut(show(payload), SUMMARY_MAX);
  const pairs = Object.entries(payload as Record<string, unknown>)
    .filter(([, v]) => v !== null && v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}: ${cut(show(v), VALUE_MAX)}`);
  return cut(pairs.join(', '), SUMMARY_MAX);
}

const show = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v) ?? String(v));

function cut(s: string, max: number): string {
  const chars = Array.from(s.replace(/\s+/g, ' '));
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('')}…`;
}
