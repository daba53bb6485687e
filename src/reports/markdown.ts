/** The report as Markdown: a title with the period, the totals, then one table per dimension. */
import { DIMENSIONS, type Metrics, type Report } from '../domain/report';
import { t, type Locale } from '../i18n';
import { cell, dimensionHeader, dimensionTitle, METRIC_COLUMNS, type NameOf } from './columns';

/** No data (a rate over nothing) is a dash, so it never reads as 0%. */
const DASH = '–';

// A pipe would end the cell early and a newline the row; names come from config and chat.
const escape = (text: string) => text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\s*[\r\n]+\s*/g, ' ');

function table(head: string[], align: ('left' | 'right')[], rows: string[][]): string[] {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(head.map(escape)), line(align.map((a) => (a === 'right' ? '---:' : '---'))), ...rows.map((r) => line(r.map(escape)))];
}

const values = (m: Metrics) => METRIC_COLUMNS.map((c) => cell(m, c.field) ?? DASH);

export function reportMarkdown(report: Report, locale: Locale, nameOf: NameOf): string {
  const metricHeads = METRIC_COLUMNS.map((c) => t(locale, c.header));
  const numeric = METRIC_COLUMNS.map(() => 'right' as const);
  const out = [`# ${t(locale, 'report.title', { period: report.period.label })}`, '', `## ${t(locale, 'report.total')}`, ''];
  out.push(...table(metricHeads, numeric, [values(report.total)]));
  if (report.total.volume === 0) return [...out, '', t(locale, 'report.none'), ''].join('\n');
  for (const dimension of DIMENSIONS) {
    const rows = report.by[dimension].map((r) => [nameOf(dimension, r.key), ...values(r.metrics)]);
    out.push('', `## ${dimensionTitle(locale, dimension)}`, '');
    out.push(...table([dimensionHeader(locale, dimension), ...metricHeads], ['left', ...numeric], rows));
  }
  return [...out, ''].join('\n');
}
