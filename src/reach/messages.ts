/**
 * What a complainant reads, built by small pure functions from the facts of one message: an
 * e-mail (subject, plain text, HTML) and the parameters of an SMS template. Texts come from the
 * i18n catalogs in the complaint's locale and name the organisation; each is short, and says
 * what happens next and where to act.
 */
import { linkPath, type ReachKind } from '../domain/reach';
import { formatDateTime, t, type Locale, type MessageKey } from '../i18n';

export interface ReachFacts {
  kind: ReachKind;
  locale: Locale;
  timeZone: string;
  organisation: string;
  reference: string;
  title: string;
  /** The complainant's name, when one is on file (it is their own). */
  name: string | null;
  /**
   * The message's own values: `text`, `basis`, instants as ISO strings (`due`, `ackDue`,
   * `solutionDue`), and for a result or rejection `days`, the window to ask for a review.
   */
  params: Record<string, string | number>;
  /** Their complaint page, when one is served. */
  link?: string;
}

export interface EmailMessage {
  subject: string;
  text: string;
  html: string;
}

/** Kinds whose text asks the complainant to do something, with the line that says where. */
const ACTION_LINE: Partial<Record<ReachKind, MessageKey>> = {
  question: 'reach.question.how',
  extension: 'reach.extension.how',
  result: 'reach.result.how',
  rejected: 'reach.rejected.how',
};
const ASKS_ANSWER: readonly ReachKind[] = ['question', 'extension'];
const INSTANTS = ['due', 'ackDue', 'solutionDue'];

/** Parameters with instants written as local dates, in the complaint's zone. */
function filled(f: ReachFacts): Record<string, string | number> {
  const out: Record<string, string | number> = { organisation: f.organisation, reference: f.reference, title: f.title };
  for (const [k, v] of Object.entries(f.params)) {
    out[k] = INSTANTS.includes(k) && typeof v === 'string' && !Number.isNaN(Date.parse(v)) ? formatDateTime(f.locale, new Date(v), f.timeZone) : v;
  }
  return out;
}

/** The paragraphs of the e-mail, in order; each is plain text. */
function paragraphs(f: ReachFacts): { text: string; link?: string }[] {
  const p = filled(f);
  const out: { text: string; link?: string }[] = [
    { text: f.name ? t(f.locale, 'reach.greeting', { name: f.name }) : t(f.locale, 'reach.greeting.anonymous') },
    { text: t(f.locale, `reach.${f.kind}.body`, p) },
  ];
  const action = ACTION_LINE[f.kind];
  if (f.link) out.push({ text: t(f.locale, action ?? 'reach.page', { ...p, link: f.link }), link: f.link });
  // Without a page, an answer can still come back by e-mail to the team (reply-to).
  else if (ASKS_ANSWER.includes(f.kind)) out.push({ text: t(f.locale, 'reach.reply') });
  out.push({ text: t(f.locale, 'reach.signature', p) });
  if (f.link) out.push({ text: t(f.locale, 'reach.footer') });
  return out;
}

export function emailMessage(f: ReachFacts): EmailMessage {
  const parts = paragraphs(f);
  return {
    subject: t(f.locale, `reach.${f.kind}.subject`, filled(f)),
    text: parts.map((p) => p.text).join('\n\n') + '\n',
    html: htmlOf(f.locale, parts),
  };
}

function htmlOf(locale: Locale, parts: { text: string; link?: string }[]): string {
  const body = parts
    .map(({ text, link }) => {
      let html = escapeHtml(text).replace(/\n/g, '<br>');
      if (link) html = html.replace(escapeHtml(link), `<a href="${escapeHtml(link)}">${escapeHtml(link)}</a>`);
      return `<p>${html}</p>`;
    })
    .join('\n');
  return `<!doctype html>\n<html lang="${locale}"><head><meta charset="utf-8"></head><body>\n${body}\n</body></html>\n`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/**
 * The values of the provider's approved template, in order (README, "Reaching complainants",
 * lists each template's wording). Providers cap a variable's length and refuse free text, so an
 * SMS carries the reference, a date, and the page's path; the page has the rest.
 */
export function smsParams(f: ReachFacts): string[] {
  const p = filled(f);
  const path = f.link ? linkPath(f.link) : '';
  const of = (k: string) => String(p[k] ?? '');
  switch (f.kind) {
    case 'registered':
      return [f.reference, of('ackDue'), path];
    case 'accepted':
      return [f.reference, of('solutionDue')];
    case 'extension':
      return [f.reference, of('due'), path];
    case 'extended':
      return [f.reference, of('due')];
    case 'progress':
    case 'question':
    case 'result':
    case 'rejected':
      return [f.reference, path];
  }
}
