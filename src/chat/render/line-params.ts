/**
 * What a port Line's parameters mean, for every chat platform: people become mentions, `due` a
 * local date and time, `stage` its name, `left` (minutes, with `overdue` and `leftClock`) the
 * time left or overdue in the limit's own clock, `reason` an escalation's reason in words,
 * `reference` stands out, `level` an escalation's level in words, and everything else is user
 * text, escaped; `text` and `basis` are free text shown as a quote (nothing when empty, so a
 * template needs no punctuation of its own for an absent reason).
 *
 * Lines bound for a channel (an audience of many) are masked: a phone number pasted into a note
 * must not reach everyone reading there. That rule lives here, not in one adapter, so WeCom's
 * group chat masks exactly what Slack's channel does.
 *
 * Each adapter supplies its own Markup (Slack's mrkdwn, WeCom's markdown); the words come from
 * the i18n catalogs, which hold no markup of their own.
 */
import { COMPLAINANT } from '../../domain/access';
import { maskPersonalData } from '../../domain/mask';
import { escalationLevel, formatTimeLeft, isMessageKey, stageLabel, t, timeLeftFromParams, type Locale, type MessageKey } from '../../i18n';

export interface Markup {
  /** Makes user text inert in the platform's markup. */
  escape(text: string): string;
  /** A mention of a person id (inert text for anything that is not one). */
  mention(personId: string): string;
  /** Emphasis around text that is already markup-safe. */
  bold(safe: string): string;
  /** Already trimmed and cut user text as a quote block, escaped line by line. */
  quote(text: string): string;
  dateTime(locale: Locale, date: Date, timeZone: string): string;
  /** The most characters one block of text may hold on this platform. */
  maxText: number;
}

export interface LineOptions {
  locale: Locale;
  timeZone: string;
  /** Mask personal data in user text: the line goes to a channel, where many people read. */
  mask?: boolean;
}

/** Parameters that name a person (rendered as mentions). */
export const PEOPLE_PARAMS: ReadonlySet<string> = new Set(['actor', 'owner', 'from', 'to', 'leader', 'filer', 'requester', 'asker', 'user']);
/** Parameters holding free text, shown as a quote. */
export const QUOTED_PARAMS: ReadonlySet<string> = new Set(['text', 'basis']);

/** User text as a channel may show it: personal data masked there, shown as typed elsewhere. */
export const maskedFor = (mask: boolean | undefined, text: string): string => (mask ? maskPersonalData(text) : text);

/** Cuts to `max` characters (code points, so no half emoji), ending with an ellipsis. */
export function cut(s: string, max: number): string {
  const chars = Array.from(s);
  return chars.length <= max ? s : `${chars.slice(0, max - 1).join('')}…`;
}

function quoted(m: Markup, text: string, mask: boolean): string {
  const trimmed = text.trim();
  if (!trimmed) return '';
  return m.quote(cut(maskedFor(mask, trimmed), m.maxText));
}

function when(m: Markup, o: LineOptions, value: string): string {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? m.escape(value) : m.dateTime(o.locale, date, o.timeZone);
}

export function renderLineParams(m: Markup, o: LineOptions, params: Record<string, string | number>): Record<string, string> {
  const out: Record<string, string> = {};
  const mask = o.mask ?? false;
  for (const [name, raw] of Object.entries(params)) {
    const value = String(raw);
    // An outside customer acting on their page has no chat account to mention.
    if (PEOPLE_PARAMS.has(name)) out[name] = value === COMPLAINANT ? m.escape(t(o.locale, 'actor.complainant')) : value ? m.mention(value) : '';
    else if (name === 'due') out[name] = when(m, o, value);
    else if (name === 'stage') out[name] = m.escape(stageLabel(o.locale, value));
    else if (name === 'left' && timeLeftFromParams(params)) out[name] = m.escape(formatTimeLeft(o.locale, timeLeftFromParams(params)!));
    else if (name === 'reason' && isMessageKey(`escalation.reason.${value}`)) out[name] = m.escape(t(o.locale, `escalation.reason.${value}` as MessageKey));
    else if (QUOTED_PARAMS.has(name)) out[name] = quoted(m, value, mask);
    // The complaint a line is about stands out, as the reader looks for it first.
    else if (name === 'reference') out[name] = m.bold(m.escape(value));
    else if (name === 'level' && Number.isFinite(Number(raw))) out[name] = m.escape(escalationLevel(o.locale, Number(raw)));
    else out[name] = m.escape(maskedFor(mask, value));
  }
  return out;
}

/** A line in the platform's markup. A key this version does not know still renders (as the key itself). */
export function renderLineWith(m: Markup, o: LineOptions, line: { key: string; params: Record<string, string | number> }): string {
  const params = renderLineParams(m, o, line.params);
  return isMessageKey(line.key) ? t(o.locale, line.key, params) : `${m.escape(line.key)} ${Object.values(params).join(' ')}`.trim();
}
