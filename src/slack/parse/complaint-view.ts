/**
 * Reads a submitted complaint modal. Slack's payload is untrusted input: zod checks its shape,
 * and private_metadata (which the client can forge) only ever carries where the message came from.
 */
import { z } from 'zod';
import type { RawDraft } from '../../domain/validate-complaint';
import { FIELD } from '../ids';

const textInput = z.object({ value: z.string().nullish() }).passthrough();
const selectInput = z.object({ selected_option: z.object({ value: z.string() }).nullish() }).passthrough();

const stateValues = z.record(z.string(), z.record(z.string(), z.unknown()));

export const viewSchema = z.object({
  id: z.string().min(1),
  callback_id: z.string(),
  private_metadata: z.string().max(3000).optional().default(''),
  state: z.object({ values: stateValues }),
});

/** Where a complaint filed from a message came from. */
export const originSchema = z.object({
  c: z.string().regex(/^[CGD][A-Z0-9]{2,}$/).optional(),
  t: z.string().regex(/^\d{1,12}\.\d{1,8}$/).optional(),
  p: z.string().url().startsWith('https://').max(500).optional(),
});
export type Origin = z.infer<typeof originSchema>;

export function encodeOrigin(origin: Origin): string {
  return JSON.stringify(origin);
}

/** Unreadable or forged metadata yields no origin rather than an error: it is only a link back. */
export function decodeOrigin(metadata: string): Origin {
  if (!metadata) return {};
  try {
    const parsed = originSchema.safeParse(JSON.parse(metadata));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

function field(values: z.infer<typeof stateValues>, ids: { block: string; action: string }, kind: 'text' | 'select') {
  const raw = values[ids.block]?.[ids.action];
  if (kind === 'text') {
    const parsed = textInput.safeParse(raw);
    return parsed.success ? (parsed.data.value ?? null) : null;
  }
  const parsed = selectInput.safeParse(raw);
  return parsed.success ? (parsed.data.selected_option?.value ?? null) : null;
}

export function parseComplaintView(view: unknown): { viewId: string; draft: RawDraft } | undefined {
  const parsed = viewSchema.safeParse(view);
  if (!parsed.success) return undefined;
  const { values } = parsed.data.state;
  const origin = decodeOrigin(parsed.data.private_metadata);
  return {
    viewId: parsed.data.id,
    draft: {
      title: field(values, FIELD.title, 'text'),
      details: field(values, FIELD.details, 'text'),
      category: field(values, FIELD.category, 'select'),
      priority: field(values, FIELD.priority, 'select'),
      source: field(values, FIELD.source, 'select'),
      customerName: field(values, FIELD.customerName, 'text'),
      customerContact: field(values, FIELD.customerContact, 'text'),
      originChannelId: origin.c ?? null,
      originMessageId: origin.t ?? null,
      originPermalink: origin.p ?? null,
    },
  };
}
