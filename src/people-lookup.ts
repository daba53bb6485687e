/**
 * How people written as e-mails in pledge.config.yml are found at start, on the deployment's
 * platform: Slack's users.lookupByEmail, or WeCom's members (wecom/member-lookup.ts). (A
 * composition-root helper: config itself never loads a platform's SDK.) Slack's SDK is loaded at
 * the first e-mail to look up: a config of user ids, a CLI command and a refused start need none.
 */
import type { WebClient } from '@slack/web-api';
import type { Clock } from './clock';
import type { EmailLookup, WeComEnv } from './config';
import { WeComApi } from './wecom/api-client';
import { weComMemberLookup } from './wecom/member-lookup';

export function peopleLookup(env: { slack?: { botToken: string; apiUrl?: string }; wecom?: WeComEnv }, clock: Clock): EmailLookup {
  if (env.slack) {
    const { botToken, apiUrl } = env.slack;
    let client: Promise<WebClient> | undefined;
    return async (email) => {
      client ??= import('@slack/web-api').then(({ WebClient }) => new WebClient(botToken, apiUrl ? { slackApiUrl: apiUrl } : {}));
      return (await client).users.lookupByEmail({ email }).then(
        (r) => r.user?.id,
        (e: { data?: { error?: string } }) => (e.data?.error === 'users_not_found' ? undefined : Promise.reject(e)),
      );
    };
  }
  if (env.wecom) {
    const { corpId, secret, apiUrl } = env.wecom;
    return weComMemberLookup(new WeComApi({ corpId, secret, apiUrl, clock }));
  }
  throw new Error('peopleLookup needs Slack or WeCom settings');
}
