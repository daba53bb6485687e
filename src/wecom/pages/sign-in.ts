/**
 * WeCom's web sign-in (网页授权, snsapi_base): WeCom's authorize page sends the member back to
 * the page with a one-time `code`, which auth/getuserinfo turns into their userid. A code works
 * once and for five minutes (WeCom's rule, errcode 40029 otherwise); someone outside the
 * organisation gets an openid and no userid, and is not a member Pledge knows.
 */
import { WeComApiError, type WeComApi } from '../api-client';

export const INVALID_CODE = 40029;

export type SignIn =
  | { ok: true; userId: string }
  /** Unknown, used or expired: the member opens the page again and WeCom issues a new one. */
  | { ok: false; why: 'code' }
  /** Not a member of the organisation (an openid only). */
  | { ok: false; why: 'outsider' }
  /** WeCom did not answer as it should (down, or the app's settings are wrong): nothing is known. */
  | { ok: false; why: 'wecom' };

/** A code as WeCom issues it: letters and digits (32 or so); anything else is not worth a call. */
const CODE = /^[A-Za-z0-9_-]{1,128}$/;

export async function exchangeCode(api: Pick<WeComApi, 'get'>, code: string): Promise<SignIn> {
  if (!CODE.test(code)) return { ok: false, why: 'code' };
  try {
    const answer = await api.get('auth/getuserinfo', { code });
    // WeCom has answered `UserId` in older versions of this call and `userid` in newer ones.
    const userId = answer.userid ?? answer.UserId;
    if (typeof userId === 'string' && userId) return { ok: true, userId };
    return { ok: false, why: 'outsider' };
  } catch (error) {
    if (error instanceof WeComApiError && error.errcode === INVALID_CODE) return { ok: false, why: 'code' };
    throw error;
  }
}
