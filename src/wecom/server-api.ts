/**
 * The rest of WeCom's server API that Pledge needs beside message/send: updating a clicked
 * card, the group chat and robot messages, and who a member is from WeCom's OAuth code. Thin
 * on purpose: the callers (the adapter, the pages in WeCom) decide what an error means for them.
 */
import { WeComApiError, type WeComApi, type WeComAnswer } from './api-client';
import type { MarkdownMessage, TextMessage } from './messages';

/** WeCom's answer to an OAuth code that is unknown, used or older than five minutes. */
export const INVALID_CODE = 40029;

/**
 * Turns a button_interaction card into its decided state: buttons greyed out with `replaceName`
 * on them. A response code works once and for 72 hours; WeCom refuses it after that.
 */
export function updateCardButtons(api: WeComApi, agentId: number, members: string[], responseCode: string, replaceName: string): Promise<WeComAnswer> {
  return api.post('message/update_template_card', { userids: members, agentid: agentId, response_code: responseCode, button: { replace_name: replaceName } });
}

/** A message to a group chat the app created (应用推送消息, appchat/send). */
export function sendToGroupChat(api: WeComApi, chatId: string, message: TextMessage | MarkdownMessage): Promise<WeComAnswer> {
  return api.post('appchat/send', { chatid: chatId, ...message, safe: 0 });
}

/**
 * The member behind a code from WeCom's OAuth redirect (snsapi_base), or undefined when WeCom
 * does not know the code (forged, used, or expired): the page then asks them to open it again.
 */
export async function memberFromOAuthCode(api: WeComApi, code: string): Promise<string | undefined> {
  try {
    const answer = await api.get('auth/getuserinfo', { code });
    // Someone outside the corp (a WeChat user) gets an openid, not a userid: not a member.
    return typeof answer.userid === 'string' && answer.userid ? answer.userid : undefined;
  } catch (error) {
    if (error instanceof WeComApiError && error.errcode === INVALID_CODE) return undefined;
    throw error;
  }
}

/**
 * A group robot's message (消息推送 webhook/send): keyed by the robot's own key, no access
 * token. WeCom takes 20 a minute per robot and answers 45009 past that.
 */
export async function sendToRobot(apiUrl: string, robotKey: string, message: TextMessage | MarkdownMessage): Promise<void> {
  const url = new URL('webhook/send', apiUrl);
  url.searchParams.set('key', robotKey);
  const response = await fetch(url, { method: 'POST', body: JSON.stringify(message), headers: { 'content-type': 'application/json' }, signal: AbortSignal.timeout(10_000) });
  // The key is the robot's only secret: never in an error message.
  if (!response.ok) throw new Error(`WeCom webhook/send: HTTP ${response.status}`);
  const answer = (await response.json()) as { errcode?: number; errmsg?: string };
  if (answer.errcode) throw new WeComApiError('webhook/send', answer.errcode, String(answer.errmsg ?? ''));
}
