/**
 * `reach:` in pledge.config.yml: how Pledge speaks to complainants directly, by e-mail (SMTP)
 * and SMS (a provider's pre-approved templates). Secrets (the SMTP password, the SMS provider's
 * keys) come from the environment, never from this file.
 */
import { z } from 'zod';
import { type QuietHours, type ReachKind } from '../domain/reach';
import { describe } from './issues';
import { blankIsUnset, strict } from './schema-parts';

export const SMS_PROVIDERS = ['tencent', 'aliyun'] as const;
export type SmsProvider = (typeof SMS_PROVIDERS)[number];

export interface EmailConfig {
  host: string;
  port: number;
  /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
  secure: boolean;
  /** Refuse to send unless the connection is encrypted (STARTTLS required). */
  requireTLS: boolean;
  user?: string;
  /** The From header, e.g. "Acme complaints <complaints@acme.example>". */
  from: string;
  replyTo?: string;
}

export interface SmsConfig {
  provider: SmsProvider;
  /** The provider's API host; only tests and private deployments change it. */
  endpoint?: string;
  region: string;
  /** Tencent's SmsSdkAppId (Alibaba has none). */
  appId?: string;
  /** The approved signature (签名) every message carries. */
  signName: string;
  /** The approved template id per message; a message without one goes by e-mail only. */
  templates: Partial<Record<ReachKind | 'verify', string>>;
  quietHours: QuietHours;
  /** At most this many SMS to one number per local day; the rest wait for the next morning. */
  dailyCap: number;
}

export interface ReachConfig {
  /** The organisation's name as complainants read it, in the configured locale. */
  organisation: string;
  /** The organisation's name in each locale, for a complainant who chose another language. */
  organisationIn?: Record<'en' | 'zh-CN', string>;
  email?: EmailConfig;
  sms?: SmsConfig;
}

const localTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: (iss) => `expected a local time such as 21:00, got ${describe(iss.input)}` });
const name = z.union([z.string().trim().min(1).max(60), strict({ en: z.string().trim().min(1).max(60).optional(), 'zh-CN': z.string().trim().min(1).max(60).optional() })], {
  error: (iss) => (iss.input === undefined ? 'is required' : `expected a name, or one per locale such as { en: Acme Water, zh-CN: 某某水务 }, got ${describe(iss.input)}`),
});

const email = strict({
  host: z.string().trim().min(1),
  port: blankIsUnset(z.number().int().min(1).max(65535).default(587)),
  secure: blankIsUnset(z.boolean().default(false)),
  requireTLS: blankIsUnset(z.boolean().default(true)),
  user: blankIsUnset(z.string().trim().min(1).optional()),
  from: z.string().trim().min(3),
  replyTo: blankIsUnset(z.string().trim().min(3).optional()),
});

const templateId = z.union([z.string().trim().min(1), z.number()]).transform(String).optional();
const templates = strict({
  registered: templateId,
  accepted: templateId,
  progress: templateId,
  question: templateId,
  extension: templateId,
  extended: templateId,
  result: templateId,
  rejected: templateId,
  /** The public form's verification code: {1} the code, {2} minutes it works. */
  verify: templateId,
});

const sms = strict({
  provider: z.enum(SMS_PROVIDERS, { error: (iss) => `expected one of ${SMS_PROVIDERS.join(', ')}, got ${describe(iss.input)}` }),
  endpoint: blankIsUnset(
    z
      .string()
      .refine((v) => /^https?:\/\/[^/]+\/?$/.test(v), { error: (iss) => `expected a scheme and host such as https://sms.tencentcloudapi.com, got ${describe(iss.input)}` })
      .optional(),
  ),
  region: blankIsUnset(z.string().default('ap-guangzhou')),
  appId: blankIsUnset(z.union([z.string(), z.number()]).transform(String).optional()),
  signName: z.string().trim().min(1),
  templates: templates.prefault({}),
  quietHours: blankIsUnset(strict({ from: localTime, to: localTime }).default({ from: '21:00', to: '08:00' })),
  dailyCap: blankIsUnset(z.number().int().min(1).max(100).default(5)),
});

export const reachSchema = blankIsUnset(
  strict({ organisation: name, email: blankIsUnset(email.optional()), sms: blankIsUnset(sms.optional()) })
    .superRefine((r, ctx) => {
      if (r.sms?.provider === 'tencent' && !r.sms.appId) ctx.addIssue({ code: 'custom', path: ['sms', 'appId'], message: "Tencent Cloud SMS needs the application's SmsSdkAppId (1400…)" });
    })
    .optional(),
);

export type RawReach = z.infer<typeof reachSchema>;

/** The organisation's name in `locale`, falling back to the other locale's. */
export function resolveReach(raw: RawReach, locale: 'en' | 'zh-CN'): ReachConfig | undefined {
  if (!raw) return undefined;
  const o = raw.organisation;
  const nameIn = (l: 'en' | 'zh-CN') => (typeof o === 'string' ? o : (o[l] ?? o.en ?? o['zh-CN'] ?? ''));
  return {
    organisation: nameIn(locale),
    organisationIn: { en: nameIn('en'), 'zh-CN': nameIn('zh-CN') },
    ...(raw.email && { email: { ...raw.email } }),
    ...(raw.sms && { sms: { ...raw.sms, templates: Object.fromEntries(Object.entries(raw.sms.templates).filter(([, v]) => v)) } as SmsConfig }),
  };
}
