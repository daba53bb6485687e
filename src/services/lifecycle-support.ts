/**
 * What every lifecycle action does the same way: lock the complaint, check the lifecycle table
 * against fresh state, then write the change, its audit event and its messages together.
 */
import type { ResolvedGroup } from '../config';
import { COMPLAINANT, rolesOf, type Role } from '../domain/access';
import { CARD_UNCHANGED, type AuditEventType } from '../domain/audit';
import type { Status } from '../domain/complaint';
import { decide, LIFECYCLE, standingOf, type Action } from '../domain/lifecycle';
import { appendEvents } from '../db/audit';
import { concernedPeople, findComplaintRow, lockComplaint, type ComplaintRow, type Concerned } from '../db/lifecycle';
import { enqueue, type OutboxMessage } from '../db/outbox';
import { inTransaction, type Tx } from '../db/tx';
import { AppError, isAppError } from '../errors';
import { groupById, type ServiceDeps } from './deps';
import { supersededRequests } from './settle-requests';

export interface Acting {
  complaint: ComplaintRow;
  group: ResolvedGroup;
  roles: Set<Role>;
  /** Where the lifecycle says the complaint goes ('same': it stays). */
  to: Status | 'same';
}

export function rolesFor(deps: ServiceDeps, complaint: ComplaintRow, actorId: string): Set<Role> {
  const group = groupById(deps.config, complaint.groupId);
  return rolesOf(actorId, { ...complaint, group, supervisors: deps.config.supervisors });
}

/**
 * Locks the complaint and checks `action` for `actorId`. A refusal throws an AppError whose
 * code picks the ephemeral the person sees ('stale' for a button the complaint has moved past).
 */
export async function lockAndCheck(
  deps: ServiceDeps,
  tx: Tx,
  complaintId: string,
  action: Action,
  actorId: string,
  viaApproval = false,
): Promise<Acting> {
  const complaint = await lockComplaint(tx, complaintId);
  if (!complaint) throw new AppError('not_found', `no complaint ${complaintId}`);
  const group = groupById(deps.config, complaint.groupId);
  const roles = rolesFor(deps, complaint, actorId);
  const decision = decide(action, standingOf(complaint), roles, viaApproval);
  if (!decision.ok) {
    const code = decision.why === 'wrong_state' ? 'stale' : 'not_allowed';
    // `action` lets the chat adapter say who may take it, rather than only "not allowed".
    throw new AppError(code, `${actorId} may not ${action} ${complaint.reference} (${decision.why}, status ${complaint.status})`, {
      reference: complaint.reference,
      action,
    });
  }
  return { complaint, group, roles, to: decision.to };
}

/** A line in the complaint's thread, rendered from an i18n key at delivery. */
export function threadLine(complaintId: string, key: string, params: Record<string, string | number> = {}): Omit<OutboxMessage, 'dedupeKey'> {
  return { kind: 'thread.line', target: complaintId, complaintId, payload: { key, params } };
}

/** A direct message to one person, rendered from an i18n key at delivery. */
export function notice(complaintId: string, userId: string, key: string, params: Record<string, string | number> = {}): Omit<OutboxMessage, 'dedupeKey'> {
  return { kind: 'notice', target: userId, complaintId, payload: { key, params } };
}

/**
 * Asks for the card's refresh. Any event outside CARD_UNCHANGED refreshes it anyway; recordAll
 * queues one refresh per complaint however many ask.
 */
export function refreshCard(complaintId: string): Omit<OutboxMessage, 'dedupeKey'> {
  return { kind: 'complaint.refresh', target: complaintId, complaintId };
}

export interface Recorded {
  event: { complaintId: string; actorId: string; type: AuditEventType; payload?: Record<string, unknown> };
  messages: Omit<OutboxMessage, 'dedupeKey'>[];
  /** People whose App Home it changes beyond those the complaint concerns. */
  homes?: string[];
}

/**
 * Appends the audit event and queues the messages it causes. Each message's dedupe key is
 * derived from the event id, which is unique and fixed once committed.
 */
export async function record(tx: Tx, at: Date, event: Recorded['event'], messages: Recorded['messages']): Promise<bigint> {
  const [id] = await recordAll(tx, at, [{ event, messages }]);
  return id!;
}

/**
 * `record` for many events at once (the sweep): one append, one lookup of who is concerned,
 * one insert of messages. Everyone the events concern gets one App Home refresh, and each
 * complaint whose card an event changes one card refresh, however many of the events concern
 * them: both are rendered when delivered, so one shows them all.
 */
