/**
 * CSRF tokens for the complaint page's forms: a signed double submit. The browser holds a random
 * nonce in an HttpOnly, SameSite=Strict cookie; each form carries HMAC(key, nonce, link). A post
 * is taken only when both arrive and match, so another site can neither send the cookie (SameSite)
 * nor compute the field (it never sees the nonce or the key). Stateless: any replica checks it.
 */
import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';

export const CSRF_COOKIE = 'pledge_csrf';
export const CSRF_FIELD = 'csrf';

export interface Csrf {
  newNonce(): string;
  token(nonce: string, linkId: string): string;
  check(nonce: string | undefined, linkId: string, token: string | undefined): boolean;
}

/** `secret` is a deployment secret (the bot token, as for sealed modal metadata); the key is derived for this use only. */
export function csrfTokens(secret: string): Csrf {
  const key = Buffer.from(hkdfSync('sha256', secret, 'pledge', 'complaint page csrf v1', 32));
  const token = (nonce: string, linkId: string) => createHmac('sha256', key).update(`${nonce}\n${linkId}`).digest('base64url');
  return {
    newNonce: () => randomBytes(24).toString('base64url'),
    token,
    check(nonce, linkId, given) {
      if (!nonce || !given || !/^[A-Za-z0-9_-]{32}$/.test(nonce)) return false;
      const want = Buffer.from(token(nonce, linkId));
      const got = Buffer.from(given);
      return got.length === want.length && timingSafeEqual(got, want);
    },
  };
}

export function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
