/**
 * An outside customer in the demo: opens the link that reached them by SMS or e-mail and uses
 * their complaint page as a browser would, over HTTP against the running Pledge: a cookie jar,
 * the CSRF token and hidden fields of the form they send, the redirect after it. Nothing here
 * knows Pledge's rules; what they see is the page's text.
 */
import type { Inbox } from './inbox';

export class Complainant {
  private readonly jar = new Map<string, string>();
  private url = '';

  constructor(
    readonly name: string,
    private readonly inbox: Inbox,
  ) {}

  /** Opens the link in the latest message they got; returns the page as text. */
  async openLink(): Promise<string[]> {
    this.url = this.inbox.linkFor(this.name);
    return pageAsText(await this.get(this.url), { full: true });
  }

  /**
   * Presses the page's button whose `do` is `act`, with `fields` typed in (radio buttons and
   * text areas by name), then reads the page it is sent back to: the outcome and what remains.
   */
  async press(act: string, fields: Record<string, string> = {}): Promise<string[]> {
    const html = await this.get(this.url);
    const form = [...html.matchAll(/<form[\s\S]*?<\/form>/g)].map((m) => m[0]).find((f) => f.includes(`name="do" value="${act}"`));
    if (!form) throw new Error(`${this.name}'s page offers no "${act}"`);
    const body = new URLSearchParams({ do: act });
    for (const m of form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) body.set(m[1]!, decode(m[2]!));
    for (const [k, v] of Object.entries(fields)) body.set(k, v);
    const res = await this.fetch(this.url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: body.toString() });
    if (res.status !== 303) throw new Error(`${this.name}'s "${act}" was refused (${res.status}): ${pageAsText(await res.text(), { full: false }).join(' / ')}`);
    return pageAsText(await this.get(new URL(res.headers.get('location') ?? '', this.url).toString()), { full: false });
  }

  private async get(url: string): Promise<string> {
    const res = await this.fetch(url);
    if (res.status !== 200) throw new Error(`${this.name}'s page answered ${res.status}`);
    return res.text();
  }

  private async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.jar.size) headers.set('cookie', [...this.jar].map(([k, v]) => `${k}=${v}`).join('; '));
    const res = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const c of res.headers.getSetCookie()) {
      const [pair = ''] = c.split(';');
      this.jar.set(pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1));
    }
    return res;
  }
}

const decode = (s: string) =>
  s.replace(/&(amp|lt|gt|quot|#39|#x27|#x2F|#96|#x60|#x3D);/g, (m, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", '#x27': "'", '#x2F': '/', '#96': '`', '#x60': '`', '#x3D': '=' })[e] ?? m);

/**
 * The page as a person reads it: headings, paragraphs and list items one a line, buttons in
 * [brackets], choices as (label). `full: false` keeps the outcome and the sections that ask
 * something (a form), leaving out the promises and the timeline already shown.
 */
export function pageAsText(html: string, { full }: { full: boolean }): string[] {
  const main = /<main>([\s\S]*)<\/main>/.exec(html)?.[1] ?? html;
  const parts = main.split(/(?=<section)/);
  const kept = full ? parts : parts.filter((p) => !p.startsWith('<section') || /class="(flash|error)"|<form/.test(p));
  return kept
    .join('')
    .replace(/<textarea[\s\S]*?<\/textarea>/g, ' [____]')
    .replace(/<button[^>]*>([\s\S]*?)<\/button>/g, ' [$1]')
    .replace(/<label><input type="radio"[^>]*>\s*([\s\S]*?)<\/label>/g, ' ($1)')
    .replace(/<\/(h1|h2|p|li|blockquote|legend|div|section|header)>|<br>/g, '\n')
    .replace(/<\/label>/g, ':')
    .replace(/<[^>]+>/g, '')
    .split('\n')
    .map((l) => decode(l.replace(/\s+/g, ' ').trim()))
    .filter(Boolean);
}
