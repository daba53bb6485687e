/**
 * Block Kit as the text a person reads: the demo prints it, and the message tests keep it as
 * their snapshots, so a reviewer reads messages rather than JSON. Buttons are in [brackets],
 * form fields as `label: [kind …]`; with `wiring` a `⚙` line under each block names its
 * action ids and values, the part a listener depends on.
 */
type Obj = Record<string, unknown>;

export interface TextOptions {
  /** A person's or channel's name for an id (default: the id itself). */
  names?: (id: string) => string;
  /** Links as `label (url)` instead of just the label. */
  urls?: boolean;
  /** Under each block with interactive elements, a `⚙` line of their action_id=value. */
  wiring?: boolean;
}

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const textOf = (t: unknown): string => (isObj(t) ? str(t.text) : '');
const list = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isObj) : []);

/** Slack's mrkdwn to readable text: mentions by name, links by label, entities decoded. */
export function plainText(mrkdwn: string, opts: TextOptions = {}): string {
  const names = opts.names ?? ((id: string) => id);
  return mrkdwn
    .replace(/<@([UW][A-Z0-9]+)>/g, (_, id: string) => `@${names(id)}`)
    .replace(/<#([CG][A-Z0-9]+)(?:\|[^>]*)?>/g, (_, id: string) => `#${names(id)}`)
    .replace(/<!date\^\d+\^[^|]*\|([^>]*)>/g, '$1')
    .replace(/<(https?:[^|>]+)\|([^>]+)>/g, (_, url: string, label: string) => (opts.urls ? `${label} (${url})` : label))
    .replace(/<(https?:[^>]+)>/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** A form element as `[kind …]`: its options, with the preselected one marked `•`. */
function element(e: Obj): string {
  const options = list(e.options);
  const initial = [e.initial_option, ...list(e.initial_options)].filter(isObj).map((o) => str(o.value));
  const choices = options.map((o) => `${initial.includes(str(o.value)) ? '•' : ''}${textOf(o.text)}`).join(' | ');
  switch (e.type) {
    case 'button':
      return `[${textOf(e.text)}]`;
    case 'overflow':
      return `[… ${choices}]`;
    case 'static_select':
      return `[select: ${choices}]`;
    case 'radio_buttons':
      return `[one of: ${choices}]`;
    case 'checkboxes':
      return `[tick: ${choices}]`;
    case 'users_select':
      return `[person${e.initial_user ? `: @${str(e.initial_user)}` : ''}]`;
    case 'datetimepicker':
      return `[date and time${typeof e.initial_date_time === 'number' ? `: ${new Date(e.initial_date_time * 1000).toISOString()}` : ''}]`;
    case 'plain_text_input': {
      const hints = [e.multiline ? 'several lines' : 'one line', typeof e.max_length === 'number' ? `≤ ${e.max_length}` : ''].filter(Boolean).join(', ');
      const initial = str(e.initial_value) ? ` "${str(e.initial_value)}"` : '';
      return `[text, ${hints}${initial}]`;
    }
    default:
      return `[${str(e.type)}]`;
  }
}

/** action_id=value of a block's interactive elements; a menu lists its options' values. */
function wiring(b: Obj): string {
  const ids: string[] = [];
  for (const e of [b.accessory, b.element, ...list(b.elements)]) {
    if (!isObj(e) || typeof e.action_id !== 'string') continue;
    const options = list(e.options).map((o) => str(o.value));
    const value = typeof e.value === 'string' ? `=${e.value}` : e.type === 'overflow' ? `=${options.join(',')}` : '';
    ids.push(`${e.action_id}${value}`);
  }
  return ids.length ? `  ⚙ ${ids.join(' · ')}` : '';
}

export function blocksAsText(blocks: unknown, opts: TextOptions = {}): string[] {
  const lines: string[] = [];
  for (const b of list(blocks)) {
    switch (b.type) {
      case 'header':
        lines.push(`== ${textOf(b.text)} ==`);
        break;
      case 'section': {
        if (b.text) lines.push(textOf(b.text));
        for (const f of list(b.fields)) lines.push(`  ${textOf(f).replace(/\n/g, ' ')}`);
        if (isObj(b.accessory)) lines.push(`  ${element(b.accessory)}`);
        break;
      }
      case 'context':
        lines.push(list(b.elements).map(textOf).join('  '));
        break;
      case 'actions':
        lines.push(list(b.elements).map(element).join(' '));
        break;
      case 'input': {
        const e = isObj(b.element) ? b.element : {};
        const id = opts.wiring && typeof e.action_id === 'string' ? `  ⚙ ${e.action_id}` : '';
        // A label that is a question ("由谁处理？") takes no colon after it.
        const label = `${textOf(b.label)}${b.optional ? ' (optional)' : ''}`;
        lines.push(`  ${label}${/[？?：:]$/.test(label) ? ' ' : ': '}${element(e)}${id}`);
        if (b.hint) lines.push(`    ${textOf(b.hint)}`);
        continue;
      }
      case 'divider':
        lines.push('  ---');
        break;
      default:
        lines.push(`[${str(b.type)}]`);
    }
    if (opts.wiring) lines.push(wiring(b));
  }
  return lines.flatMap((l) => plainText(l, opts).split('\n')).filter((l) => l.trim() !== '');
}

/** A message's blocks, after its notification text (what a lock screen shows) when that differs. */
export function messageAsText(message: { text?: string; blocks?: unknown }, opts: TextOptions = {}): string {
  const body = blocksAsText(message.blocks, opts);
  const notification = plainText(str(message.text), opts);
  const same = body.filter((l) => !l.startsWith('  ⚙ ')).join('\n') === notification;
  return [...(same ? [] : [`🔔 ${notification.replace(/\n/g, ' ⏎ ')}`]), ...body].join('\n');
}

/** A modal or Home tab: title and buttons, then its blocks. */
export function viewAsText(view: { type?: string; title?: unknown; submit?: unknown; close?: unknown; callback_id?: string; blocks?: unknown }, opts: TextOptions = {}): string {
  const buttons = [view.submit, view.close].filter(Boolean).map((b) => `[${textOf(b)}]`).join(' ');
  const head = view.type === 'home' ? '«Home»' : `«${textOf(view.title)}» ${buttons}${opts.wiring && view.callback_id ? `  ⚙ ${view.callback_id}` : ''}`;
  return [head.trimEnd(), ...blocksAsText(view.blocks, opts)].join('\n');
}

/** Slack's date tokens as their fallback (the date in the configured zone, naming it), the rest untouched. */
export const withoutDates = (mrkdwn: string): string => mrkdwn.replace(/<!date\^\d+\^[^|>]*\|([^>]*)>/g, '$1');
