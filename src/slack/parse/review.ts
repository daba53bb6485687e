/** The review's Confirm closure button and its note modal, parsed: Slack's client sends them. */
import { z } from 'zod';
import { decodeJson, Reader, type Parsed } from './complaint-action';
import { viewSchema } from './complaint-view';

const reviewId = z.string().uuid();

export function parseReviewId(value: unknown): string | undefined {
  const parsed = reviewId.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

const reviewMetadata = z.object({ id: reviewId });
export type ReviewMetadata = z.infer<typeof reviewMetadata>;

export const encodeReviewMetadata = (m: ReviewMetadata): string => JSON.stringify(m);

export function parseReviewConfirmView(view: unknown): Parsed<ReviewMetadata & { note: string }> {
  const parsed = viewSchema.safeParse(view);
  if (!parsed.success) return undefined;
  const meta = decodeJson(reviewMetadata, parsed.data.private_metadata);
  if (!meta) return undefined;
  const reader = new Reader(parsed.data.state.values);
  const note = reader.text('text', true);
  if (Object.keys(reader.errors).length > 0) return { ok: false, errors: reader.errors };
  return { ok: true, viewId: parsed.data.id, value: { ...meta, note } };
}
