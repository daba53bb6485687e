/**
 * The report's metric columns, in the order every format shows them, each with its
 * catalog key. JSON keeps the Metrics field names; md and csv show the localized headers.
 */
import type { Dimension, Metrics } from '../domain/report';
import { PRIORITIES, type Priority } from '../domain/complaint';
import { priorityLabel, t, type Locale, type MessageKey } from '../i18n';

export const METRIC_COLUMNS: readonly { field: keyof Metrics; header: MessageKey }[] = [
  { field: 'volume', header: 'report.col.volume' },
  { field: 'acknowledgedOnTimePct', header: 'report.col.acknowledged_on_time' },
  { field: 'solutionOnTimePct', header: 'report.col.solution_on_time' },
  { field: 'resolutionRatePct', header: 'report.col.resolution_rate' },
  { field: 'rejectionRatePct', header: 'report.col.rejection_rate' },
  { field: 'meanSolutionWorkingHours', header: 'report.col.mean_solution_hours' },
  { field: 'p90SolutionWorkingHours', header: 'report.col.p90_solution_hours' },
  { field: 'escalations', header: 'report.col.escalations' },
  { field: 'averageSatisfaction', header: 'report.col.satisfaction' },
  { field: 'responseRatePct', header: 'report.col.response_rate' },
  { field: 'ratingsFromComplainant', header: 'report.col.ratings_from_complainant' },
  { field: 'ratingsRecordedByStaff', header: 'report.col.ratings_by_staff' },
  { field: 'pausedHours', header: 'report.col.paused_hours' },
  { field: 'lowRated', header: 'report.col.low_rated' },
  { field: 'reviewed', header: 'report.col.reviewed' },
];

const isPriority = (key: string): key is Priority => (PRIORITIES as readonly string[]).includes(key);

export const dimensionHeader = (locale: Locale, d: Dimension): string => t(locale, `report.col.${d}`);
export const dimensionTitle = (locale: Locale, d: Dimension): string => t(locale, `report.by.${d}`);

/** How a row's key reads to a person: group names and owners come from the caller (config, Slack). */
export type NameOf = (dimension: Dimension, key: string) => string;

/** Priorities have catalog labels; anything else shows its key unless the caller knows better. */
export function namer(locale: Locale, nameOf?: NameOf): NameOf {
  return (dimension, key) => {
    const name = nameOf?.(dimension, key);
    if (name !== undefined && name !== key) return name;
    return dimension === 'priority' && isPriority(key) ? priorityLabel(locale, key) : key;
  };
}

/** Numbers as computed (already rounded by the domain); null stays null for each format to spell. */
export const cell = (metrics: Metrics, field: keyof Metrics): string | null => {
  const value = metrics[field];
  return value === null ? null : String(value);
};
