/**
 * Where a group's WeCom messages go, as its `channel` in pledge.config.yml names it:
 * - a group chat the app sends to (应用推送消息, appchat/send): its chatid, as appchat/create
 *   returned it, e.g. `channel: wrkSFfCgAAxxxx`;
 * - the group's robot (群机器人 / 消息推送, webhook/send): `channel: robot:WECOM_ROBOT_BILLING`,
 *   the name of an environment variable that holds the robot's webhook address or key. The key
 *   is the robot's only credential (whoever has it posts to the group), so it stays out of the
 *   file, which is often committed, and out of every message Pledge writes.
 */
import { createHash } from 'node:crypto';

export const ROBOT_PREFIX = 'robot:';

// 群聊 chatid (appchat/create): up to 32 letters and digits.
const CHAT_ID = /^[A-Za-z0-9]{1,32}$/;
// An environment variable's name, as shells write them.
const VARIABLE = /^[A-Z][A-Z0-9_]{0,99}$/;
// A robot's key as WeCom issues it (a UUID), or anything quoting a webhook address.
const LOOKS_LIKE_KEY = /[0-9a-z]{8}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{12}|webhook|key=/i;

export type GroupDestination = { kind: 'appchat'; chatId: string } | { kind: 'robot'; variable: string };

/** The destination a `channel` value names, or undefined when it names none. */
export function parseDestination(channel: string): GroupDestination | undefined {
  if (channel.startsWith(ROBOT_PREFIX)) {
    const variable = channel.slice(ROBOT_PREFIX.length);
    return VARIABLE.test(variable) ? { kind: 'robot', variable } : undefined;
  }
  return CHAT_ID.test(channel) ? { kind: 'appchat', chatId: channel } : undefined;
}

export const CHANNEL_WORDS =
  'a WeCom group chat id (chatid: up to 32 letters and digits) or robot:<environment variable> naming the variable that holds the group robot\'s webhook address, such as robot:WECOM_ROBOT_BILLING';

/** What is wrong with a `channel` value, without repeating a robot key someone pasted into it. */
export function destinationProblem(channel: string): string | undefined {
  if (parseDestination(channel)) return undefined;
  if (LOOKS_LIKE_KEY.test(channel)) {
    return "must not hold a group robot's webhook address or key, which lets anyone post to the group: set it in an environment variable (such as WECOM_ROBOT_BILLING) and write robot:WECOM_ROBOT_BILLING here";
  }
  return `expected ${CHANNEL_WORDS}, got ${JSON.stringify(channel)}`;
}

/** The robot's key from what its variable holds: the webhook address WeCom shows, or the key alone. */
export function robotKeyFrom(value: string): string | undefined {
  const text = value.trim();
  let key = text;
  if (/^https?:\/\//.test(text)) {
    try {
      key = new URL(text).searchParams.get('key') ?? '';
    } catch {
      return undefined;
    }
  }
  return /^[A-Za-z0-9-]{8,128}$/.test(key) ? key : undefined;
}

/**
 * The robot's name in the send-slot table and in logs: a digest of its key, so two variables
 * holding the same robot share its 20 messages a minute, and the key itself is stored nowhere.
 */
export function robotSlotName(key: string): string {
  return `robot:${createHash('sha256').update(key).digest('hex').slice(0, 24)}`;
}
