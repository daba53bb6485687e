/** Button values come back from Slack's client: untrusted, so parsed, never assumed. */
import { z } from 'zod';

const complaintId = z.string().uuid();

export function parseComplaintId(value: unknown): string | undefined {
  const parsed = complaintId.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

const offer = z.object({ c: z.string().regex(/^[CGD][A-Z0-9]{2,}$/), t: z.string().regex(/^\d{1,12}\.\d{1,8}$/) });

export function parseOfferValue(value: unknown): { channelId: string; messageTs: string } | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    const parsed = offer.safeParse(JSON.parse(value));
    return parsed.success ? { channelId: parsed.data.c, messageTs: parsed.data.t } : undefined;
  } catch {
    return undefined;
  }
}
