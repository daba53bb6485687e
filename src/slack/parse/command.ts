/** `/complaint [help|mine|show <ref>]`: what the caller asked for. */
export type ComplaintCommand =
  | { kind: 'file' }
  | { kind: 'help' }
  | { kind: 'mine' }
  | { kind: 'show'; reference: string }
  | { kind: 'unknown'; text: string };

export function parseCommandText(text: string | undefined): ComplaintCommand {
  const words = (text ?? '').trim().split(/\s+/).filter(Boolean);
  const [verb, ...rest] = words;
  if (!verb) return { kind: 'file' };
  switch (verb.toLowerCase()) {
    case 'help':
    case '帮助':
      return { kind: 'help' };
    case 'mine':
    case '我的':
      return { kind: 'mine' };
    case 'show':
    case '查看':
      return rest[0] ? { kind: 'show', reference: rest[0] } : { kind: 'help' };
    default:
      return { kind: 'unknown', text: words.join(' ') };
  }
}