export async function recordAll(tx: Tx, at: Date, recorded: readonly Recorded[]): Promise<bigint[]> {
  if (recorded.length === 0) return [];
  // Requests these steps have moved past settle with them (settle-requests.ts).
  const entries = [...recorded, ...(await supersededRequests(tx, at, recorded.map((r) => r.event)))];
  const ids = await appendEvents(
    tx,
    entries.map(({ event }) => ({ ...event, payload: event.payload ?? {}, at })),
  );
  const concerns = await concernedPeople(tx, [...new Set(entries.map((e) => e.event.complaintId))]);
  const homes = new Map<string, { eventId: bigint; complaintId: string }>();
  const cards = new Map<string, bigint>();
  const messages: OutboxMessage[] = [];
  entries.forEach(({ event, messages: caused, homes: alsoHome = [] }, n) => {
    const eventId = ids[n]!;
    const concern = concerns.get(event.complaintId);
    // The card is refreshed once per complaint below, whether a step asked for it or not.
    const asked = caused.filter((m) => m.kind === 'complaint.refresh');
    const all = [...caused, ...toFirstContact(event.actorId, concern, caused)].filter((m) => m.kind !== 'complaint.refresh');
    messages.push(...all.map((m, i) => ({ ...m, dedupeKey: `event:${eventId}:${i}:${m.kind}:${m.target}` })));
    for (const complaintId of [...(CARD_UNCHANGED.has(event.type) ? [] : [event.complaintId]), ...asked.map((m) => m.target)]) {
      if (!cards.has(complaintId)) cards.set(complaintId, eventId);
    }
    // The actor too: a leader who just answered no longer has it waiting on their App Home.
    for (const userId of [event.actorId, ...(concern?.people ?? []), ...alsoHome]) {
      // Nobody in chat is the complainant: they have no App Home.
      if (userId !== 'system' && userId !== COMPLAINANT && !homes.has(userId)) homes.set(userId, { eventId, complaintId: event.complaintId });
    }
  });
  for (const [complaintId, eventId] of cards) {
    messages.push({ dedupeKey: `event:${eventId}:card:${complaintId}`, kind: 'complaint.refresh', target: complaintId, complaintId });
  }
  for (const [userId, { eventId, complaintId }] of homes) {
    messages.push({ dedupeKey: `event:${eventId}:home:${userId}`, kind: 'home.refresh', target: userId, complaintId });
  }
  // Every key names an event appended just above: none can be queued already.
  await enqueue(tx, at, messages, { fresh: true });
  return ids.slice(0, recorded.length);
}

/**
 * 首问负责制: the first contact stays informed of every step, escalations included, though someone
 * else handles the complaint. Each line the step puts in the thread (or the channel's escalation
 * ping) reaches them as a DM too, unless they took the step, handle it, or are told already.
 */
function toFirstContact(actorId: string, concern: Concerned | undefined, caused: Recorded['messages']): Recorded['messages'] {
  const first = concern?.firstContactId;
  if (!first || first === actorId || first === concern.ownerId || caused.some((m) => m.target === first)) return [];
  return caused
    .filter((m) => m.kind === 'thread.line' || m.kind === 'channel.line')
    .map((m) => ({ kind: 'notice', target: first, complaintId: m.complaintId, payload: m.payload }));
}

/** Runs the action's transaction and tells the outbox when it committed. */
export async function commit<T>(deps: ServiceDeps, work: (tx: Tx) => Promise<T>): Promise<T> {
  const result = await inTransaction(deps.prisma, work);
  deps.outboxWritten?.();
  return result;
}

/**
 * A press that finds its work already done by someone who may do it (a double click, a press
 * delivered twice) is a repeat, not a conflict: nothing changes and nobody is told off.
 * Anything else the action refused stays refused.
 */
export async function unlessRepeated(
  deps: ServiceDeps,
  input: { complaintId: string; actorId: string },
  action: Action,
  reached: Status,
  run: () => Promise<void>,
): Promise<void> {
  try {
    await run();
  } catch (error) {
    if (!(isAppError(error) && error.code === 'stale')) throw error;
    const row = await findComplaintRow(deps.prisma, input.complaintId);
    if (row?.status !== reached) throw error;
    const roles = rolesFor(deps, row, input.actorId);
    if (!LIFECYCLE[action].by.some((r) => roles.has(r))) throw error;
  }
}
