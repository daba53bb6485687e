/**
 * What a Pledge on Slack runs on: the Bolt app and the dispatcher's Slack adapter. createPledge
 * imports this module only where Slack is the platform, so a WeCom deployment never loads Bolt
 * or Slack's Web API (issue 15, point 4: memory at rest).
 */
import { WebClient } from '@slack/web-api';
import type { SlackEnv } from '../config';
import type { Locale } from '../i18n';
import { SlackChat } from './chat-port';

export { createSlackApp } from './app';

/**
 * The dispatcher's Slack adapter on its own client: rate limits (429 Retry-After) are waited out
 * by @slack/web-api; what still fails after a few quick retries goes back to the outbox's longer
 * backoff. `pause` shortens the quick retries' pauses (tests), keeping their number.
 */
export function slackChat(
  slack: SlackEnv,
  pause: { minTimeout: number; maxTimeout: number } | undefined,
  locale: Locale,
  timeZone: string,
  timeZoneOf: (groupId: string) => string,
): SlackChat {
  const client = new WebClient(slack.botToken, {
    ...(slack.apiUrl ? { slackApiUrl: slack.apiUrl } : {}),
    retryConfig: { ...SLACK_RETRY, ...pause },
  });
  return new SlackChat(client, locale, timeZone, timeZoneOf);
}

const SLACK_RETRY = { retries: 2, factor: 2, minTimeout: 200, maxTimeout: 2_000 };
