import { z } from 'zod';
import { KEY_ID, parseKeyMaterial, type DataKey } from '../crypto/keyring';
import type { ChatPlatform } from '../chat/person-id';
import { ConfigError } from './config-error';
import { weComConfigured, weComProblems, type WeComEnv } from './wecom-env';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export type SlackMode = 'http' | 'socket';

export interface SlackEnv {
  botToken: string;
  signingSecret?: string;
  appToken?: string;
  /** Always ends with '/', because Bolt's client appends method names to it. */
  apiUrl?: string;
  mode: SlackMode;
}

/** On a server, `migrationUrl` is the tables' owner, for migrations; `url` may then be a role that owns nothing. */
export type DatabaseEnv = { kind: 'embedded'; dataDir: string } | { kind: 'server'; url: string; migrationUrl?: string };

/** Keys for personal data at rest (src/crypto). `current` seals; `old` only opens, during a rotation. */
export interface DataKeyEnv {
  current?: DataKey;
  old: DataKey[];
}

export interface Env {
  /** On Slack only: a WeCom deployment needs no SLACK_* at all. */
  slack?: SlackEnv;
  /** On WeCom only. */
  wecom?: WeComEnv;
  port: number;
  database: DatabaseEnv;
  configPath: string;
  logLevel: LogLevel;
  dataKeys: DataKeyEnv;
  /** PLEDGE_PUBLIC_URL: where complainants reach Pledge's pages; links sent to them start with it. */
  publicUrl?: URL;
  /** Secrets of the complainant channels (pledge.config.yml `reach:` says which are used). */
  reachSecrets: ReachSecrets;
}

export interface ReachSecrets {
  smtpPassword?: string;
  smsSecretId?: string;
  smsSecretKey?: string;
}

const VARIABLES = [
  'SLACK_BOT_TOKEN',
  'SLACK_SIGNING_SECRET',
  'SLACK_APP_TOKEN',
  'SLACK_API_URL',
  'PORT',
  'DATABASE_URL',
  'DATABASE_MIGRATION_URL',
  'PLEDGE_DATA_DIR',
  'PLEDGE_CONFIG',
  'LOG_LEVEL',
  'PLEDGE_DATA_KEY',
  'PLEDGE_DATA_KEY_ID',
  'PLEDGE_DATA_KEYS_OLD',
  'PLEDGE_PUBLIC_URL',
  'PLEDGE_SMTP_PASSWORD',
  'PLEDGE_SMS_SECRET_ID',
  'PLEDGE_SMS_SECRET_KEY',
] as const;

const MISSING_BOT_TOKEN =
  'SLACK_BOT_TOKEN is not set. Create the Slack app from manifest.yml (api.slack.com/apps -> Create New App -> From a manifest), install it, and copy the Bot User OAuth Token (xoxb-...).';
const MISSING_SIGNING_SECRET =
  'SLACK_SIGNING_SECRET is not set. Copy it from your Slack app\'s Basic Information -> Signing Secret, or set SLACK_APP_TOKEN for Socket Mode.';

const MIGRATION_URL_ALONE =
  'DATABASE_MIGRATION_URL is set but DATABASE_URL is not: the migration URL is for a PostgreSQL server, beside the URL Pledge itself connects with.';

/** Tokens are secrets: an error message shows only their (non-secret) prefix. */
const prefixOf = (value: unknown) => JSON.stringify(String(value).slice(0, 5));

/** Database URLs carry passwords: show the URL with the password masked, or nothing. */
function maskUrl(value: string): string {
  try {
    const url = new URL(value);
    if (url.password) url.password = '***';
    return JSON.stringify(url.toString());
  } catch {
    return 'a value that is not a URL';
  }
}

