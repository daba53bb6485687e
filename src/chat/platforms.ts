/** Each chat platform's ids, by name: the deployment's choice (SLACK_* or WECOM_*) picks one. */
import { slackIds } from '../slack/chat-ids';
import { wecomIds } from '../wecom/chat-ids';
import type { ChatIds, ChatPlatform } from './person-id';

export const CHAT_IDS: Record<ChatPlatform, ChatIds> = { slack: slackIds, wecom: wecomIds };
