/**
 * Nightly upkeep of two bookkeeping tables that otherwise only grow: RequestKey ("this request
 * was carried out", so a repeat changes nothing) and WeComSend (WeCom's send slots). A row goes
 * once nothing can ask about it any more.
 *
 * RequestKey: a repeat of a request can only arrive while someone may still send it again:
 * - Slack retries an event 3 times, the last about 5 minutes after the first; it does not resend
 *   a modal submission, but a person may submit the same modal (the same view id) again while
 *   it is open, e.g. after Slack's 3-second timeout.
 * - WeCom retries a callback 3 times within a few seconds, and a clicked card's response_code
 *   (the longest-lived thing of WeCom's that a click carries) is valid for 72 hours.
 * - A step page in WeCom posts its key again only within its sign-in (8 hours, pages/session.ts).
 * - A digest part is asked about while its outbox row is retried: 8 attempts with backoff of
 *   at most 15 minutes each, plus waits for WeCom's send limits of an hour at the most.
 * So after 72 hours no repeat can arrive; the rows are kept 7 days, over twice that, with room
 * to spare, as run leases are (scheduler/run-coordinator.ts).
 *
 * WeComSend: a slot counts only within WeCom's per-hour limit (db/wecom-sends.ts); older ones
 * count for nothing.
 */
import { forgetRequestKeysBefore } from '../db/lifecycle';
import { forgetSendsBefore } from '../db/wecom-sends';
import type { ServiceDeps } from './deps';

const HOUR_MS = 3_600_000;
export const REQUEST_KEY_KEEP_MS = 7 * 24 * HOUR_MS;
export const SEND_SLOT_KEEP_MS = HOUR_MS;

export async function pruneBookkeeping(deps: Pick<ServiceDeps, 'prisma' | 'clock'>): Promise<{ requestKeys: number; sends: number }> {
  const now = deps.clock.now().getTime();
  const requestKeys = await forgetRequestKeysBefore(deps.prisma, new Date(now - REQUEST_KEY_KEEP_MS));
  const sends = await forgetSendsBefore(deps.prisma, new Date(now - SEND_SLOT_KEEP_MS));
  return { requestKeys, sends };
}