function httpUrl(value: string): URL | undefined {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

/** Read only on Slack. */
const slackSchema = z.object({
  SLACK_BOT_TOKEN: z.string({ error: MISSING_BOT_TOKEN }).refine((v) => v.startsWith('xoxb-'), {
    error: (iss) =>
      `SLACK_BOT_TOKEN must be the Bot User OAuth Token, which starts with "xoxb-" (got one starting with ${prefixOf(iss.input)}).`,
  }),
  SLACK_SIGNING_SECRET: z.string().optional(),
  SLACK_APP_TOKEN: z
    .string()
    .refine((v) => v.startsWith('xapp-'), {
      error: (iss) =>
        `SLACK_APP_TOKEN must be an app-level token with the connections:write scope, which starts with "xapp-" (got one starting with ${prefixOf(iss.input)}).`,
    })
    .optional(),
  SLACK_API_URL: z
    .string()
    .refine((v) => httpUrl(v) !== undefined, {
      error: (iss) => `SLACK_API_URL must be an http(s) URL such as https://slack.com/api/ (got ${JSON.stringify(iss.input)}).`,
    })
    .transform((v) => (v.endsWith('/') ? v : `${v}/`))
    .optional(),
});

/** What every deployment reads, whichever its chat platform. */
const schema = z.object({
  PORT: z
    .string()
    .default('3000')
    .refine((v) => /^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 65535, {
      error: (iss) => `PORT must be a whole number from 1 to 65535 (got ${JSON.stringify(iss.input)}).`,
    })
    .transform(Number),
  DATABASE_URL: z
    .string()
    .refine((v) => /^postgres(ql)?:\/\//.test(v), {
      error: (iss) =>
        `DATABASE_URL must be a PostgreSQL URL starting with postgresql:// or postgres:// (got ${maskUrl(String(iss.input))}); leave it unset to use the embedded database.`,
    })
    .optional(),
  DATABASE_MIGRATION_URL: z
    .string()
    .refine((v) => /^postgres(ql)?:\/\//.test(v), {
      error: (iss) =>
        `DATABASE_MIGRATION_URL must be a PostgreSQL URL starting with postgresql:// or postgres:// (got ${maskUrl(String(iss.input))}): the role that owns Pledge's tables, for migrations.`,
    })
    .optional(),
  PLEDGE_DATA_DIR: z.string().default('./data'),
  PLEDGE_CONFIG: z.string().default('./pledge.config.yml'),
  LOG_LEVEL: z
    .string()
    .default('info')
    .transform((v) => v.toLowerCase())
    .pipe(
      z.enum(LOG_LEVELS, {
        error: (iss) => `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got ${JSON.stringify(iss.input)}).`,
      }),
    ),
  PLEDGE_PUBLIC_URL: z
    .string()
    .refine((v) => publicBase(v) !== undefined, {
      error: (iss) =>
        `PLEDGE_PUBLIC_URL must be the http(s) address complainants reach Pledge at, such as https://pledge.example.com (no query or #fragment; got ${maskUrl(String(iss.input))}).`,
    })
    .transform((v) => publicBase(v)!)
    .optional(),
});

/** The base of complainants' links: http(s), no credentials, query or fragment; the path keeps a trailing '/'. */
function publicBase(value: string): URL | undefined {
  const url = httpUrl(value);
  if (!url || url.username || url.password || url.search || url.hash || value.includes('?') || value.includes('#')) return undefined;
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url;
}

/** A Slack deployment's environment. */
export type SlackDeploymentEnv = Env & { slack: SlackEnv };
/** A WeCom deployment's environment. */
export type WeComDeploymentEnv = Env & { wecom: WeComEnv };

/**
 * Reads and checks the environment for the deployment's chat platform (config chooseChatPlatform):
 * SLACK_* on Slack, WECOM_* on WeCom (where no SLACK_* is asked for), and what both share. This
 * module and wecom-env.ts are the project's only readers of process.env; everything else receives
 * the returned Env. Throws ConfigError listing every bad variable, one per line.
 */
