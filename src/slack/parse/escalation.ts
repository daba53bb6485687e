/**
 * An escalation's buttons and modals. Everything arrives from Slack's client, so it is parsed,
 * never assumed; forged values are harmless beyond this point because decideEscalation checks
 * the person and the escalation's state again.
 */
import { z } from 'zod';
import { PRIORITIES, type Priority } from '../../domain/complaint';
import type { EscalationAnswer } from '../../services/decide-escalation';
import { TAKE_OPTIONS } from '../ids';
import { viewSchema } from './complaint-view';
import { decodeJson, Reader, type Parsed } from './complaint-action';

export const DECISIONS = ['approve', 'reassign', 'extend', 'decline'] as const;
export type Decision = (typeof DECISIONS)[number];

const escalationId = z.string().uuid();

export function parseEscalationId(value: unknown): string | undefined {
  const parsed = escalationId.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/** Which choice, on which escalation, and where it was asked (the DM to mark decided). */
const metadata = z.object({
  d: z.enum(DECISIONS),
  id: escalationId,
  c: z.string().regex(/^D[A-Z0-9]{2,}$/).optional(),
  t: z.string().regex(/^\d{1,12}\.\d{1,8}$/).optional(),
});
export type EscalationMetadata = z.infer<typeof metadata>;

export const encodeEscalationMetadata = (m: EscalationMetadata): string => JSON.stringify(m);

/** The answer as typed; `takeOver` when the approver takes it over themself (their id is not in the view). */
function answer(d: Decision, r: Reader): EscalationAnswer & { takeOver?: true } {
  switch (d) {
    case 'approve': {
      const take = r.selected('take');
      if (!take || !(TAKE_OPTIONS as readonly string[]).includes(take)) r.errors.take = 'field.take.required';
      // The person only matters when assigning; a stray pick with another choice is ignored.
      const to = take === 'assign' ? r.user('to') : undefined;
      const raw = r.selected('priority');
      if (raw !== undefined && !(PRIORITIES as readonly string[]).includes(raw)) r.errors.priority = 'field.priority.invalid';
      const priority = raw as Priority | undefined;
      const note = r.text('note', false);
      return { decision: 'approve', ...(to ? { newOwnerId: to } : {}), ...(take === 'self' ? { takeOver: true as const } : {}), ...(priority ? { priority } : {}), ...(note ? { note } : {}) };
    }
    case 'reassign': {
      const newOwnerId = r.user('to') ?? '';
      const note = r.text('note', false);
      return { decision: 'reassign', newOwnerId, ...(note ? { note } : {}) };
    }
    case 'extend': {
      const newDueAt = r.dateTime('due') ?? new Date(0);
      const reason = r.text('text', true);
      const consentEvidence = r.evidence();
      return { decision: 'extend', newDueAt, reason, ...(consentEvidence ? { consentEvidence } : {}) };
    }
    case 'decline':
      return { decision: 'decline', note: r.text('text', true) };
  }
}

/** A submitted escalation modal: undefined when its shape or metadata is not ours (forged). */
export function parseEscalationView(view: unknown): Parsed<EscalationMetadata & { answer: EscalationAnswer & { takeOver?: true } }> {
  const parsed = viewSchema.safeParse(view);
  if (!parsed.success) return undefined;
  const meta = decodeJson(metadata, parsed.data.private_metadata);
  if (!meta) return undefined;
  const reader = new Reader(parsed.data.state.values);
  const value = answer(meta.d, reader);
  if (Object.keys(reader.errors).length > 0) return { ok: false, errors: reader.errors };
  return { ok: true, viewId: parsed.data.id, value: { ...meta, answer: value } };
}

/** Which choice a button is, by its action id. */
export const decisionOfAction = (actionId: string): Decision | undefined => {
  const d = actionId.replace(/^escalation_/, '');
  return (DECISIONS as readonly string[]).includes(d) ? (d as Decision) : undefined;
};
