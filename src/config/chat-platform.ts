/**
 * Which chat platform this deployment runs on, from the environment: Slack when SLACK_* is set,
 * WeCom when WECOM_* is. One deployment talks to one platform, so neither or both stops start-up
 * with one line naming the settings, before anything asks for a token it does not need.
 */
import type { ChatPlatform } from '../chat/person-id';
import { ConfigError } from './config-error';
import { weComConfigured } from './wecom-env';

const SLACK_VARIABLES = ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN'] as const;

export const NO_CHAT_PLATFORM =
  'No chat platform is set up: set SLACK_BOT_TOKEN (with SLACK_SIGNING_SECRET or SLACK_APP_TOKEN) to run on Slack, or WECOM_CORP_ID and the other WECOM_* settings to run on WeCom.';

export function chooseChatPlatform(env: NodeJS.ProcessEnv = process.env): ChatPlatform {
  const slack = SLACK_VARIABLES.filter((name) => Boolean(env[name]?.trim()));
  const wecom = weComConfigured(env);
  if (slack.length > 0 && wecom) {
    throw new ConfigError(
      `Both Slack (${slack.join(', ')}) and WeCom (WECOM_*) are set up: one deployment runs on one chat platform, so unset the settings of the one this deployment does not use.`,
    );
  }
  if (wecom) return 'wecom';
  if (slack.length > 0) return 'slack';
  throw new ConfigError(NO_CHAT_PLATFORM);
}
