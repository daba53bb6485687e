/**
 * A group's digest as its renderers receive it (domain/digest.ts): item n of a billing group's
 * open complaints in a given state, the day's model around some items, and the quiet day.
 * The Slack and WeCom message tests name only what their platform changes (ids, names, links).
 */
import type { DigestCounts, DigestItem, DigestModel, DigestState } from '../../src/domain/digest';

const H = 3_600_000;

/** Working time left on the most urgent clock of an item in each state. */
export const WORKING_LEFT_MS: Record<DigestState, number> = { breached: -1.5 * H, at_risk: 0.75 * H, due_today: 3 * H, open: 26 * H };

/** That time as the clock stands (DigestItem.left), for items that carry it. */
export const workingLeft = (state: DigestState): NonNullable<DigestItem['left']> => ({
  clock: 'working',
  minutes: Math.abs(WORKING_LEFT_MS[state]) / 60_000,
  overdue: WORKING_LEFT_MS[state] < 0,
});

export function digestItemOf(n: number, state: DigestState, over: Partial<DigestItem> = {}): DigestItem {
  return {
    reference: `PLG-2026-${String(n).padStart(6, '0')}`,
    title: `Complaint number ${n}`,
    ownerId: `U0OWNER${n % 3}`,
    priority: 'normal',
    state,
    stage: state === 'open' ? 'solution' : 'acknowledge',
    workingLeftMs: WORKING_LEFT_MS[state],
    channelId: null,
    rootMessageId: null,
    ...over,
  };
}

/** The billing group's digest of 1 Dec with these items, counted by state. */
export function digestModelOf(items: DigestItem[], over: Partial<DigestModel> = {}): DigestModel {
  const count = (s: DigestState) => items.filter((i) => i.state === s).length;
  return {
    groupId: 'billing',
    groupName: 'Billing team',
    localDate: '2026-12-01',
    counts: { newSince: 2, open: items.length, dueToday: count('due_today'), atRisk: count('at_risk'), breached: count('breached'), resolvedSince: 1, awaitingFollowUp: 1 },
    items,
    quiet: false,
    ...over,
  };
}

const NOTHING: DigestCounts = { newSince: 0, open: 0, dueToday: 0, atRisk: 0, breached: 0, resolvedSince: 0, awaitingFollowUp: 0 };

/** Nothing open, nothing new, nothing resolved. */
export const quietDigestOf = (over: Partial<DigestModel> = {}): DigestModel => digestModelOf([], { quiet: true, counts: NOTHING, ...over });
