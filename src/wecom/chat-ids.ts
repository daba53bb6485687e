/** WeCom's ids, as its server API documents them (no SDK import, so config can ask). */
import type { ChatIds } from '../chat/person-id';

// 成员UserID: 1-64 bytes of letters, digits and _-@. starting with a letter or digit; case-insensitive.
const USER_ID = /^[A-Za-z0-9][A-Za-z0-9_\-@.]{0,63}$/;
// 群聊 chatid (appchat/create): up to 32 letters and digits.
const CHAT_ID = /^[A-Za-z0-9]{1,32}$/;

export const isWecomUserId = (value: string): boolean => USER_ID.test(value);

export const wecomIds: ChatIds = {
  platform: 'wecom',
  isPersonId: isWecomUserId,
  personIdWords: "a WeCom member's UserID (账号, in the admin console's member details)",
  isChannelId: (value) => CHAT_ID.test(value),
  channelIdWords: 'a WeCom group chat id (chatid: up to 32 letters and digits)',
};
