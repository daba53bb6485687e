/** WeCom's ids, as its server API documents them (no SDK import, so config can ask). */
import type { ChatIds } from '../chat/person-id';
import { CHANNEL_WORDS, destinationProblem, parseDestination } from './group-destination';

// 成员UserID: 1-64 bytes of letters, digits and _-@. starting with a letter or digit; case-insensitive.
const USER_ID = /^[A-Za-z0-9][A-Za-z0-9_\-@.]{0,63}$/;

export const isWecomUserId = (value: string): boolean => USER_ID.test(value);

export const wecomIds: ChatIds = {
  platform: 'wecom',
  isPersonId: isWecomUserId,
  personIdWords: "a WeCom member's UserID (账号, in the admin console's member details)",
  // A group's destination: its group chat's chatid, or robot:<variable> (see group-destination.ts).
  isChannelId: (value) => parseDestination(value) !== undefined,
  channelIdWords: CHANNEL_WORDS,
  channelIdProblem: destinationProblem,
};
