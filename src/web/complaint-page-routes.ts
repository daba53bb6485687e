/**
 * GET and POST /p/<token>: the complainant's page and their acts on it. A token that opens no
 * page gets the same answer whatever the reason (mistyped, revoked, expired), so trying tokens
 * teaches nothing. Posts need a valid CSRF token (csrf.ts); after one, the browser is sent back
 * to the page (303), which shows the outcome. Nothing here logs a URL, a token or what was typed.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { COMPLAINANT } from '../domain/access';
import { isAppError } from '../errors';
import type { Locale } from '../i18n';
import type { ComplaintPageView, PageAct } from '../services/complaint-page';
import type { PageLinkRefusal } from '../services/complaint-page-link';
import type { OpenedPage } from '../services/complaint-page-open';
import { cookieValue, CSRF_COOKIE, CSRF_FIELD, type Csrf } from './csrf';
import { readForm } from './form';
import { helpers, PAGE_HEADERS, render, renderComplaintPage } from './render';

export const PAGE_PREFIX = '/p/';
/** The longest text a complainant may send (an answer, a comment, a reason). */
export const MAX_TEXT = 3000;

const FLASHES = { answer: 'page.done.answer', agree: 'page.done.agree', decline: 'page.done.decline', rating: 'page.done.rating', review: 'page.done.review' } as const;
type Done = keyof typeof FLASHES;

export interface PageServices {
  openComplaintPage(token: string): Promise<OpenedPage>;
  openComplaintPageLink(token: string): Promise<{ ok: true; complaintId: string; linkId: string } | { ok: false; reason: PageLinkRefusal }>;
  complaintPage(complaintId: string): Promise<ComplaintPageView | undefined>;
  actOnComplaintPage(complaintId: string, act: PageAct): Promise<void>;
}

export interface PageRoutesOptions {
  services: PageServices;
  csrf: Csrf;
  /** The configured locale and zone, for pages that belong to no complaint (a refused link). */
  locale: Locale;
  timeZone: string;
  /** Mark the cookie Secure: PLEDGE_PUBLIC_URL is https (the request itself may arrive as http behind a proxy). */
  secureCookies: boolean;
  log(level: 'warn' | 'error', message: string): void;
}

/** `at`: a time the text names, written in the page's locale and zone. */
type FormError = { key: string; params?: Record<string, string | number>; at?: Date };