export function loadEnv(env?: NodeJS.ProcessEnv, platform?: 'slack'): SlackDeploymentEnv;
export function loadEnv(env: NodeJS.ProcessEnv | undefined, platform: 'wecom'): WeComDeploymentEnv;
export function loadEnv(env?: NodeJS.ProcessEnv, platform?: ChatPlatform): Env;
export function loadEnv(env: NodeJS.ProcessEnv = process.env, platform: ChatPlatform = 'slack'): Env {
  // Blank means unset: `DATABASE_URL=` in a .env file should pick the default, and
  // stray whitespace from copy-pasting a token would otherwise fail as invalid_auth.
  const input: Partial<Record<(typeof VARIABLES)[number], string>> = {};
  for (const name of VARIABLES) {
    const value = env[name]?.trim();
    if (value) input[name] = value;
  }

  const problems: string[] = [];
  const issues = (result: z.ZodSafeParseResult<unknown>) => {
    if (result.success) return;
    for (const issue of result.error.issues) {
      const name = String(issue.path[0] ?? '');
      problems.push(issue.message.startsWith(name) ? issue.message : `${name}: ${issue.message}`);
    }
  };
  // The platform's own settings first, as before: an operator reads the chat app's lines together.
  const slackParsed = platform === 'slack' ? slackSchema.safeParse(input) : undefined;
  if (slackParsed) issues(slackParsed);
  const wecom = platform === 'wecom' ? weComProblems(env) : undefined;
  if (wecom) problems.push(...wecom.problems);
  const parsed = schema.safeParse(input);
  issues(parsed);
  // Bolt verifies HTTP requests with the signing secret; Socket Mode has no HTTP requests to verify.
  if (platform === 'slack' && !input.SLACK_SIGNING_SECRET && !input.SLACK_APP_TOKEN) problems.push(MISSING_SIGNING_SECRET);
  if (input.DATABASE_MIGRATION_URL && !input.DATABASE_URL) problems.push(MIGRATION_URL_ALONE);
  const dataKeys = readDataKeys(input);
  problems.push(...dataKeys.problems);
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);

  const v = parsed.data;
  const s = slackParsed?.success ? slackParsed.data : undefined;
  return {
    ...(s && {
      slack: {
        botToken: s.SLACK_BOT_TOKEN,
        ...(s.SLACK_SIGNING_SECRET && { signingSecret: s.SLACK_SIGNING_SECRET }),
        ...(s.SLACK_APP_TOKEN && { appToken: s.SLACK_APP_TOKEN }),
        ...(s.SLACK_API_URL && { apiUrl: s.SLACK_API_URL }),
        mode: s.SLACK_APP_TOKEN ? ('socket' as const) : ('http' as const),
      },
    }),
    ...(wecom?.env && { wecom: wecom.env }),
    port: v.PORT,
    database: v.DATABASE_URL
      ? { kind: 'server', url: v.DATABASE_URL, ...(v.DATABASE_MIGRATION_URL && { migrationUrl: v.DATABASE_MIGRATION_URL }) }
      : { kind: 'embedded', dataDir: v.PLEDGE_DATA_DIR },
    configPath: v.PLEDGE_CONFIG,
    logLevel: v.LOG_LEVEL,
    dataKeys: dataKeys.keys,
    ...(v.PLEDGE_PUBLIC_URL && { publicUrl: v.PLEDGE_PUBLIC_URL }),
    reachSecrets: {
      ...(input.PLEDGE_SMTP_PASSWORD && { smtpPassword: input.PLEDGE_SMTP_PASSWORD }),
      ...(input.PLEDGE_SMS_SECRET_ID && { smsSecretId: input.PLEDGE_SMS_SECRET_ID }),
      ...(input.PLEDGE_SMS_SECRET_KEY && { smsSecretKey: input.PLEDGE_SMS_SECRET_KEY }),
    },
  };
}

/**
 * Only the database settings, for commands that never talk to Slack (`pledge migrate`,
 * `pledge outbox`): they should not demand Slack tokens.
 */
export function loadDatabaseEnv(env: NodeJS.ProcessEnv = process.env): DatabaseEnv {
  const url = env.DATABASE_URL?.trim();
  const migrationUrl = env.DATABASE_MIGRATION_URL?.trim();
  if (url) {
    const problems = [schema.shape.DATABASE_URL.safeParse(url), schema.shape.DATABASE_MIGRATION_URL.safeParse(migrationUrl || undefined)].flatMap((p) =>
      p.success ? [] : p.error.issues.map((i) => i.message),
    );
    if (problems.length) throw new ConfigError(problems);
    return { kind: 'server', url, ...(migrationUrl ? { migrationUrl } : {}) };
  }
  if (migrationUrl) throw new ConfigError([MIGRATION_URL_ALONE]);
  return { kind: 'embedded', dataDir: env.PLEDGE_DATA_DIR?.trim() || './data' };
}

/**
 * What a command-line tool needs: the database, the configuration file and its platform (WeCom
 * when any WECOM_* is set, else Slack, whose ids the file then holds), and (only to look up
 * people written as e-mails) the platform's settings, if set.
 */
