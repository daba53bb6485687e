/** Block Kit as plain text for a terminal: what a person would read, buttons in [brackets]. */
type Obj = Record<string, unknown>;

const text = (t: unknown): string => (t && typeof t === 'object' ? String((t as Obj).text ?? '') : '');

/** Slack's mrkdwn to readable text: mentions by name, links by label, entities decoded. */
export function plainText(mrkdwn: string, names: (id: string) => string): string {
  return mrkdwn
    .replace(/<@([UW][A-Z0-9]+)>/g, (_, id: string) => `@${names(id)}`)
    .replace(/<#([CG][A-Z0-9]+)(?:\|[^>]*)?>/g, (_, id: string) => `#${names(id)}`)
    .replace(/<!date\^\d+\^[^|]*\|([^>]*)>/g, '$1')
    .replace(/<(https?:[^|>]+)\|([^>]+)>/g, '$2')
    .replace(/<(https?:[^>]+)>/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

export function renderBlocks(blocks: unknown, names: (id: string) => string): string[] {
  const lines: string[] = [];
  for (const b of (Array.isArray(blocks) ? blocks : []) as Obj[]) {
    switch (b.type) {
      case 'header':
        lines.push(`== ${text(b.text)} ==`);
        break;
      case 'section': {
        if (b.text) lines.push(text(b.text));
        for (const f of (b.fields as Obj[] | undefined) ?? []) lines.push(`  ${text(f).replace(/\n/g, ' ')}`);
        const acc = b.accessory as Obj | undefined;
        if (acc?.type === 'button') lines.push(`  [${text(acc.text)}]`);
        break;
      }
      case 'context':
        lines.push(((b.elements as Obj[] | undefined) ?? []).map(text).join('  '));
        break;
      case 'actions':
        lines.push(((b.elements as Obj[]) ?? []).map((e) => (e.type === 'button' ? `[${text(e.text)}]` : e.type === 'overflow' ? '[…]' : '')).filter(Boolean).join(' '));
        break;
      case 'input':
        lines.push(`  ${text(b.label)}: ____`);
        break;
      case 'divider':
        lines.push('  ---');
        break;
      default:
        break;
    }
  }
  return lines.map((l) => plainText(l, names)).filter((l) => l.trim() !== '');
}
