/**
 * Renders a port Line (an i18n key and its parameters) as mrkdwn. By the port's convention
 * people become mentions, `due` a local date and time, `stage` its name, `left` (minutes, with
 * `overdue` and `leftClock`) the time left or overdue in the limit's own clock, `reason` an
 * escalation's reason in words, `reference` in bold, `level` an escalation's level in words, and
 * everything else is user text,
 * escaped; `text` and `basis` are free text shown as a quote (nothing when empty, so a
 * template needs no punctuation of its own for an absent reason). Lines bound for a channel
 * are masked: a phone number pasted into a note must not reach everyone reading there.
 */
import type { Line } from '../../chat/port';
import { COMPLAINANT } from '../../domain/access';
import { maskPersonalData } from '../../domain/mask';
import { escalationLevel, isMessageKey, stageLabel, t, formatTimeLeft, timeLeftFromParams, type Locale, type MessageKey } from '../../i18n';
import { LIMITS, mention, truncate } from './common';
import { escapeText } from './escape';
import { bold, dateTime } from './markup';

const PEOPLE = new Set(['actor', 'owner', 'from', 'to', 'leader', 'filer', 'requester', 'asker', 'user']);
const QUOTED = new Set(['text', 'basis']);

export interface LineOptions {
  locale: Locale;
  timeZone: string;
  /** Mask personal data in user text (for channels). */
  mask?: boolean;
}

function quote(text: string, mask: boolean): string {
  const trimmed = text.trim();
  if (!trimmed) return '';
  const shown = truncate(mask ? maskPersonalData(trimmed) : trimmed, LIMITS.sectionText);
  return `\n${shown.split('\n').map((l) => `>${escapeText(l)}`).join('\n')}`;
}

function when(o: LineOptions, value: string): string {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? escapeText(value) : dateTime(o.locale, date, o.timeZone);
}

export function renderParams(o: LineOptions, params: Record<string, string | number>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, raw] of Object.entries(params)) {
    const value = String(raw);
    // An outside customer acting on their page has no Slack account to mention.
    if (PEOPLE.has(name)) out[name] = value === COMPLAINANT ? escapeText(t(o.locale, 'actor.complainant')) : value ? mention(value) : '';
    else if (name === 'due') out[name] = when(o, value);
    else if (name === 'stage') out[name] = escapeText(stageLabel(o.locale, value));
    else if (name === 'left' && timeLeftFromParams(params)) out[name] = escapeText(formatTimeLeft(o.locale, timeLeftFromParams(params)!));
    else if (name === 'reason' && isMessageKey(`escalation.reason.${value}`)) out[name] = escapeText(t(o.locale, `escalation.reason.${value}` as MessageKey));
    else if (QUOTED.has(name)) out[name] = quote(value, o.mask ?? false);
    // The complaint a line is about stands out, as the reader looks for it first.
    else if (name === 'reference') out[name] = bold(escapeText(value));
    else if (name === 'level' && Number.isFinite(Number(raw))) out[name] = escapeText(escalationLevel(o.locale, Number(raw)));
    else out[name] = escapeText(o.mask ? maskPersonalData(value) : value);
  }
  return out;
}

/**
 * Cuts mrkdwn to `max` without leaving half an entity (`&am…`) or half a mention at the end,
 * which Slack would show as garbage.
 */
export function truncateMrkdwn(s: string, max: number = LIMITS.sectionText): string {
  if (Array.from(s).length <= max) return s;
  const cut = Array.from(s).slice(0, max - 1).join('').replace(/&[a-z]{0,3}$|<[^>]*$/, '');
  return `${cut}…`;
}

/** A line as mrkdwn. A key this version does not know still renders (as the key itself). */
export function renderLine(o: LineOptions, line: Line): string {
  const params = renderParams(o, line.params);
  const text = isMessageKey(line.key) ? t(o.locale, line.key, params) : `${escapeText(line.key)} ${Object.values(params).join(' ')}`.trim();
  return truncateMrkdwn(text);
}
