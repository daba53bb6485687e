/**
 * The values and modals of complaint actions. Everything here arrives from Slack's client, so
 * it is parsed, never assumed; forged values are harmless beyond this point because every
 * service checks the person, the complaint's state and the lifecycle table again.
 */
import { z } from 'zod';
import type { MessageKey } from '../../i18n';
import { DELIVERY_CHANNELS, type DeliveryChannel } from '../../services/resolve-complaint';
import { BUTTON_ACTIONS, MODAL_ACTIONS, type ButtonAction } from '../action-kinds';
import { ACTION_FIELD, NOTIFY_OPTION, type ActionFieldName } from '../ids';
import { viewSchema } from './complaint-view';
import { isSlackUserId } from '../chat-ids';

/** What a text answer may be: Slack's max_length is only a hint the client may not honour. */
export const TEXT_MAX = 3000;

const complaintId = z.string().uuid();
const buttonAction = z.enum(BUTTON_ACTIONS);
const modalAction = z.enum(MODAL_ACTIONS);

export function encodeActionValue(action: ButtonAction, id: string): string {
  return `${action}:${id}`;
}

export function parseActionValue(value: unknown): { action: ButtonAction; complaintId: string } | undefined {
  if (typeof value !== 'string') return undefined;
  const at = value.indexOf(':');
  if (at < 0) return undefined;
  const action = buttonAction.safeParse(value.slice(0, at));
  const id = complaintId.safeParse(value.slice(at + 1));
  return action.success && id.success ? { action: action.data, complaintId: id.data } : undefined;
}

const actionMetadata = z.object({ a: modalAction, id: complaintId });
export type ActionMetadata = z.infer<typeof actionMetadata>;

export const encodeActionMetadata = (m: ActionMetadata): string => JSON.stringify(m);

