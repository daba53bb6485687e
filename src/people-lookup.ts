/**
 * How people written as e-mails in pledge.config.yml are found at start, on the deployment's
 * platform: Slack's users.lookupByEmail. (A composition-root helper: config itself never loads a
 * platform's SDK.)
 */
import { WebClient } from '@slack/web-api';
import type { Clock } from './clock';
import type { EmailLookup, Env } from './config';

export function peopleLookup(env: Pick<Env, 'slack' | 'wecom'>, _clock: Clock): EmailLookup {
  if (env.slack) {
    const client = new WebClient(env.slack.botToken, env.slack.apiUrl ? { slackApiUrl: env.slack.apiUrl } : {});
    return (email) =>
      client.users.lookupByEmail({ email }).then(
        (r) => r.user?.id,
        (e: { data?: { error?: string } }) => (e.data?.error === 'users_not_found' ? undefined : Promise.reject(e)),
      );
  }
  // On WeCom an e-mail-shaped entry is a UserID (WeCom allows @ and . in one): nothing to look up.
  return async () => undefined;
}
