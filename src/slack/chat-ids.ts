/** Slack's ids (no @slack import: config and services ask without loading Slack's SDK). */
import type { ChatIds } from '../chat/person-id';

// U for ordinary users, W for Enterprise Grid users.
const USER_ID = /^[UW][A-Z0-9]{2,}$/;

export const isSlackUserId = (value: string): boolean => USER_ID.test(value);

export const slackIds: ChatIds = {
  platform: 'slack',
  isPersonId: isSlackUserId,
  personIdWords: 'a Slack user id (U…)',
  isChannelId: (value) => /^[CG][A-Z0-9]{2,}$/.test(value),
  channelIdWords: "a Slack channel id (C… or G…; in Slack, open the channel's details to copy it)",
};
