import type { Priority, Source, Status } from '../domain/complaint';
import type { DraftErrorKey } from '../domain/validate-complaint';
import type { FormErrorKey } from '../domain/web-form';
import { en } from './en';
import { zhCN } from './zh-CN';

export type Locale = 'en' | 'zh-CN';
export const LOCALES: readonly Locale[] = ['en', 'zh-CN'];
export type MessageKey = keyof typeof en;
export type MessageParams = Record<string, string | number>;

const catalogs: Record<Locale, Record<MessageKey, string>> = { en, 'zh-CN': zhCN };

// The domain names its validation errors without importing i18n; this line
// makes tsc fail if it names a key the catalogs do not have.
const _draftKeysExist: MessageKey = '' as DraftErrorKey;
void _draftKeysExist;
const _formKeysExist: MessageKey = '' as FormErrorKey;
void _formKeysExist;

/** True for a key the catalogs have: keys that arrive as data (outbox rows) are checked with this. */
export const isMessageKey = (key: string): key is MessageKey => Object.prototype.hasOwnProperty.call(en, key);

export const isLocale = (value: unknown): value is Locale =>
  typeof value === 'string' && (LOCALES as readonly string[]).includes(value);

/**
 * Looks up `key` and fills `{name}` placeholders. A missing parameter leaves its
 * placeholder visible rather than throwing: a slightly odd message beats a
 * failed notification. Substituted values are inserted verbatim (no escaping).
 */
export function t(locale: Locale, key: MessageKey, params?: MessageParams): string {
  // A locale that slipped past the type (e.g. from a stored preference) falls back to English;
  // a key that slipped past it (one stored in an outbox row by a newer version) shows itself.
  const template: string = (catalogs[locale] ?? en)[key] ?? en[key] ?? String(key);
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}

export const priorityLabel = (locale: Locale, p: Priority): string => t(locale, `priority.${p}`);
export const sourceLabel = (locale: Locale, s: Source): string => t(locale, `source.${s}`);
export const statusLabel = (locale: Locale, s: Status): string => t(locale, `status.${s}`);
/** The status (the outcome, once there is one) and, beside it, whether it has been archived. */
export const standingLabel = (locale: Locale, c: { status: Status; archivedAt: Date | null }): string =>
  c.archivedAt ? t(locale, 'status.with_archive', { status: statusLabel(locale, c.status) }) : statusLabel(locale, c.status);

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: Locale, timeZone: string): Intl.DateTimeFormat {
  const cacheKey = `${locale}|${timeZone}`;
  let f = formatters.get(cacheKey);
  if (!f) {
    f = new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'zh-CN', {
      timeZone,
      weekday: 'short',
      month: locale === 'en' ? 'short' : 'numeric',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      // h23, not hour12:false, which some ICU versions render as "24:00" at midnight.
      hourCycle: 'h23',
      // The offset at that instant ("GMT+8", "GMT+2" in a Berlin summer): unambiguous where
      // abbreviations are not (CST is China's and America's), and the same in both locales.
      timeZoneName: 'shortOffset',
    });
    formatters.set(cacheKey, f);
  }
  return f;
}

/**
 * "Mon 30 Nov, 14:00 (GMT+8)" / "11月30日（周一）14:00（GMT+8）" in `timeZone`, naming it: a time
 * read without its zone is misread by whoever is elsewhere. Assembled from parts so the layout
 * does not shift with the ICU version's default patterns. Slack messages show it as the fallback
 * of a date Slack renders in each reader's own zone (slack/blocks/markup.ts, `dateTime`).
 */
export function formatDateTime(locale: Locale, date: Date, timeZone: string): string {
  const parts: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const part of formatter(locale, timeZone).formatToParts(date)) parts[part.type] = part.value;
  const { weekday = '', day = '', month = '', hour = '', minute = '', timeZoneName = '' } = parts;
  const time = locale === 'en' ? `${weekday} ${day} ${month}, ${hour}:${minute}` : `${month}月${day}日（${weekday}）${hour}:${minute}`;
  return t(locale, 'time.in_zone', { time, zone: timeZoneName === 'GMT+0' || timeZoneName === 'GMT' ? 'UTC' : timeZoneName });
}

