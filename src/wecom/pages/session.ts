/**
 * Who is looking at Pledge's pages inside WeCom, once WeCom's OAuth said so: a signed cookie
 * holding the member's userid and when it ends. Stateless, so any replica reads it; signed with
 * a key derived from the app's Secret (as csrf.ts derives its key), so nobody can write one for
 * another member. HttpOnly keeps it from scripts; SameSite=Lax lets it ride WeCom's redirect
 * back to the page (a navigation from another site) but not a form posted from another site.
 */
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

export const SESSION_COOKIE = 'pledge_wecom';
/** A working day: long enough not to ask WeCom again between tasks, short enough that a lost phone's session ends. */
export const SESSION_SECONDS = 8 * 3600;

export interface PageSessions {
  /** The cookie's value for `userId`, valid SESSION_SECONDS from `now`. */
  issue(userId: string, now: Date): string;
  /** The member's userid, if `value` is a session we issued and it has not ended. */
  read(value: string | undefined, now: Date): string | undefined;
}

export function pageSessions(secret: string): PageSessions {
  const key = Buffer.from(hkdfSync('sha256', secret, 'pledge', 'wecom page session v1', 32));
  const mac = (user: string, ends: string) => createHmac('sha256', key).update(`${user}\n${ends}`).digest('base64url');
  return {
    issue(userId, now) {
      const user = Buffer.from(userId, 'utf8').toString('base64url');
      const ends = String(Math.floor(now.getTime() / 1000) + SESSION_SECONDS);
      return `${user}.${ends}.${mac(user, ends)}`;
    },
    read(value, now) {
      const [user, ends, given, extra] = (value ?? '').split('.');
      if (!user || !ends || !given || extra !== undefined || !/^\d{1,12}$/.test(ends)) return undefined;
      const want = Buffer.from(mac(user, ends));
      const got = Buffer.from(given);
      if (got.length !== want.length || !timingSafeEqual(got, want)) return undefined;
      if (Number(ends) * 1000 <= now.getTime()) return undefined;
      return Buffer.from(user, 'base64url').toString('utf8') || undefined;
    },
  };
}

export function sessionCookie(value: string, secure: boolean): string {
  return `${SESSION_COOKIE}=${value}; Path=/; Max-Age=${SESSION_SECONDS}; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
}
