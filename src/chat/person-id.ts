/**
 * People and group channels as the chat platform knows them. Every person in Pledge (filer,
 * handler, leader, the actor of an audit event, a config entry) is one of these ids; which
 * strings are ids is the adapter's to say: Slack's user ids (U…, W…), WeCom's 成员UserID.
 */

/** A person's id on the deployment's chat platform. */
export type PersonId = string;

export const CHAT_PLATFORMS = ['slack', 'wecom'] as const;
export type ChatPlatform = (typeof CHAT_PLATFORMS)[number];

/** What one adapter accepts as ids, and how a config error describes them. */
export interface ChatIds {
  platform: ChatPlatform;
  isPersonId(value: string): boolean;
  /** "a Slack user id (U…)": completes "expected … or an e-mail address". */
  personIdWords: string;
  /** A group's channel: a Slack channel id, a WeCom group chat id. */
  isChannelId(value: string): boolean;
  /** How to find a channel id, for a config error. */
  channelIdWords: string;
  /** The config error for a value that is not a channel id, where the platform says more than channelIdWords (never echoing a secret). */
  channelIdProblem?(value: string): string | undefined;
}
