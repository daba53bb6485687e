/**
 * The WeCom (企业微信) self-built app's settings, from the environment: what the app's admin page
 * shows (企业ID, AgentId, Secret) and what its "receive messages" page was given (Token,
 * EncodingAESKey). Secrets are never echoed back: a message says what is wrong (length, letters),
 * never the value. Choosing between Slack and WeCom is the composition root's business;
 * `weComConfigured` tells it whether any WECOM_* variable is set.
 */
import { z } from 'zod';
import { ConfigError } from './config-error';

export interface WeComEnv {
  corpId: string;
  agentId: number;
  secret: string;
  /** The callback's Token: signs every callback with SHA-1. */
  token: string;
  /** The callback's EncodingAESKey: 43 characters, the base64 of the AES-256 key without its '='. */
  encodingAesKey: string;
  /** The server API's base, ending in '/': WeCom's own unless tests or demos point it at a stand-in. */
  apiUrl: string;
  /** false (WECOM_MENU=off): the app's menu is the admin console's; otherwise Pledge sets it at start-up. */
  menu?: false;
}

export const WECOM_API_URL = 'https://qyapi.weixin.qq.com/cgi-bin/';

const VARIABLES = ['WECOM_CORP_ID', 'WECOM_AGENT_ID', 'WECOM_SECRET', 'WECOM_TOKEN', 'WECOM_ENCODING_AES_KEY', 'WECOM_API_URL'] as const;
type Variable = (typeof VARIABLES)[number];

const APP_PAGE = 'WeCom admin console (work.weixin.qq.com) -> 应用管理 -> your app';

const required = (name: string, where: string) => ({ error: (iss: { input: unknown }) => (iss.input === undefined ? `${name} is not set. ${where}` : `${name} is not valid.`) });

const schema = z.object({
  WECOM_CORP_ID: z.string(required('WECOM_CORP_ID', 'Copy the 企业ID from the WeCom admin console -> 我的企业 -> 企业信息 (it starts with "ww").')).refine((v) => /^[A-Za-z0-9]{6,64}$/.test(v), {
    error: (iss) => `WECOM_CORP_ID must be the 企业ID, letters and digits such as ww0123456789abcdef (got ${JSON.stringify(String(iss.input).slice(0, 70))}).`,
  }),
  WECOM_AGENT_ID: z
    .string(required('WECOM_AGENT_ID', `Copy the AgentId from the ${APP_PAGE}.`))
    .refine((v) => /^\d{1,10}$/.test(v) && Number(v) > 0 && Number(v) < 2 ** 31, {
      error: (iss) => `WECOM_AGENT_ID must be the app's AgentId, a whole number such as 1000002 (got ${JSON.stringify(String(iss.input).slice(0, 20))}).`,
    })
    .transform(Number),
  WECOM_SECRET: z.string(required('WECOM_SECRET', `Copy the Secret from the ${APP_PAGE} (查看 Secret sends it to the admin in WeCom).`)).refine((v) => /^[\w-]{16,128}$/.test(v), {
    error: (iss) => `WECOM_SECRET must be the app's Secret, 16 to 128 letters, digits, - or _ (got ${String(iss.input).length} characters).`,
  }),
  WECOM_TOKEN: z.string(required('WECOM_TOKEN', `Copy the Token from the ${APP_PAGE} -> 接收消息 -> 设置API接收.`)).refine((v) => /^[A-Za-z0-9]{1,32}$/.test(v), {
    error: (iss) => `WECOM_TOKEN must be the callback Token, 1 to 32 letters and digits as WeCom generates it (got ${String(iss.input).length} characters).`,
  }),
  WECOM_ENCODING_AES_KEY: z.string(required('WECOM_ENCODING_AES_KEY', `Copy the EncodingAESKey from the ${APP_PAGE} -> 接收消息 -> 设置API接收.`)).refine(isEncodingAesKey, {
    error: (iss) => `WECOM_ENCODING_AES_KEY must be the callback EncodingAESKey, exactly 43 letters and digits (got ${String(iss.input).length} characters).`,
  }),
  WECOM_API_URL: z
    .string()
    .refine((v) => /^https?:\/\/[^\s?#]+$/.test(v), {
      error: (iss) => `WECOM_API_URL must be an http(s) URL such as ${WECOM_API_URL} (got ${JSON.stringify(String(iss.input).slice(0, 100))}).`,
    })
    .transform((v) => (v.endsWith('/') ? v : `${v}/`))
    .default(WECOM_API_URL),
});

/** 43 base64 characters that, with the '=' WeCom leaves off, decode to the 32 bytes of an AES-256 key. */
function isEncodingAesKey(value: string): boolean {
  return /^[A-Za-z0-9+/]{43}$/.test(value) && Buffer.from(`${value}=`, 'base64').length === 32;
}

/** True when the environment sets any WECOM_* variable: the deployment means to run on WeCom. */
export function weComConfigured(env: NodeJS.ProcessEnv = process.env): boolean {
  return VARIABLES.some((name) => Boolean(env[name]?.trim()));
}

/**
 * Reads and checks the WeCom settings. Throws ConfigError with one line per bad or missing
 * variable, so an operator fixes them all in one pass.
 */
export function loadWeComEnv(env: NodeJS.ProcessEnv = process.env): WeComEnv {
  const read = weComProblems(env);
  if (!read.env) throw new ConfigError(read.problems);
  return read.env;
}

/** The WeCom settings, or one line per bad or missing variable (loadEnv joins them with its own). */
export function weComProblems(env: NodeJS.ProcessEnv): { env?: WeComEnv; problems: string[] } {
  // Blank means unset, and stray whitespace from copy-pasting a secret is not part of it.
  const input: Partial<Record<Variable, string>> = {};
  for (const name of VARIABLES) {
    const value = env[name]?.trim();
    if (value) input[name] = value;
  }
  const parsed = schema.safeParse(input);
  // Not one of VARIABLES: on its own it does not make the deployment a WeCom one.
  const menu = env.WECOM_MENU?.trim().toLowerCase() ?? '';
  const menuProblems = ['', 'on', 'off'].includes(menu) ? [] : [`WECOM_MENU must be on or off (got ${JSON.stringify(String(env.WECOM_MENU).trim().slice(0, 20))}).`];
  if (!parsed.success) {
    return {
      problems: [
        ...parsed.error.issues.map((issue) => {
          const name = String(issue.path[0] ?? '');
          return issue.message.startsWith(name) ? issue.message : `${name}: ${issue.message}`;
        }),
        ...menuProblems,
      ],
    };
  }
  if (menuProblems.length) return { problems: menuProblems };
  const v = parsed.data;
  const settings: WeComEnv = { corpId: v.WECOM_CORP_ID, agentId: v.WECOM_AGENT_ID, secret: v.WECOM_SECRET, token: v.WECOM_TOKEN, encodingAesKey: v.WECOM_ENCODING_AES_KEY, apiUrl: v.WECOM_API_URL };
  return { env: menu === 'off' ? { ...settings, menu: false } : settings, problems: [] };
}
