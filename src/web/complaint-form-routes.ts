/**
 * The public complaint form under its configured path (default /complain):
 *   GET  <path>                 the form, in the visitor's language (?lang=, else Accept-Language)
 *   POST <path>                 a submission: checked, rate-limited, held until verified
 *   GET  <path>/verify          "check your phone / e-mail", for the browser that sent it
 *   POST <path>/verify          the SMS code; right, the complaint is filed and the browser goes to its page;
 *                               or (do=resend) the code or link sent again, after its cool-down, within the contact's limit
 *   GET  <path>/confirm/<token> the e-mailed link's page, with one button (a mail scanner's GET files nothing)
 *   POST <path>/confirm/<token> files the complaint and goes to its page
 * Refusals (no CSRF token, the hidden field filled, too large, too many) store nothing and say so.
 * Links and redirects are relative, so they work under any prefix a proxy adds. Nothing here logs
 * a URL, a token, an address or what was typed.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FormConfig } from '../config';
import { FORM_LIMITS } from '../domain/web-form';
import { isAppError } from '../errors';
import type { Locale } from '../i18n';
import type { PendingView, ResendResult, SubmitInput, SubmitResult, VerifyResult } from '../services/web-form';
import { cookieValue, CSRF_COOKIE, CSRF_FIELD, type Csrf } from './csrf';
import { readForm } from './form';
import { helpers, PAGE_HEADERS, render } from './render';

export const SESSION_COOKIE = 'pledge_form';
const CSRF_SCOPE = 'web-form';
/** The one field a person never sees (off-screen, skipped by keyboard and screen readers); bots fill it. */
export const HONEYPOT = 'website';

export interface FormServices {
  submitWebComplaint(input: SubmitInput): Promise<SubmitResult>;
  pendingSubmission(session: string | undefined): Promise<PendingView | undefined>;
  verifyCode(session: string | undefined, code: string): Promise<VerifyResult>;
  resendVerification(session: string | undefined): Promise<ResendResult>;
  linkSubmission(token: string): Promise<{ view: PendingView } | undefined>;
  confirmLink(token: string): Promise<VerifyResult>;
}

export interface FormRoutesOptions {
  services: FormServices;
  form: FormConfig;
  /** Which contact kinds can be verified here: both, email or phone. */
  kinds: 'both' | 'email' | 'phone';
  csrf: Csrf;
  locale: Locale;
  timeZone: string;
  secureCookies: boolean;
  log(level: 'warn' | 'error', message: string): void;
}

/** The visitor's language: an explicit choice, else the first of Accept-Language we speak, else the team's. */
export function chooseLocale(choice: string | null | undefined, acceptLanguage: string | undefined, fallback: Locale): Locale {
  if (choice === 'en' || choice === 'zh-CN') return choice;
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = Number(params.find((p) => p.trim().startsWith('q='))?.trim().slice(2) ?? 1);
      return { tag: tag.toLowerCase(), q: Number.isFinite(q) ? q : 0, i };
    })
    .filter((l) => l.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const { tag } of ranked) {
    if (tag === 'zh' || tag.startsWith('zh-')) return 'zh-CN';
    if (tag === 'en' || tag.startsWith('en-')) return 'en';
  }
  return fallback;
}

