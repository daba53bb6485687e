/**
 * Server-side rendering with Eta: `<%= %>` escapes HTML by default (autoEscape), so everything a
 * person typed (a question, a note, a result) is shown as text; `<%~ %>` (unescaped) is used only
 * for the page's own stylesheet and for a layout's already-rendered body. No script is sent, and
 * the Content-Security-Policy says so: the one inline stylesheet is allowed by its hash.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Eta } from 'eta';
import { formatDateTime, t, type Locale, type MessageKey, type MessageParams } from '../i18n';

const views = fileURLToPath(new URL('./views', import.meta.url));
const STYLE = readFileSync(fileURLToPath(new URL('./style.css', import.meta.url)), 'utf8');
const STYLE_HASH = createHash('sha256').update(STYLE).digest('base64');

const eta = new Eta({ views, autoEscape: true, cache: true, defaultExtension: '.eta' });

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  `style-src 'sha256-${STYLE_HASH}'`,
  "img-src 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

/** Headers every page carries: no caching (a page is one person's), no referrer (its URL is a credential). */
export const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
} as const;

export interface Helpers {
  locale: Locale;
  lang: string;
  style: string;
  t(key: string, params?: MessageParams): string;
  when(date: Date | string | null | undefined): string;
}

export function helpers(locale: Locale, timeZone: string): Helpers {
  return {
    locale,
    lang: locale,
    style: STYLE,
    t: (key, params) => t(locale, key as MessageKey, params),
    when: (date) => {
      const d = date instanceof Date ? date : date ? new Date(date) : undefined;
      return d && !Number.isNaN(d.getTime()) ? formatDateTime(locale, d, timeZone) : '';
    },
  };
}

/** Pledge's own pages inside WeCom (src/wecom/pages), on the same layout. */
export type WeComView = 'wecom-notice' | 'wecom-file' | 'wecom-mine' | 'wecom-complaint' | 'wecom-step';

export function render(view: 'complaint' | 'notice' | 'form' | 'form-verify' | 'form-confirm' | WeComView, data: Record<string, unknown> & { h: Helpers }): string {
  return eta.render(view, data);
}

/**
 * The complaint page's HTML, rendered once per distinct content: the same content shown again
 * (the page reloaded, fifty visitors of one complaint) costs a lookup instead of a rendering,
 * most of whose time went to formatting dates (`npm run bench -- web`). The key is everything
 * the template is given (the view, its flash or error), so any change of content is a new entry;
 * nothing here decides whether the content is current, only the read that made the view does.
 * Each visitor's CSRF token is put in where the rendering has a placeholder no text can contain
 * (random per process). Bounded by size, not count (a page with hundreds of long notes is large):
 * the entries are keyed by a digest of their content and hold only the HTML, at most
 * RENDERED_CHARS of it in all, the least recently shown page going first.
 */
const CSRF_PLACEHOLDER = `csrf-${randomBytes(16).toString('hex')}`;
const RENDERED_CHARS = 4_000_000;
const rendered = new Map<string, string[]>();
let renderedChars = 0;
const charsOf = (parts: string[]) => parts.reduce((n, part) => n + part.length, 0);

export function renderComplaintPage(data: Record<string, unknown> & { view: { locale: Locale; timeZone: string } }, csrf: string): string {
  const key = createHash('sha256').update(JSON.stringify(data)).digest('base64');
  let parts = rendered.get(key);
  if (parts) rendered.delete(key);
  else {
    parts = render('complaint', { ...data, h: helpers(data.view.locale, data.view.timeZone), csrf: CSRF_PLACEHOLDER }).split(CSRF_PLACEHOLDER);
    const chars = charsOf(parts);
    // A page too big to keep many of is rendered each time.
    if (chars > RENDERED_CHARS / 8) return parts.join(csrf);
    renderedChars += chars;
    for (const [oldest, old] of rendered) {
      if (renderedChars <= RENDERED_CHARS) break;
      rendered.delete(oldest);
      renderedChars -= charsOf(old);
    }
  }
  rendered.set(key, parts);
  return parts.join(csrf);
}