export function decodeJson<T>(schema: z.ZodType<T>, text: string): T | undefined {
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export type ActionSubmission =
  | { a: 'request_info'; id: string; question: string }
  | { a: 'answer_info'; id: string; answer: string }
  | { a: 'add_note'; id: string; note: string; toComplainant: boolean }
  | { a: 'propose_solution'; id: string; solution: string }
  | { a: 'resolve'; id: string; result: string; basis: string; delivery?: { channel: DeliveryChannel; note: string } }
  | { a: 'request_rejection'; id: string; reason: string }
  | { a: 'request_handover'; id: string; toOwnerId: string; reason: string }
  | { a: 'request_extension'; id: string; newDueAt: Date; reason: string; consentEvidence?: string }
  | { a: 'reopen'; id: string; reason: string };

export type FieldErrors = Partial<Record<ActionFieldName, MessageKey>>;

export type Parsed<T> = { ok: true; viewId: string; value: T } | { ok: false; errors: FieldErrors } | undefined;

export type Values = Record<string, Record<string, unknown>>;

const leaf = (values: Values, name: ActionFieldName): Record<string, unknown> | undefined => {
  const raw = values[ACTION_FIELD[name].block]?.[ACTION_FIELD[name].action];
  return raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : undefined;
};

/** Reads the modal's fields, collecting one error per field. */
export class Reader {
  readonly errors: FieldErrors = {};
  constructor(private readonly values: Values) {}

  /** True when the modal showed this field (inputs an outside customer alone needs, say). */
  has(name: ActionFieldName): boolean {
    return this.values[ACTION_FIELD[name].block] !== undefined;
  }

  text(name: ActionFieldName, required: boolean): string {
    const value = leaf(this.values, name)?.value;
    const text = typeof value === 'string' ? value.trim() : '';
    if (required && !text) this.errors[name] = 'field.text.required';
    else if (Array.from(text).length > TEXT_MAX) this.errors[name] = 'field.text.too_long';
    return text;
  }

  selected(name: ActionFieldName): string | undefined {
    const option = leaf(this.values, name)?.selected_option;
    const value = option && typeof option === 'object' ? (option as { value?: unknown }).value : undefined;
    return typeof value === 'string' ? value : undefined;
  }

  checked(name: ActionFieldName, option: string): boolean {
    const options = leaf(this.values, name)?.selected_options;
    return Array.isArray(options) && options.some((o) => (o as { value?: unknown })?.value === option);
  }

  user(name: ActionFieldName): string | undefined {
    const user = leaf(this.values, name)?.selected_user;
    if (typeof user === 'string' && isSlackUserId(user)) return user;
    this.errors[name] = 'field.to.required';
    return undefined;
  }

  dateTime(name: ActionFieldName): Date | undefined {
    const raw = leaf(this.values, name)?.selected_date_time;
    const seconds = typeof raw === 'string' ? Number(raw) : raw;
    if (typeof seconds === 'number' && Number.isSafeInteger(seconds) && seconds > 0) return new Date(seconds * 1000);
    this.errors[name] = 'field.due.required';
    return undefined;
  }

  /** Present only when the modal showed it (an outside customer): then it must be a known channel. */
  delivery(): { channel: DeliveryChannel; note: string } | undefined {
    if (!this.values[ACTION_FIELD.delivery.block]) return undefined;
    const channel = this.selected('delivery');
    const note = this.text('deliveryNote', false);
    if (!channel || !(DELIVERY_CHANNELS as readonly string[]).includes(channel)) {
      this.errors.delivery = 'field.delivery.required';
      return undefined;
    }
    return { channel: channel as DeliveryChannel, note };
  }

  /** Present only for an outside customer; required then (the service says so too). */
  evidence(): string | undefined {
    if (!this.values[ACTION_FIELD.evidence.block]) return undefined;
    // Empty: the complainant is asked on their own page; filled: staff's record of consent given elsewhere.
    const text = this.text('evidence', false);
    return text || undefined;
  }
}

function submission(m: ActionMetadata, r: Reader): ActionSubmission {
  const { id } = m;
  switch (m.a) {
    case 'request_info':
      return { a: m.a, id, question: r.text('text', true) };
    case 'answer_info':
      return { a: m.a, id, answer: r.text('text', true) };
    case 'add_note':
      return { a: m.a, id, note: r.text('text', true), toComplainant: r.checked('notify', NOTIFY_OPTION) };
    case 'propose_solution':
      return { a: m.a, id, solution: r.text('text', true) };
    case 'resolve': {
      const result = r.text('text', true);
      const basis = r.text('basis', true);
      const delivery = r.delivery();
      return { a: m.a, id, result, basis, ...(delivery ? { delivery } : {}) };
    }
    case 'request_rejection':
      return { a: m.a, id, reason: r.text('text', true) };
    case 'request_handover': {
      const toOwnerId = r.user('to') ?? '';
      return { a: m.a, id, toOwnerId, reason: r.text('text', true) };
    }
    case 'request_extension': {
      const newDueAt = r.dateTime('due') ?? new Date(0);
      const reason = r.text('text', true);
      const consentEvidence = r.evidence();
      return { a: m.a, id, newDueAt, reason, ...(consentEvidence ? { consentEvidence } : {}) };
    }
    case 'reopen':
      return { a: m.a, id, reason: r.text('text', true) };
  }
}

/** A submitted action modal: undefined when its shape or metadata is not ours (forged). */
export function parseActionView(view: unknown): Parsed<ActionSubmission> {
  const parsed = viewSchema.safeParse(view);
  if (!parsed.success) return undefined;
  const meta = decodeJson(actionMetadata, parsed.data.private_metadata);
  if (!meta) return undefined;
  const reader = new Reader(parsed.data.state.values);
  const value = submission(meta, reader);
  if (Object.keys(reader.errors).length > 0) return { ok: false, errors: reader.errors };
  return { ok: true, viewId: parsed.data.id, value };
}

// ---- approvals ------------------------------------------------------------------------------

const approvalId = z.string().uuid();

export function parseApprovalId(value: unknown): string | undefined {
  const parsed = approvalId.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/** Where the request was asked (the DM message to mark answered) rides along with its id. */
const declineMetadata = z.object({
  id: approvalId,
  c: z.string().regex(/^D[A-Z0-9]{2,}$/).optional(),
  t: z.string().regex(/^\d{1,12}\.\d{1,8}$/).optional(),
});
export type DeclineMetadata = z.infer<typeof declineMetadata>;

export const encodeDeclineMetadata = (m: DeclineMetadata): string => JSON.stringify(m);

export function parseDeclineView(view: unknown): Parsed<DeclineMetadata & { reason: string }> {
  const parsed = viewSchema.safeParse(view);
  if (!parsed.success) return undefined;
  const meta = decodeJson(declineMetadata, parsed.data.private_metadata);
  if (!meta) return undefined;
  const reader = new Reader(parsed.data.state.values);
  const reason = reader.text('text', true);
  if (Object.keys(reader.errors).length > 0) return { ok: false, errors: reader.errors };
  return { ok: true, viewId: parsed.data.id, value: { ...meta, reason } };
}