export function complaintPageRoutes(o: PageRoutesOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const notice = (res: ServerResponse, status: number, titleKey: string, textKey: string, back?: string) => {
    res.writeHead(status, PAGE_HEADERS);
    res.end(render('notice', { h: helpers(o.locale, o.timeZone), titleKey, textKey, back }));
  };

  async function showPage(req: IncomingMessage, res: ServerResponse, link: { complaintId: string; linkId: string }, status: number, extra: { flash?: string; error?: FormError }) {
    showView(req, res, link, await o.services.complaintPage(link.complaintId), status, extra);
  }

  function showView(req: IncomingMessage, res: ServerResponse, link: { linkId: string }, view: ComplaintPageView | undefined, status: number, extra: { flash?: string; error?: FormError }) {
    if (!view) return notice(res, 404, 'page.gone.title', 'page.gone.text');
    let nonce = cookieValue(req.headers.cookie, CSRF_COOKIE);
    const headers: Record<string, string> = { ...PAGE_HEADERS };
    if (!nonce || !/^[A-Za-z0-9_-]{32}$/.test(nonce)) {
      nonce = o.csrf.newNonce();
      headers['set-cookie'] = `${CSRF_COOKIE}=${nonce}; Path=/; HttpOnly; SameSite=Strict${o.secureCookies ? '; Secure' : ''}`;
    }
    res.writeHead(status, headers);
    res.end(renderComplaintPage({ view, ...extra }, o.csrf.token(nonce, link.linkId)));
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const token = url.pathname.slice(PAGE_PREFIX.length);
    if (req.method !== 'GET' && req.method !== 'POST') {
      res.writeHead(405, { allow: 'GET, POST' });
      return void res.end();
    }
    if (req.method === 'GET') {
      // The link and the page in one read (shared with the visits arriving meanwhile).
      const page = await o.services.openComplaintPage(token);
      if (!page.ok) return notice(res, 404, 'page.gone.title', 'page.gone.text');
      const done = url.searchParams.get('done');
      return showView(req, res, page, page.view, 200, done && done in FLASHES ? { flash: FLASHES[done as Done] } : {});
    }
    const link = await o.services.openComplaintPageLink(token);
    if (!link.ok) {
      req.resume();
      return notice(res, 404, 'page.gone.title', 'page.gone.text');
    }
    const form = await readForm(req);
    if (!form.ok) {
      res.writeHead(form.status, { connection: 'close' });
      return void res.end();
    }
    // The token's own name for the way back: relative, so it works under any prefix a proxy adds.
    const back = token;
    if (!o.csrf.check(cookieValue(req.headers.cookie, CSRF_COOKIE), link.linkId, form.fields.get(CSRF_FIELD) ?? undefined)) {
      return notice(res, 403, 'page.refused.title', 'page.refused.text', back);
    }
    const parsed = parseAct(form.fields);
    if ('error' in parsed) return showPage(req, res, link, 400, { error: parsed.error });
    try {
      await o.services.actOnComplaintPage(link.complaintId, parsed.act);
    } catch (error) {
      if (!isAppError(error) || !['stale', 'not_allowed', 'invalid_input', 'not_found'].includes(error.code)) throw error;
      return showPage(req, res, link, 409, { error: refusal(error.params) });
    }
    res.writeHead(303, { location: `${back}?done=${parsed.act.kind}`, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' });
    res.end();
  }

  return (req, res) => {
    handle(req, res).catch((error: unknown) => {
      // The error's name and code only: messages can quote what the complainant typed.
      o.log('error', `complaint page: ${error instanceof Error ? `${error.name}${isAppError(error) ? ` (${error.code})` : ''}` : 'failure'}`);
      if (!res.headersSent) notice(res, 500, 'page.refused.title', 'page.refused.text');
      else res.end();
    });
  };
}

/** What the page says when a service refused the act: why, where the service said (a review asked too late, or twice). */
function refusal(params: Record<string, string | number>): FormError {
  if (params.why === 'review_too_late') return { key: 'page.error.review_too_late', params: { days: params.days ?? '' } };
  if (params.why === 'review_open') return { key: 'page.error.review_open' };
  // Answered already: by the complainant (another tab, a retry with another answer), or by staff for them.
  if (params.why === 'answered' && typeof params.at === 'string') {
    return { key: params.decidedBy === COMPLAINANT ? 'page.error.answered_you' : 'page.error.answered_staff', at: new Date(params.at) };
  }
  return { key: 'page.error.stale' };
}

function text(fields: URLSearchParams, name: string, required: string | undefined): { value: string } | { error: FormError } {
  const value = (fields.get(name) ?? '').replace(/\r\n/g, '\n').trim();
  if (required && !value) return { error: { key: required } };
  if (Array.from(value).length > MAX_TEXT) return { error: { key: 'page.error.too_long', params: { max: MAX_TEXT } } };
  return { value };
}

export function parseAct(fields: URLSearchParams): { act: PageAct } | { error: FormError } {
  switch (fields.get('do')) {
    case 'agree':
    case 'decline': {
      const approvalId = fields.get('approval') ?? '';
      if (!/^[0-9a-f-]{36}$/.test(approvalId)) return { error: { key: 'page.error.stale' } };
      return { act: { kind: fields.get('do') as 'agree' | 'decline', approvalId } };
    }
    case 'answer': {
      const answer = text(fields, 'answer', 'page.error.answer_required');
      return 'error' in answer ? answer : { act: { kind: 'answer', answer: answer.value } };
    }
    case 'rating': {
      const rating = Number(fields.get('rating'));
      if (!Number.isInteger(rating) || rating < 1 || rating > 5) return { error: { key: 'page.error.rating_required' } };
      const comment = text(fields, 'comment', undefined);
      return 'error' in comment ? comment : { act: { kind: 'rating', rating, comment: comment.value } };
    }
    case 'review': {
      const reason = text(fields, 'reason', 'page.error.reason_required');
      return 'error' in reason ? reason : { act: { kind: 'review', reason: reason.value } };
    }
    default:
      return { error: { key: 'page.error.stale' } };
  }
}
