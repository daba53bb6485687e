/**
 * `/complaint history <ref>`: the audit trail as lines of time, who, and what happened, in the
 * catalog's words per event type. Only the service's shown params reach here (choices, stages,
 * people's ids), never the payload's free text, which may quote the customer.
 */
import type { KnownBlock } from '@slack/types';
import { PRIORITIES, type Priority } from '../../domain/complaint';
import { COMPLAINANT } from '../../domain/access';
import { escalationLevel, isMessageKey, priorityLabel, stageLabel, t, type Locale, type MessageKey } from '../../i18n';
import type { ComplaintHistory, HistoryEntry } from '../../services/complaint-history';
import { LIMITS, mention, mrkdwn, plain, type SlackMessage } from './common';
import { escapeText } from './escape';
import { dateTime } from './markup';

/** 1 header + sections + 1 note: the sections may take the rest of Slack's 50 blocks. */
const SECTIONS_MAX = LIMITS.messageBlocks - 2;
const PEOPLE = new Set(['owner', 'to', 'from', 'approver']);
const NONE = '–';

export interface HistoryContext {
  locale: Locale;
  timeZone: string;
}

/** The catalog's label for `prefix.value`, or the value itself when this version has none. */
function labelled(locale: Locale, prefix: string, value: string): string {
  const key = `${prefix}.${value}`;
  return escapeText(isMessageKey(key) ? t(locale, key) : value);
}

function param(ctx: HistoryContext, name: string, value: string | number): string {
  const text = String(value);
  if (PEOPLE.has(name)) return mention(text);
  if (name === 'stage') return escapeText(stageLabel(ctx.locale, text));
  if (name === 'due') return dateTime(ctx.locale, new Date(text), ctx.timeZone);
  if (name === 'priority') return escapeText((PRIORITIES as readonly string[]).includes(text) ? priorityLabel(ctx.locale, text as Priority) : text);
  if (name === 'decision') return labelled(ctx.locale, 'history.decision', text);
  if (name === 'kind') return labelled(ctx.locale, 'history.kind', text);
  if (name === 'level' && Number.isFinite(Number(value))) return escapeText(escalationLevel(ctx.locale, Number(value)));
  if (name === 'by') return labelled(ctx.locale, 'recorded', text);
  return escapeText(text);
}

function actor(ctx: HistoryContext, actorId: string): string {
  if (actorId === COMPLAINANT) return t(ctx.locale, 'actor.complainant');
  return actorId === 'system' ? t(ctx.locale, 'history.system') : mention(actorId);
}

export function entryLine(ctx: HistoryContext, entry: HistoryEntry): string {
  const { locale } = ctx;
  const key = `history.${entry.type}`;
  const params: Record<string, string> = { actor: actor(ctx, entry.actorId), type: escapeText(entry.type) };
  for (const [name, value] of Object.entries(entry.params)) params[name] = param(ctx, name, value);
  const template = isMessageKey(key) ? key : ('history.other' satisfies MessageKey);
  // A placeholder an older event's payload cannot fill reads as a dash, not as "{approver}".
  for (const [, name] of t(locale, template).matchAll(/\{(\w+)\}/g)) params[name!] ??= NONE;
  const when = dateTime(locale, entry.at, ctx.timeZone);
  return `${when} · ${t(locale, template, params)}`;
}

export function historyMessage(ctx: HistoryContext, history: ComplaintHistory): SlackMessage {
  const { locale } = ctx;
  const blocks: KnownBlock[] = [{ type: 'header', text: plain(t(locale, 'history.title', { reference: history.reference }), LIMITS.headerText) }];
  let current = '';
  const sections: string[] = [];
  for (const line of history.entries.map((e) => entryLine(ctx, e))) {
    const next = current ? `${current}\n${line}` : line;
    if (Array.from(next).length > LIMITS.sectionText && current) {
      sections.push(current);
      current = line;
    } else current = next;
  }
  if (current) sections.push(current);
  blocks.push(...sections.slice(0, SECTIONS_MAX).map((text): KnownBlock => ({ type: 'section', text: mrkdwn(text) })));
  if (history.truncated) blocks.push({ type: 'context', elements: [mrkdwn(t(locale, 'history.truncated', { count: history.entries.length }))] });
  return { text: t(locale, 'history.fallback', { reference: history.reference }), blocks };
}
