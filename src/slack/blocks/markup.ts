/**
 * Slack's own emphasis, added around catalog words by the renderer: the catalogs hold words
 * only (GLOSSARY.md), so another chat platform can render the same texts its own way. Every
 * value given here must already be mrkdwn-safe (escaped).
 */
import { formatDateTime, type Locale } from '../../i18n';
import { escapeText } from './escape';

export const bold = (mrkdwn: string): string => (mrkdwn ? `*${mrkdwn}*` : '');
export const italic = (mrkdwn: string): string => (mrkdwn ? `_${mrkdwn}_` : '');
/** A command or id to type; its text shows verbatim, so it needs no escaping beyond `&<>`. */
export const code = (mrkdwn: string): string => `\`${mrkdwn}\``;

/** The cues a reader scans for, one per kind of news. */
export const EMOJI = {
  alarm: ':rotating_light:',
  done: ':white_check_mark:',
  no: ':x:',
  up: ':arrow_up:',
  breached: ':red_circle:',
  atRisk: ':large_orange_circle:',
  dueToday: ':large_yellow_circle:',
  open: ':white_circle:',
} as const;

export const withEmoji = (emoji: keyof typeof EMOJI, mrkdwn: string): string => `${EMOJI[emoji]} ${mrkdwn}`;

/**
 * A date and time as Slack's date token: each reader sees it in their own zone (Slack's
 * `{date_short_pretty} {time}`, "today 4:00 PM"); where Slack cannot render it (notifications,
 * older clients) the fallback reads it in `timeZone`, the complaint's group's, and names that zone.
 * Every date and time in a message goes through here.
 */
export function dateTime(locale: Locale, date: Date, timeZone: string): string {
  if (Number.isNaN(date.getTime())) return '–';
  const fallback = escapeText(formatDateTime(locale, date, timeZone));
  return `<!date^${Math.floor(date.getTime() / 1000)}^{date_short_pretty} {time}|${fallback}>`;
}
