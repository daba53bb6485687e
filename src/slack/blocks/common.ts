import type { KnownBlock, MrkdwnElement, PlainTextElement } from '@slack/types';
import { isSlackUserId } from '../chat-ids';
import { escapeText } from './escape';

/** What chat.postMessage / chat.update take: `text` is the notification fallback. */
export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

/** Slack's documented limits; exceeding any of them makes the whole call fail. */
export const LIMITS = {
  messageBlocks: 50,
  modalBlocks: 100,
  modalTitle: 24,
  modalButton: 24,
  privateMetadata: 3000,
  headerText: 150,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  contextElements: 10,
  buttonText: 75,
  buttonValue: 2000,
  optionText: 75,
  optionValue: 150,
  options: 100,
  inputLabel: 2000,
  placeholder: 150,
} as const;

/** Cuts to `max` characters (code points, so no half emoji), ending with an ellipsis. */
export function truncate(s: string, max: number): string {
  const chars = Array.from(s);
  return chars.length <= max ? s : `${chars.slice(0, max - 1).join('')}…`;
}

export const plain = (text: string, max?: number): PlainTextElement => ({
  type: 'plain_text',
  text: max === undefined ? text : truncate(text, max),
  emoji: true,
});

export const mrkdwn = (text: string, max: number = LIMITS.sectionText): MrkdwnElement => ({
  type: 'mrkdwn',
  text: truncate(text, max),
});

/** A user mention; anything that is not a Slack user id is shown as inert text instead. */
export function mention(userId: string): string {
  return isSlackUserId(userId) ? `<@${userId}>` : escapeText(userId);
}

/**
 * A mrkdwn link, or just the label when the URL is not plain http(s): a URL
 * containing `|` or `>` would otherwise let it rewrite its own label.
 */
export function link(url: string, label: string): string {
  if (!/^https?:\/\/[^\s<>|]+$/.test(url)) return escapeText(label);
  return `<${url.replace(/&/g, '&amp;')}|${escapeText(label)}>`;
}

/** A `*Label*\nvalue` section field; `value` must already be mrkdwn-safe. */
export const field = (label: string, value: string): MrkdwnElement =>
  mrkdwn(`*${escapeText(label)}*\n${value}`, LIMITS.fieldText);

/** Section blocks of at most ten fields each, as Slack requires. */
export function fieldSections(fields: MrkdwnElement[]): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  for (let i = 0; i < fields.length; i += LIMITS.sectionFields) {
    blocks.push({ type: 'section', fields: fields.slice(i, i + LIMITS.sectionFields) });
  }
  return blocks;
}

/** Lines packed into as few sections as Slack's 3,000 characters per text allow. */
export function packedSections(lines: readonly string[]): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  let current = '';
  for (const line of lines) {
    const next = current ? `${current}\n${line}` : line;
    if (Array.from(next).length > LIMITS.sectionText && current) {
      blocks.push({ type: 'section', text: mrkdwn(current) });
      current = line;
    } else current = next;
  }
  if (current) blocks.push({ type: 'section', text: mrkdwn(current) });
  return blocks;
}
