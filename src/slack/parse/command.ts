/** `/complaint [help|mine|show <ref>|history <ref>|digest [group]|stats [week|month|quarter] [chart]]`: what the caller asked for. */
export type StatsPeriodWord = 'week' | 'month' | 'quarter';

export type ComplaintCommand =
  | { kind: 'file' }
  | { kind: 'help' }
  | { kind: 'mine' }
  | { kind: 'show'; reference: string }
  | { kind: 'history'; reference: string }
  | { kind: 'digest'; group?: string }
  | { kind: 'stats'; period: StatsPeriodWord; chart: boolean }
  | { kind: 'unknown'; text: string };

const PERIODS: Record<string, StatsPeriodWord> = { week: 'week', 周: 'week', month: 'month', 月: 'month', quarter: 'quarter', 季度: 'quarter' };
const CHART = new Set(['chart', '图表']);

/** `[week|month|quarter] [chart]` in either order; anything else is not a stats request. */
function stats(rest: string[]): ComplaintCommand {
  let period: StatsPeriodWord = 'month';
  let chart = false;
  for (const word of rest.map((w) => w.toLowerCase())) {
    if (CHART.has(word)) chart = true;
    else if (PERIODS[word]) period = PERIODS[word];
    else return { kind: 'help' };
  }
  return { kind: 'stats', period, chart };
}

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
    case 'history':
    case '记录':
      return rest[0] ? { kind: 'history', reference: rest[0] } : { kind: 'help' };
    case 'digest':
    case '简报':
      // A group's name may have spaces in it.
      return rest.length > 0 ? { kind: 'digest', group: rest.join(' ') } : { kind: 'digest' };
    case 'stats':
    case '统计':
      return stats(rest);
    default:
      return { kind: 'unknown', text: words.join(' ') };
  }
}
