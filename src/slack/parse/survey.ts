/**
 * The satisfaction follow-up's buttons and modal. Parsed, never assumed: recordSurvey checks
 * the person, the complaint's state and the rating again.
 */
import { z } from 'zod';
import { SURVEY_CHANNELS, type SurveyChannel } from '../../services/record-survey';
import { SURVEY_RATE_ACTION } from '../ids';
import { viewSchema } from './complaint-view';
import { decodeJson, Reader, type Parsed } from './complaint-action';

const complaintId = z.string().uuid();
const RATINGS = ['1', '2', '3', '4', '5'];

/** `survey_rate:<n>` pressed with the complaint id as its value. */
export function parseRatePress(actionId: string, value: unknown): { rating: number; complaintId: string } | undefined {
  const m = new RegExp(`^${SURVEY_RATE_ACTION}:([1-5])$`).exec(actionId);
  const id = complaintId.safeParse(value);
  return m && id.success ? { rating: Number(m[1]), complaintId: id.data } : undefined;
}

export function parseSurveyComplaintId(value: unknown): string | undefined {
  const parsed = complaintId.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/** `m`: the filer rating in their DM, or the owner recording an outside customer's call. */
const metadata = z.object({
  id: complaintId,
  m: z.enum(['dm', 'record']),
  c: z.string().regex(/^D[A-Z0-9]{2,}$/).optional(),
  t: z.string().regex(/^\d{1,12}\.\d{1,8}$/).optional(),
});
export type SurveyMetadata = z.infer<typeof metadata>;

export const encodeSurveyMetadata = (m: SurveyMetadata): string => JSON.stringify(m);

export interface SurveySubmission extends SurveyMetadata {
  rating: number;
  comment: string;
  channel: SurveyChannel;
  note: string;
}

const OUTSIDE_CHANNELS = SURVEY_CHANNELS.filter((c) => c !== 'dm' && c !== 'web') as string[];

export function parseSurveyView(view: unknown): Parsed<SurveySubmission> {
  const parsed = viewSchema.safeParse(view);
  if (!parsed.success) return undefined;
  const meta = decodeJson(metadata, parsed.data.private_metadata);
  if (!meta) return undefined;
  const r = new Reader(parsed.data.state.values);
  const rating = r.selected('rating');
  if (!rating || !RATINGS.includes(rating)) r.errors.rating = 'field.rating.required';
  const comment = r.text('text', false);
  let channel: SurveyChannel = 'dm';
  let note = '';
  if (meta.m === 'record') {
    const chosen = r.selected('channel');
    if (!chosen || !OUTSIDE_CHANNELS.includes(chosen)) r.errors.channel = 'field.channel.required';
    else channel = chosen as SurveyChannel;
    note = r.text('note', false);
  }
  if (Object.keys(r.errors).length > 0) return { ok: false, errors: r.errors };
  return { ok: true, viewId: parsed.data.id, value: { ...meta, rating: Number(rating), comment, channel, note } };
}