/** A calendar day given as `YYYY-MM-DD` (the digest's local date): "Mon 7 Dec" / "12月7日（周一）". */
export function formatDay(locale: Locale, isoDate: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!match) return isoDate;
  // Noon UTC of that day, read back in UTC: the same calendar day in every zone.
  const parts: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  const noon = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]), 12));
  for (const part of formatter(locale, 'UTC').formatToParts(noon)) parts[part.type] = part.value;
  const { weekday = '', day = '', month = '' } = parts;
  return locale === 'en' ? `${weekday} ${day} ${month}` : `${month}月${day}日（${weekday}）`;
}

const CHINESE_NUMERALS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** An escalation's level as the trade says it: "level 2" / "二级督办". */
export function escalationLevel(locale: Locale, level: number): string {
  const shown = locale === 'zh-CN' && Number.isInteger(level) && level >= 0 && level <= 10 ? CHINESE_NUMERALS[level]! : String(level);
  return t(locale, 'escalation.level', { level: shown });
}

/** A clock's stage in words; a stage the catalogs do not know (a newer version's) shows its id. */
export function stageLabel(locale: Locale, stage: string): string {
  const key = `stage.${stage}`;
  return isMessageKey(key) ? t(locale, key) : stage;
}

/**
 * "1 h 36 min" / "1小时36分钟": a span to the minute. With `days`, spans of a day or more read
 * in days and hours ("2 days 5 h"): a clock-time limit days overdue; working time stays in hours,
 * since a working day is not 24 of them.
 */
export function formatDuration(locale: Locale, minutes: number, { days: inDays = false }: { days?: boolean } = {}): string {
  const total = Math.abs(Math.round(minutes));
  if (total === 0) return t(locale, 'time.under_a_minute');
  if (inDays && total >= 24 * 60) {
    const days = Math.floor(total / (24 * 60));
    const hours = Math.floor((total % (24 * 60)) / 60);
    const dayText = t(locale, days === 1 ? 'time.day' : 'time.days', { days });
    return hours === 0 ? dayText : t(locale, 'time.days_hours', { days: dayText, hours });
  }
  const hours = Math.floor(total / 60);
  const rest = total % 60;
  if (hours === 0) return t(locale, 'time.minutes', { minutes: rest });
  return rest === 0 ? t(locale, 'time.hours', { hours }) : t(locale, 'time.hours_minutes', { hours, minutes: rest });
}

export interface TimeLeftText {
  clock: 'working' | 'elapsed';
  minutes: number;
  overdue: boolean;
}

/**
 * How a limit stands, in its own clock: "15 min left", "overdue by 2 days 5 h", "1 h of working
 * time left", "overdue by 20 min of working time", or just "overdue" when a working-time limit
 * passed with no working time since (it passed at night).
 */
export function formatTimeLeft(locale: Locale, left: TimeLeftText): string {
  const elapsed = left.clock === 'elapsed';
  if (left.overdue && Math.round(left.minutes) === 0) return t(locale, 'time.overdue_now');
  const duration = formatDuration(locale, left.minutes, { days: elapsed });
  if (elapsed) return t(locale, left.overdue ? 'time.overdue_elapsed' : 'time.left_elapsed', { duration });
  return t(locale, left.overdue ? 'time.overdue' : 'time.left', { duration });
}

/**
 * The `left` line parameter (minutes, negative when overdue) with its companions `overdue` and
 * `leftClock`; a row queued before they existed reads by the sign, in working time.
 */
export function timeLeftFromParams(params: Record<string, string | number>): TimeLeftText | undefined {
  const minutes = Number(params.left);
  if (!Number.isFinite(minutes)) return undefined;
  const overdue = params.overdue === undefined ? minutes < 0 : Number(params.overdue) === 1;
  return { clock: params.leftClock === 'elapsed' ? 'elapsed' : 'working', minutes: Math.abs(minutes), overdue };
}
