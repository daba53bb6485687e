/**
 * What every page inside WeCom shares: rendering with the complaint pages' layout and headers,
 * refusals as a page of words, the CSRF token (csrf.ts, scoped to the signed-in member), and
 * the way back to the other pages. Links are relative, so they work under any prefix a proxy adds.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from '../../clock';
import type { Locale } from '../../i18n';
import type { Services } from '../../services';
import { cookieValue, CSRF_COOKIE, CSRF_FIELD, type Csrf } from '../../web/csrf';
import { helpers, PAGE_HEADERS, render, type WeComView } from '../../web/render';
import type { AppLinkSettings, AppPage } from '../app-links';

export interface PagesOptions {
  services: Services;
  links: AppLinkSettings;
  csrf: Csrf;
  clock: Clock;
  locale: Locale;
  timeZone: string;
  timeZoneOf(groupId: string): string;
  secureCookies: boolean;
  /** Shared with App Home: the calendars' warnings, shown to supervisors on 我的投诉. */
  calendarWarnings?: string[];
  log(level: 'info' | 'warn' | 'error', message: string): void;
}

/** One request to a page, from a member WeCom vouched for. */
export interface PageRequest {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  userId: string;
  target: AppPage;
  /** From this page to APP_PREFIX: '' for file and mine, '../' for a complaint, '../../' for a step. */
  root: string;
}

export type Notice = { titleKey: string; textKey: string; params?: Record<string, string | number>; back?: string; backKey?: string };

export function pageKit(o: PagesOptions) {
  const h = (timeZone = o.timeZone) => helpers(o.locale, timeZone);
  const scope = (userId: string) => `wecom:${userId}`;
  return {
    h,
    show(p: Pick<PageRequest, 'res'>, status: number, view: WeComView, data: Record<string, unknown>, headers: Record<string, string | string[]> = {}, timeZone?: string) {
      p.res.writeHead(status, { ...PAGE_HEADERS, ...headers });
      p.res.end(render(view, { h: h(timeZone), ...data }));
    },
    notice(res: ServerResponse, status: number, n: Notice, headers: Record<string, string | string[]> = {}) {
      res.writeHead(status, { ...PAGE_HEADERS, ...headers });
      res.end(render('wecom-notice', { h: h(), ...n }));
    },
    /** The member's CSRF token for a form; sets the nonce cookie when the browser has none yet. */
    csrfFor(p: Pick<PageRequest, 'req' | 'userId'>, headers: Record<string, string | string[]>): string {
      let nonce = cookieValue(p.req.headers.cookie, CSRF_COOKIE);
      if (!nonce || !/^[A-Za-z0-9_-]{32}$/.test(nonce)) {
        nonce = o.csrf.newNonce();
        headers['set-cookie'] = [`${CSRF_COOKIE}=${nonce}; Path=/; HttpOnly; SameSite=Strict${o.secureCookies ? '; Secure' : ''}`];
      }
      return o.csrf.token(nonce, scope(p.userId));
    },
    csrfOk(p: Pick<PageRequest, 'req' | 'userId'>, fields: URLSearchParams): boolean {
      return o.csrf.check(cookieValue(p.req.headers.cookie, CSRF_COOKIE), scope(p.userId), fields.get(CSRF_FIELD) ?? undefined);
    },
    seeOther(res: ServerResponse, location: string) {
      res.writeHead(303, { location, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' });
      res.end();
    },
  };
}

export type PageKit = ReturnType<typeof pageKit>;
