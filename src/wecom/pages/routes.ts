/**
 * Pledge's own pages inside WeCom, under APP_PREFIX (app-links.ts has the scheme):
 *   GET/POST file                             登记投诉: the filing form
 *   GET/POST mine                             我的投诉: what App Home shows on Slack (POST: a request answered with a press)
 *   GET/POST complaints/<id>                  a complaint, as its card shows it to staff
 *   GET/POST complaints/<id>/<step>?request=  a step that needs typed input
 * Each is opened through WeCom's OAuth (appLink): the first request carries `code`, which is
 * exchanged once for the member's userid and turned into a session cookie (session.ts); the
 * browser is then sent to the same page without the code, so a reload or a shared URL never
 * carries it. Without a session or a code the browser goes to WeCom's authorize page first.
 * Nothing here logs a URL, a code, a cookie or what was typed.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { cookieValue } from '../../web/csrf';
import { isAppError } from '../../errors';
import { APP_PREFIX, appLink, type AppPage } from '../app-links';
import type { WeComApi } from '../api-client';
import type { Mount } from '../callback';
import { complaintPage } from './complaint-page';
import { filePage } from './file-page';
import { pageKit, type PageRequest, type PagesOptions } from './kit';
import { minePage } from './mine-page';
import { pageSessions, sessionCookie, SESSION_COOKIE } from './session';
import { exchangeCode } from './sign-in';
import { stepPage } from './step-page';

export interface WeComPagesOptions extends PagesOptions {
  api: Pick<WeComApi, 'get'>;
  /** The app's Secret: the session key is derived from it. */
  secret: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const STEP = /^[a-z_]{1,40}$/;

/** The page a path names, and how far it is from APP_PREFIX; undefined for anything else. */
export function pageOf(url: URL): { target: AppPage; root: string } | undefined {
  const rest = url.pathname.startsWith(`${APP_PREFIX}/`) ? url.pathname.slice(APP_PREFIX.length + 1).split('/') : [];
  if (rest.length === 1 && rest[0] === 'file') return { target: { page: 'file' }, root: '' };
  if (rest.length === 1 && rest[0] === 'mine') return { target: { page: 'mine' }, root: '' };
  if (rest[0] !== 'complaints' || !UUID.test(rest[1] ?? '')) return undefined;
  const complaintId = rest[1]!;
  if (rest.length === 2) return { target: { page: 'complaint', complaintId }, root: '../' };
  if (rest.length === 3 && STEP.test(rest[2]!)) {
    const request = url.searchParams.get('request');
    return { target: { page: 'step', complaintId, step: rest[2]!, ...(request && UUID.test(request) && { requestId: request }) }, root: '../../' };
  }
  return undefined;
}

export function weComPageRoutes(o: WeComPagesOptions): Mount {
  const kit = pageKit(o);
  const sessions = pageSessions(o.secret);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'POST') {
      res.writeHead(405, { allow: 'GET, POST' });
      return void res.end();
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    const found = pageOf(url);
    if (!found) {
      if (req.method === 'POST') req.resume();
      return kit.notice(res, 404, { titleKey: 'wecom.page.gone.title', textKey: 'wecom.page.gone.text' });
    }
    const again = appLink(o.links, found.target);
    const code = url.searchParams.get('code');
    if (code !== null && req.method === 'GET') {
      const signIn = await exchangeCode(o.api, code).catch((error: unknown) => {
        o.log('warn', `wecom page: sign-in failed: ${error instanceof Error ? error.message : 'failure'}`);
        return { ok: false, why: 'wecom' } as const;
      });
      if (!signIn.ok) {
        const status = { code: 401, outsider: 403, wecom: 502 }[signIn.why];
        return kit.notice(res, status, { titleKey: `wecom.page.signin.${signIn.why}.title`, textKey: `wecom.page.signin.${signIn.why}.text`, ...(signIn.why !== 'outsider' && { back: again, backKey: 'wecom.page.signin.again' }) });
      }
      // The same page without what WeCom added: a reload must not spend the code again.
      const clean = new URLSearchParams(url.searchParams);
      clean.delete('code');
      clean.delete('state');
      const query = clean.toString();
      res.writeHead(303, {
        location: `${url.pathname.slice(url.pathname.lastIndexOf('/') + 1)}${query ? `?${query}` : ''}`,
        'set-cookie': sessionCookie(sessions.issue(signIn.userId, o.clock.now()), o.secureCookies),
        'cache-control': 'no-store',
        'referrer-policy': 'no-referrer',
      });
      return void res.end();
    }
    const userId = sessions.read(cookieValue(req.headers.cookie, SESSION_COOKIE), o.clock.now());
    if (!userId) {
      if (req.method === 'GET') {
        res.writeHead(302, { location: again, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' });
        return void res.end();
      }
      // A form sent after the session ended: nothing is done, and the way back signs in again.
      req.resume();
      return kit.notice(res, 401, { titleKey: 'wecom.page.signin.ended.title', textKey: 'wecom.page.signin.ended.text', back: again, backKey: 'wecom.page.signin.again' });
    }
    const p: PageRequest = { req, res, url, userId, ...found };
    switch (p.target.page) {
      case 'file':
        return filePage(o, kit, p);
      case 'mine':
        return minePage(o, kit, p);
      case 'complaint':
        return complaintPage(o, kit, p, p.target.complaintId);
      case 'step':
        return stepPage(o, kit, p, p.target);
    }
  }

  return {
    prefix: `${APP_PREFIX}/`,
    handle: (req, res) => {
      handle(req, res).catch((error: unknown) => {
        // The error's name and code only: messages can quote what a member typed.
        o.log('error', `wecom page: ${error instanceof Error ? `${error.name}${isAppError(error) ? ` (${error.code})` : ''}` : 'failure'}`);
        if (!res.headersSent) kit.notice(res, 500, { titleKey: 'wecom.page.failed.title', textKey: 'wecom.page.failed.text' });
        else res.end();
      });
    },
  };
}
