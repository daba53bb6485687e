/**
 * A Block Kit message as plain text, for a terminal (`pledge digest --dry-run`): what people
 * would read, in block order, with links and mentions spelt out and Slack's entities undone.
 */
import type { SlackMessage } from './common';
import { unescapeText } from './escape';

type Text = { text?: unknown };
type Block = { type?: unknown; text?: Text; fields?: Text[]; elements?: Text[] };

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** `<url|label>` -> `label (url)`, `<@U1>` -> `@U1`, a date token -> its fallback, `*bold*` -> `bold`, entities undone. */
export function mrkdwnToPlain(text: string): string {
  const spelt = text
    .replace(/<(https?:[^|>]+)\|([^>]*)>/g, (_, url: string, label: string) => `${label} (${url.replace(/&amp;/g, '&')})`)
    .replace(/<@([A-Z0-9]+)>/g, '@$1')
    // A date Slack would render in the reader's zone: its fallback, which names the zone.
    .replace(/<!date\^\d+\^[^|>]*\|([^>]*)>/g, '$1')
    .replace(/\*([^*\n]+)\*/g, '$1');
  return unescapeText(spelt);
}

export function messageAsText(message: SlackMessage): string {
  const lines: string[] = [];
  for (const block of message.blocks as Block[]) {
    if (block.type === 'header') lines.push(str(block.text?.text), '');
    else if (block.type === 'section') {
      if (block.text) lines.push(mrkdwnToPlain(str(block.text.text)));
      if (block.fields) lines.push(block.fields.map((f) => mrkdwnToPlain(str(f.text)).replace(/\n/g, ': ')).join('\n'));
    } else if (block.type === 'context') lines.push((block.elements ?? []).map((e) => mrkdwnToPlain(str(e.text))).join(' '));
    else if (block.type === 'divider') lines.push('');
  }
  return lines.join('\n');
}