export function complaintFormRoutes(o: FormRoutesOptions): { prefix: string; handle: (req: IncomingMessage, res: ServerResponse) => void } {
  const base = o.form.path;
  const last = base.slice(base.lastIndexOf('/') + 1);
  const depth = base.split('/').length - 1;
  const up = (n: number) => '../'.repeat(n);
  const cookieFlags = `Path=/; HttpOnly; SameSite=Strict${o.secureCookies ? '; Secure' : ''}`;

  function csrfFor(req: IncomingMessage, headers: Record<string, string | string[]>): string {
    let nonce = cookieValue(req.headers.cookie, CSRF_COOKIE);
    if (!nonce || !/^[A-Za-z0-9_-]{32}$/.test(nonce)) {
      nonce = o.csrf.newNonce();
      headers['set-cookie'] = [`${CSRF_COOKIE}=${nonce}; ${cookieFlags}`];
    }
    return o.csrf.token(nonce, CSRF_SCOPE);
  }
  const csrfOk = (req: IncomingMessage, fields: URLSearchParams) => o.csrf.check(cookieValue(req.headers.cookie, CSRF_COOKIE), CSRF_SCOPE, fields.get(CSRF_FIELD) ?? undefined);

  function page(res: ServerResponse, status: number, view: 'form' | 'form-verify' | 'form-confirm' | 'notice', locale: Locale, data: Record<string, unknown>, headers: Record<string, string | string[]> = {}) {
    res.writeHead(status, { ...PAGE_HEADERS, ...headers });
    res.end(render(view, { h: helpers(locale, o.timeZone), ...data }));
  }
  const notice = (res: ServerResponse, status: number, locale: Locale, titleKey: string, textKey: string, back?: string) =>
    page(res, status, 'notice', locale, { titleKey, textKey, back, backKey: 'form.back' });

  function showForm(req: IncomingMessage, res: ServerResponse, status: number, locale: Locale, extra: { errors?: Record<string, string>; values?: Record<string, string> } = {}) {
    const headers: Record<string, string | string[]> = {};
    const csrf = csrfFor(req, headers);
    page(res, status, 'form', locale, { csrf, categories: o.form.categories, kinds: o.kinds, other: locale === 'en' ? 'zh-CN' : 'en', limits: FORM_LIMITS, ...extra }, headers);
  }

  function address(req: IncomingMessage): string {
    const forwarded = o.form.trustProxy ? String(req.headers['x-forwarded-for'] ?? '').split(',').at(-1)?.trim() : '';
    return forwarded || req.socket.remoteAddress || 'unknown';
  }

  /** Verified: on to the complaint's own page (a relative path from where the browser is). */
  function toPage(res: ServerResponse, pageToken: string, levelsUp: number) {
    res.writeHead(303, { location: `${up(levelsUp)}p/${pageToken}`, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' });
    res.end();
  }

  async function submit(req: IncomingMessage, res: ServerResponse, fallback: Locale) {
    const read = await readForm(req);
    if (!read.ok) {
      const status = read.status;
      return notice(res, status, fallback, 'form.refused.title', status === 413 ? 'form.refused.too_large' : 'form.refused.stale', last);
    }
    const f = read.fields;
    const locale = chooseLocale(f.get('lang'), req.headers['accept-language'], fallback);
    if (!csrfOk(req, f)) return notice(res, 403, locale, 'form.refused.title', 'form.refused.stale', last);
    if ((f.get(HONEYPOT) ?? '') !== '') return notice(res, 400, locale, 'form.refused.title', 'form.refused.automated', last);
    const fields = { name: f.get('name') ?? '', contact: f.get('contact') ?? '', category: f.get('category') ?? '', details: f.get('details') ?? '' };
    const result = await o.services.submitWebComplaint({ fields, locale, address: address(req) });
    if (result.ok) {
      res.writeHead(303, {
        location: `${last}/verify`,
        'set-cookie': `${SESSION_COOKIE}=${result.session}; ${cookieFlags}; Max-Age=${o.form.codeMinutes * 60}`,
        'cache-control': 'no-store',
        'referrer-policy': 'no-referrer',
      });
      return void res.end();
    }
    if ('refused' in result) return notice(res, 429, locale, 'form.refused.title', `form.refused.${result.refused}`, last);
    return showForm(req, res, 400, locale, { errors: result.errors, values: fields });
  }

  async function verify(req: IncomingMessage, res: ServerResponse, fallback: Locale) {
    const session = cookieValue(req.headers.cookie, SESSION_COOKIE);
    const back = `${up(1)}${last}`;
    let error: string | undefined;
    if (req.method === 'POST') {
      const read = await readForm(req);
      const pending = await o.services.pendingSubmission(session);
      const locale = pending?.locale ?? fallback;
      if (!read.ok) return notice(res, read.status, locale, 'form.refused.title', 'form.refused.stale', back);
      if (!csrfOk(req, read.fields)) return notice(res, 403, locale, 'form.refused.title', 'form.refused.stale', back);
      if (read.fields.get('do') === 'resend') return resend(req, res, session, locale, back);
      const result = await o.services.verifyCode(session, (read.fields.get('code') ?? '').slice(0, 12));
      if (result.ok) return toPage(res, result.pageToken, depth);
      if (result.reason === 'unknown') return notice(res, 404, locale, 'form.verify.none.title', 'form.verify.none.text', back);
      error = `form.verify.${result.reason}`;
    }
    const view = await o.services.pendingSubmission(session);
    if (!view) return notice(res, 404, fallback, 'form.verify.none.title', 'form.verify.none.text', back);
    if (!error && view.state !== 'open' && view.state !== 'filed') error = `form.verify.${view.state}`;
    const headers: Record<string, string | string[]> = {};
    const csrf = csrfFor(req, headers);
    page(res, error && req.method === 'POST' ? (error === 'form.verify.wrong' ? 400 : 410) : 200, 'form-verify', view.locale, { view, csrf, error, back, minutes: o.form.codeMinutes }, headers);
  }

  /**
   * "Send it again": sent, the browser goes back to the page (303, so a reload sends nothing);
   * refused (the cool-down, the contact's day, the code no longer taken), the page says why in
   * words, as it did before the press. The session cookie lives as long as the new code.
   */
  async function resend(req: IncomingMessage, res: ServerResponse, session: string | undefined, locale: Locale, back: string) {
    const result = await o.services.resendVerification(session);
    if (result.ok) {
      res.writeHead(303, {
        location: 'verify',
        'set-cookie': `${SESSION_COOKIE}=${session}; ${cookieFlags}; Max-Age=${o.form.codeMinutes * 60}`,
        'cache-control': 'no-store',
        'referrer-policy': 'no-referrer',
      });
      return void res.end();
    }
    if (result.reason === 'unknown') return notice(res, 404, locale, 'form.verify.none.title', 'form.verify.none.text', back);
    const { view } = result;
    const r = view.resend;
    const error = r.may ? undefined : r.why === 'cooldown' ? `form.resend.wait.${view.kind}` : r.why === 'contact' ? `form.resend.none.${view.kind}` : `form.verify.${view.state}`;
    const headers: Record<string, string | string[]> = {};
    const csrf = csrfFor(req, headers);
    page(res, r.may ? 409 : r.why === 'closed' ? 410 : 429, 'form-verify', view.locale, { view, csrf, error, back, minutes: o.form.codeMinutes }, headers);
  }

  async function confirm(req: IncomingMessage, res: ServerResponse, token: string, fallback: Locale) {
    const back = `${up(2)}${last}`;
    const found = await o.services.linkSubmission(token);
    const locale = found?.view.locale ?? fallback;
    if (!found || found.view.state === 'expired' || found.view.state === 'spent') {
      if (req.method === 'POST') req.resume();
      return notice(res, 404, locale, 'form.confirm.gone.title', 'form.confirm.gone.text', back);
    }
    if (req.method === 'GET') {
      const headers: Record<string, string | string[]> = {};
      return page(res, 200, 'form-confirm', locale, { view: found.view, csrf: csrfFor(req, headers) }, headers);
    }
    const read = await readForm(req);
    if (!read.ok) return notice(res, read.status, locale, 'form.refused.title', 'form.refused.stale', back);
    if (!csrfOk(req, read.fields)) return notice(res, 403, locale, 'form.refused.title', 'form.refused.stale', token);
    const result = await o.services.confirmLink(token);
    if (result.ok) return toPage(res, result.pageToken, depth + 1);
    return notice(res, 404, locale, 'form.confirm.gone.title', 'form.confirm.gone.text', back);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const rest = url.pathname === base ? '' : url.pathname.startsWith(`${base}/`) ? url.pathname.slice(base.length + 1) : undefined;
    const fallback = chooseLocale(url.searchParams.get('lang'), req.headers['accept-language'], o.locale);
    if (req.method !== 'GET' && req.method !== 'POST') {
      res.writeHead(405, { allow: 'GET, POST' });
      return void res.end();
    }
    if (rest === '') return req.method === 'GET' ? showForm(req, res, 200, fallback) : submit(req, res, fallback);
    if (rest === 'verify') return verify(req, res, fallback);
    const confirmToken = /^confirm\/([^/]*)$/.exec(rest ?? '')?.[1];
    if (confirmToken !== undefined) return confirm(req, res, confirmToken, fallback);
    if (req.method === 'POST') req.resume();
    notice(res, 404, fallback, 'page.gone.title', 'page.gone.text');
  }

  return {
    prefix: base,
    handle: (req, res) => {
      handle(req, res).catch((error: unknown) => {
        o.log('error', `complaint form: ${error instanceof Error ? `${error.name}${isAppError(error) ? ` (${error.code})` : ''}` : 'failure'}`);
        if (!res.headersSent) notice(res, 500, o.locale, 'form.refused.title', 'form.refused.stale');
        else res.end();
      });
    },
  };
}
