/**
 * A period report as text: Markdown for people (CLI, Slack), CSV for spreadsheets, JSON for
 * other programs. Headers and titles follow the locale; JSON keeps stable field names.
 */
import { DIMENSIONS, type Dimension, type Report } from '../domain/report';
import type { Locale } from '../i18n';
import { namer, type NameOf } from './columns';
import { reportCsv } from './csv';
import { reportMarkdown } from './markdown';

export const REPORT_FORMATS = ['md', 'csv', 'json'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];
export type { NameOf };

export const isReportFormat = (value: unknown): value is ReportFormat =>
  typeof value === 'string' && (REPORT_FORMATS as readonly string[]).includes(value);

export function formatReport(report: Report, format: ReportFormat, locale: Locale, nameOf?: (dimension: Dimension, key: string) => string): string {
  const name = namer(locale, nameOf);
  switch (format) {
    case 'md':
      return reportMarkdown(report, locale, name);
    case 'csv':
      return reportCsv(report, locale, name);
    case 'json':
      return `${JSON.stringify(reportJson(report, name), null, 2)}\n`;
  }
}

/**
 * Version 1 of the JSON shape: fields in a fixed order, ISO 8601 instants, null for no data.
 * A consumer keys on `key`; `name` is for display and may change with config.
 */
function reportJson(report: Report, nameOf: NameOf) {
  const by = Object.fromEntries(
    DIMENSIONS.map((d) => [d, report.by[d].map((r) => ({ key: r.key, name: nameOf(d, r.key), ...r.metrics }))]),
  );
  return {
    version: 1,
    period: { label: report.period.label, start: report.period.start.toISOString(), end: report.period.end.toISOString() },
    total: report.total,
    by,
  };
}
