/**
 * The report as CSV (RFC 4180: comma separated, CRLF line ends, a field quoted when it holds a
 * quote, comma or line break, quotes doubled). One header row, then the totals, then one row
 * per (dimension, key). No data is an empty field, so spreadsheets do not average it in as 0.
 */
import { DIMENSIONS, type Metrics, type Report } from '../domain/report';
import { t, type Locale } from '../i18n';
import { cell, dimensionHeader, METRIC_COLUMNS, type NameOf } from './columns';

export function csvField(value: string | null): string {
  if (value === null) return '';
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

const row = (fields: (string | null)[]) => fields.map(csvField).join(',');
const values = (m: Metrics) => METRIC_COLUMNS.map((c) => cell(m, c.field));

export function reportCsv(report: Report, locale: Locale, nameOf: NameOf): string {
  const lines = [
    row([t(locale, 'report.dimension'), t(locale, 'report.key'), t(locale, 'report.name'), ...METRIC_COLUMNS.map((c) => t(locale, c.header))]),
    row([t(locale, 'report.total'), null, null, ...values(report.total)]),
  ];
  for (const dimension of DIMENSIONS) {
    for (const r of report.by[dimension]) {
      lines.push(row([dimensionHeader(locale, dimension), r.key, nameOf(dimension, r.key), ...values(r.metrics)]));
    }
  }
  return `${lines.join('\r\n')}\r\n`;
}
