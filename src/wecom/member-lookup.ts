/**
 * People written as e-mail addresses in pledge.config.yml, found among the WeCom app's members.
 *
 * WeCom allows `@` and `.` in a UserID, so `li.wei@corp.com` may be a member's UserID as well as
 * an address. It is asked as a UserID first (user/get), which costs nothing when it is one; then
 * as an address, the work one (email_type 1, 企业邮箱) before the personal one (2, 个人邮箱).
 * WeCom bars get_userid_by_email for a day once wrong addresses pass 20% of the corp's member
 * limit, so each address is asked at most twice, and only at start-up (config/people.ts asks
 * each distinct address once).
 */
import type { EmailLookup } from '../config/people';
import { WeComApiError, type WeComApi } from './api-client';

/** user/get: no such member (60111), or not a UserID at all (40003). */
const NO_SUCH_USER = new Set([60111, 40003]);
/** get_userid_by_email: no member has this address as that type. */
const NO_SUCH_EMAIL = 46004;

const notFound = (codes: Set<number>) => (error: unknown) => {
  if (error instanceof WeComApiError && codes.has(error.errcode)) return undefined;
  throw error;
};

export function weComMemberLookup(api: WeComApi): EmailLookup {
  return async (email) => {
    const asUserId = await api.get('user/get', { userid: email }).then((a) => String(a.userid ?? email), notFound(NO_SUCH_USER));
    if (asUserId) return asUserId;
    for (const emailType of [1, 2]) {
      const answer = await api.post('user/get_userid_by_email', { email, email_type: emailType }).catch(notFound(new Set([NO_SUCH_EMAIL])));
      if (answer && typeof answer.userid === 'string' && answer.userid) return answer.userid;
    }
    return undefined;
  };
}
