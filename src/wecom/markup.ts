/**
 * WeCom's markdown (the `markdown` app message): the words come from the i18n catalogs, the
 * port's Line conventions from chat/render; this file says only how WeCom writes them.
 *
 * WeCom's markdown has no escape character, so user text is made inert by swapping the
 * characters that start its markup (`*`, `` ` ``, `[`, `]`, `<`, `>`, `#`, `$`) for their
 * full-width forms: a note typed as `**urgent**` or `<font color="warning">` shows as typed,
 * in a shape every Chinese reader knows, and never turns into emphasis, a link or a colour.
 * A self-built app gets no member names from WeCom's API, and an app message has no mentions,
 * so a person shows as their UserID.
 */
import { renderLineWith, type LineOptions, type Markup } from '../chat/render/line-params';
import type { Line } from '../chat/port';
import { formatDateTime, t, type Locale } from '../i18n';
import type { ComplaintCard } from '../domain/complaint';
import { clip, CONTENT_MAX_BYTES, markdownMessage, type MarkdownMessage } from './messages';

const FULL_WIDTH: Record<string, string> = { '*': '＊', '`': '｀', '[': '［', ']': '］', '<': '＜', '>': '＞', '#': '＃', $: '＄' };

export const escapeMarkdown = (text: string): string => text.replace(/[*`[\]<>#$]/g, (c) => FULL_WIDTH[c]!);

export const weComMarkup: Markup = {
  escape: escapeMarkdown,
  mention: (personId) => escapeMarkdown(personId),
  bold: (safe) => (safe ? `**${safe}**` : ''),
  quote: (text) => `\n${text.split('\n').map((l) => `> ${escapeMarkdown(l)}`).join('\n')}`,
  dateTime: (locale: Locale, date: Date, timeZone: string) => (Number.isNaN(date.getTime()) ? '–' : escapeMarkdown(formatDateTime(locale, date, timeZone))),
  // A quote may take most of a message, never all of its 2048 bytes (a CJK character is 3).
  maxText: 500,
};

// A DM names its complaint; a long title would push the news itself out of sight.
const TITLE_MAX = 60;

/** A line as WeCom markdown. A key this version does not know still renders (as the key itself). */
export function renderLine(o: LineOptions, line: Line): string {
  return renderLineWith(weComMarkup, o, line);
}

/** A direct message to one person about a complaint: which one, then what happened. */
export function noticeMarkdown(o: LineOptions, card: Pick<ComplaintCard, 'reference' | 'title'>, line: Line): MarkdownMessage {
  const title = [...card.title].length > TITLE_MAX ? `${[...card.title].slice(0, TITLE_MAX - 1).join('')}…` : card.title;
  const heading = t(o.locale, 'notice.heading', { reference: weComMarkup.bold(escapeMarkdown(card.reference)), title: escapeMarkdown(title) });
  return markdownMessage(clip(`${heading}\n${renderLine(o, line)}`, CONTENT_MAX_BYTES));
}