export function loadToolEnv(env: NodeJS.ProcessEnv = process.env): {
  database: DatabaseEnv;
  configPath: string;
  platform: ChatPlatform;
  slack?: { botToken: string; apiUrl?: string };
  wecom?: WeComEnv;
} {
  const token = env.SLACK_BOT_TOKEN?.trim();
  const apiUrl = env.SLACK_API_URL?.trim();
  const wecom = weComConfigured(env);
  // Incomplete WeCom settings are no reason to refuse a sweep; only an e-mail lookup needs them.
  const wecomEnv = wecom ? weComProblems(env).env : undefined;
  return {
    database: loadDatabaseEnv(env),
    configPath: env.PLEDGE_CONFIG?.trim() || './pledge.config.yml',
    platform: wecom ? 'wecom' : 'slack',
    ...(!wecom && token ? { slack: { botToken: token, ...(apiUrl ? { apiUrl: apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/` } : {}) } } : {}),
    ...(wecomEnv && { wecom: wecomEnv }),
  };
}

const KEY_HELP = 'generate one with `openssl rand -base64 32`';

/**
 * PLEDGE_DATA_KEY (32 bytes, base64 or 64 hex characters), PLEDGE_DATA_KEY_ID (default k1) and
 * PLEDGE_DATA_KEYS_OLD ("id:key,id:key", keys being rotated out). Keys are secrets: a message
 * says what is wrong with one (its length), never what it is.
 */
function readDataKeys(input: Partial<Record<(typeof VARIABLES)[number], string>>): { keys: DataKeyEnv; problems: string[] } {
  const problems: string[] = [];
  const id = input.PLEDGE_DATA_KEY_ID ?? 'k1';
  if (!KEY_ID.test(id)) problems.push(`PLEDGE_DATA_KEY_ID must be 1 to 32 letters, digits, - or _ (got ${JSON.stringify(id.slice(0, 40))}).`);
  let current: DataKey | undefined;
  if (input.PLEDGE_DATA_KEY !== undefined) {
    const key = parseKeyMaterial(input.PLEDGE_DATA_KEY);
    if (key) current = { id, key };
    else problems.push(`PLEDGE_DATA_KEY must be 32 random bytes written as base64 (44 characters) or as 64 hex characters; ${KEY_HELP} (got ${input.PLEDGE_DATA_KEY.length} characters).`);
  } else if (input.PLEDGE_DATA_KEY_ID !== undefined) {
    problems.push('PLEDGE_DATA_KEY_ID is set but PLEDGE_DATA_KEY is not: set both, or neither.');
  }
  const old: DataKey[] = [];
  for (const [i, entry] of (input.PLEDGE_DATA_KEYS_OLD ?? '').split(',').map((e) => e.trim()).filter(Boolean).entries()) {
    const colon = entry.indexOf(':');
    const oldId = colon > 0 ? entry.slice(0, colon).trim() : '';
    const key = colon > 0 ? parseKeyMaterial(entry.slice(colon + 1)) : undefined;
    if (!KEY_ID.test(oldId) || !key) {
      problems.push(`PLEDGE_DATA_KEYS_OLD entry ${i + 1} must be "<id>:<key>" with the key as base64 or 64 hex characters, entries separated by commas.`);
    } else if (oldId === id || old.some((k) => k.id === oldId)) {
      problems.push(`PLEDGE_DATA_KEYS_OLD names key id "${oldId}" again: each key id may appear once (the current one is "${id}").`);
    } else old.push({ id: oldId, key });
  }
  return { keys: { ...(current && { current }), old }, problems };
}

/** Only the data keys, for commands that never talk to Slack (`pledge keys rotate`, `pledge retention erase`). */
export function loadDataKeyEnv(env: NodeJS.ProcessEnv = process.env): DataKeyEnv {
  const input: Partial<Record<(typeof VARIABLES)[number], string>> = {};
  for (const name of ['PLEDGE_DATA_KEY', 'PLEDGE_DATA_KEY_ID', 'PLEDGE_DATA_KEYS_OLD'] as const) {
    const value = env[name]?.trim();
    if (value) input[name] = value;
  }
  const { keys, problems } = readDataKeys(input);
  if (problems.length > 0) throw new ConfigError(problems);
  return keys;
}
