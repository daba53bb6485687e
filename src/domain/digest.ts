/**
 * The daily digest as data: counts, then the complaints that need eyes, breached and at risk
 * first. Pure: the service gathers the rows, a chat adapter renders the model.
 */
import type { Priority, Status } from './complaint';
import { clockOf, timeLeft, workingTimeLeft, type Calendar, type TimeLeft } from './sla';

export interface DigestClock {
  stage: string;
  /** 'working' or 'elapsed': how the limit is counted, and so how its time left reads. */
  clock: string;
  startedAt: Date;
  dueAt: Date;
  breachedAt: Date | null;
  /** Thresholds handled by the sweep so far, and how many there are before the breach. */
  thresholdsDone: number;
  warnings: number;
}

export interface DigestComplaint {
  id: string;
  reference: string;
  title: string;
  ownerId: string;
  priority: Priority;
  status: Status;
  filedAt: Date;
  channelId: string | null;
  rootMessageId: string | null;
  /** Running (not paused, not met) clocks, archive excluded. */
  clocks: DigestClock[];
}

export type DigestState = 'breached' | 'at_risk' | 'due_today' | 'open';

export interface DigestItem {
  /** The complaint's id, for a link to its page; absent in digests queued before items carried it. */
  id?: string;
  reference: string;
  title: string;
  ownerId: string;
  priority: Priority;
  state: DigestState;
  stage: string | null;
  /** Working time left on the most urgent clock, negative once overdue; null when none runs. */
  workingLeftMs: number | null;
  /** How the most urgent clock stands, in its own clock; null when none runs. */
  left?: TimeLeft | null;
  channelId: string | null;
  rootMessageId: string | null;
}

export interface DigestCounts {
  newSince: number;
  open: number;
  dueToday: number;
  atRisk: number;
  breached: number;
  resolvedSince: number;
  awaitingFollowUp: number;
}

export interface DigestModel {
  groupId: string;
  groupName: string;
  localDate: string;
  counts: DigestCounts;
  /** Sorted: breached, at risk, due today, then the rest by due time. All of them; renderers cut. */
  items: DigestItem[];
  /** Nothing open, nothing new, nothing resolved: the digest says so in one line. */
  quiet: boolean;
}

const ORDER: Record<DigestState, number> = { breached: 0, at_risk: 1, due_today: 2, open: 3 };

export function classify(c: DigestComplaint, now: Date, calendar: Calendar): Omit<DigestItem, 'reference' | 'title' | 'ownerId' | 'priority' | 'channelId' | 'rootMessageId'> {
  const first = [...c.clocks].sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime())[0];
  if (!first) return { state: 'open', stage: null, workingLeftMs: null, left: null };
  const left = workingTimeLeft(now, first.dueAt, calendar);
  const today = calendar.localDate(now);
  let state: DigestState = 'open';
  if (c.clocks.some((k) => k.breachedAt || k.dueAt <= now)) state = 'breached';
  // At risk: the sweep has passed the last warning (the one that escalates) on some clock.
  else if (c.clocks.some((k) => k.warnings > 0 && k.thresholdsDone >= k.warnings)) state = 'at_risk';
  else if (calendar.localDate(first.dueAt) === today) state = 'due_today';
  return { state, stage: first.stage, workingLeftMs: left, left: timeLeft(now, first.dueAt, clockOf(first), calendar) };
}

export function buildDigest(input: {
  groupId: string;
  groupName: string;
  now: Date;
  calendar: Calendar;
  open: DigestComplaint[];
  newSince: number;
  resolvedSince: number;
  awaitingFollowUp: number;
}): DigestModel {
  const items: DigestItem[] = input.open.map((c) => ({
    id: c.id,
    reference: c.reference,
    title: c.title,
    ownerId: c.ownerId,
    priority: c.priority,
    channelId: c.channelId,
    rootMessageId: c.rootMessageId,
    ...classify(c, input.now, input.calendar),
  }));
  items.sort((a, b) => ORDER[a.state] - ORDER[b.state] || (a.workingLeftMs ?? Infinity) - (b.workingLeftMs ?? Infinity) || a.reference.localeCompare(b.reference));
  const count = (s: DigestState) => items.filter((i) => i.state === s).length;
  const counts: DigestCounts = {
    newSince: input.newSince,
    open: items.length,
    dueToday: count('due_today'),
    atRisk: count('at_risk'),
    breached: count('breached'),
    resolvedSince: input.resolvedSince,
    awaitingFollowUp: input.awaitingFollowUp,
  };
  return {
    groupId: input.groupId,
    groupName: input.groupName,
    localDate: input.calendar.localDate(input.now),
    counts,
    items,
    quiet: counts.open === 0 && counts.newSince === 0 && counts.resolvedSince === 0 && counts.awaitingFollowUp === 0,
  };
}
