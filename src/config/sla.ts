/**
 * Time limits in pledge.config.yml (`sla:`, and `escalation.respondWithin`). Limits read the way
 * the pledge states them: "24h", "30m", "2 working hours", "3 working days".
 */
import { z } from 'zod';
import { DEFAULT_SLA, STAGES, type Limit, type SlaPolicy, type Stage } from '../domain/sla';
import { PRIORITIES, type Priority } from '../domain/complaint';

const LIMIT_FORMS = 'a limit such as "24h", "30m", "2 working hours" or "3 working days"';

export function parseLimit(text: string): Limit | undefined {
  const t = text.trim().toLowerCase();
  let m = /^(\d+(?:\.\d+)?)\s*(h|hours?|m|min|minutes?)$/.exec(t);
  if (m) return { kind: 'elapsed', minutes: Number(m[1]) * (m[2]!.startsWith('h') ? 60 : 1) };
  m = /^(\d+(?:\.\d+)?)\s*working\s+(hours?|minutes?)$/.exec(t);
  if (m) return { kind: 'working', minutes: Number(m[1]) * (m[2]!.startsWith('h') ? 60 : 1) };
  m = /^(\d+)\s*working\s+days?$/.exec(t);
  if (m) return { kind: 'working_days', days: Number(m[1]) };
  return undefined;
}

export const limitSchema = z
  .union([z.string(), z.number()])
  .transform((v, ctx) => {
    const limit = parseLimit(String(v));
    if (!limit || (limit.kind === 'working_days' ? limit.days : limit.minutes) <= 0) {
      ctx.addIssue({ code: 'custom', message: `expected ${LIMIT_FORMS}, got ${JSON.stringify(v)}` });
      return z.NEVER;
    }
    return limit;
  });

const fraction = z.number().gt(0, 'a warning fraction must be above 0').lt(1, 'a warning fraction must be below 1 (1 is the breach itself)');

const perPriority = z.strictObject({ normal: limitSchema.optional(), major: limitSchema.optional(), urgent: limitSchema.optional() });

/** One limit for every priority, or a limit per priority; a bad one is reported once, where it is. */
const stageLimits = z.unknown().transform((v, ctx) => {
  if (typeof v === 'string' || typeof v === 'number') {
    const limit = parseLimit(String(v));
    if (limit) return { normal: limit, major: limit, urgent: limit };
    ctx.addIssue({ code: 'custom', message: `expected ${LIMIT_FORMS}, got ${JSON.stringify(v)}` });
    return z.NEVER;
  }
  const parsed = perPriority.safeParse(v);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
  return z.NEVER;
});

export const slaSchema = z
  .strictObject({
    warnAt: z.array(fraction).max(5).optional(),
    stages: z.partialRecord(z.enum(STAGES), stageLimits).optional(),
    /** How long "Ask the complainant" may stop the clocks (default 5 working days). */
    maxPause: limitSchema.optional(),
  })
  .optional();

export type SlaConfig = z.infer<typeof slaSchema>;

/** DESIGN.md's table, overridden by whatever the file says; `acknowledge` may also come from `limits:`. */
export function slaPolicy(config: SlaConfig, ack?: { acknowledgeHours: number; urgentAcknowledgeMinutes: number }): SlaPolicy {
  const policy = structuredClone(DEFAULT_SLA) as SlaPolicy;
  if (ack) {
    policy.acknowledge.limits = {
      normal: { kind: 'elapsed', minutes: ack.acknowledgeHours * 60 },
      major: { kind: 'elapsed', minutes: ack.acknowledgeHours * 60 },
      urgent: { kind: 'elapsed', minutes: ack.urgentAcknowledgeMinutes },
    };
  }
  for (const stage of STAGES) {
    const overrides = config?.stages?.[stage] as Partial<Record<Priority, Limit>> | undefined;
    for (const p of PRIORITIES) if (overrides?.[p]) policy[stage as Stage].limits[p] = overrides[p]!;
    // Archiving is bookkeeping: nobody is warned about it.
    if (config?.warnAt && stage !== 'archive') policy[stage].warnAt = [...config.warnAt].sort();
  }
  if (config?.maxPause) policy.pause.limits = { normal: config.maxPause, major: config.maxPause, urgent: config.maxPause };
  return policy;
}

export const DEFAULT_ESCALATION_RESPONSE: Limit = { kind: 'working', minutes: 4 * 60 };
