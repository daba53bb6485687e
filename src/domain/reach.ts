/**
 * Messages to the complainant: which ones there are, and when an SMS may go. Pure: the time and
 * the zone come in as arguments.
 */
import { DateTime } from 'luxon';

/** Each promise the complainant hears about, in the order a complaint meets them. */
export const REACH_KINDS = ['registered', 'accepted', 'progress', 'question', 'extension', 'extended', 'result', 'rejected'] as const;
export type ReachKind = (typeof REACH_KINDS)[number];

export type ReachChannel = 'email' | 'sms';

/** Local times "HH:MM"; `from` later than `to` spans midnight (21:00-08:00). */
export interface QuietHours {
  from: string;
  to: string;
}

const minutesOf = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return h! * 60 + m!;
};

/**
 * When a message held back by quiet hours may go: the end of the quiet spell `at` falls in, or
 * null when `at` is outside it. Equal bounds mean no quiet hours at all.
 */
export function quietUntil(at: Date, zone: string, quiet: QuietHours): Date | null {
  const from = minutesOf(quiet.from);
  const to = minutesOf(quiet.to);
  if (from === to) return null;
  const local = DateTime.fromJSDate(at, { zone });
  const now = local.hour * 60 + local.minute;
  const inside = from < to ? now >= from && now < to : now >= from || now < to;
  if (!inside) return null;
  // The spell ends at `to` today if that is still ahead, otherwise tomorrow.
  let end = local.startOf('day').plus({ minutes: to });
  if (end <= local) end = local.startOf('day').plus({ days: 1, minutes: to });
  return end.toJSDate();
}

/** The local day `at` falls on, as the per-number daily cap counts it, and when it began. */
export function localDay(at: Date, zone: string): { start: Date; next: Date } {
  const start = DateTime.fromJSDate(at, { zone }).startOf('day');
  return { start: start.toJSDate(), next: start.plus({ days: 1 }).toJSDate() };
}

/**
 * When an SMS over the day's cap may go: the next day, once its quiet hours (if any) are over,
 * so a capped message does not arrive at midnight.
 */
export function afterCap(at: Date, zone: string, quiet: QuietHours): Date {
  const { next } = localDay(at, zone);
  return quietUntil(next, zone, quiet) ?? next;
}

/**
 * The part of a page link an SMS template's variable carries: providers approve the fixed part
 * of a link (scheme and host) in the template and refuse whole URLs in variables.
 */
export function linkPath(link: string): string {
  try {
    const url = new URL(link);
    return `${url.pathname}${url.search}`.replace(/^\//, '');
  } catch {
    return link;
  }
}
