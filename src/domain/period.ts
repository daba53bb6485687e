/**
 * Report periods in the team's time zone: "2026-Q4", "2026-11", "2026-W48", or the current
 * week, month or quarter. Luxon does the zone and ISO-week arithmetic.
 */
import { DateTime } from 'luxon';

export interface Period {
  label: string;
  start: Date;
  end: Date;
}

export function parsePeriod(text: string, timeZone: string): Period | undefined {
  const t = text.trim().toUpperCase();
  let m = /^(\d{4})-Q([1-4])$/.exec(t);
  if (m) {
    const start = DateTime.fromObject({ year: Number(m[1]), month: (Number(m[2]) - 1) * 3 + 1, day: 1 }, { zone: timeZone });
    return make(t, start, start.plus({ months: 3 }));
  }
  m = /^(\d{4})-(\d{2})$/.exec(t);
  if (m && Number(m[2]) >= 1 && Number(m[2]) <= 12) {
    const start = DateTime.fromObject({ year: Number(m[1]), month: Number(m[2]), day: 1 }, { zone: timeZone });
    return make(t, start, start.plus({ months: 1 }));
  }
  m = /^(\d{4})-W(\d{2})$/.exec(t);
  if (m) {
    const start = DateTime.fromObject({ weekYear: Number(m[1]), weekNumber: Number(m[2]), weekday: 1 }, { zone: timeZone });
    return start.isValid && start.weekNumber === Number(m[2]) ? make(t, start, start.plus({ weeks: 1 })) : undefined;
  }
  return undefined;
}

/** The week, month or quarter that contains `now`. */
export function currentPeriod(kind: 'week' | 'month' | 'quarter', now: Date, timeZone: string): Period {
  const local = DateTime.fromJSDate(now, { zone: timeZone });
  if (kind === 'week') return parsePeriod(`${local.weekYear}-W${String(local.weekNumber).padStart(2, '0')}`, timeZone)!;
  if (kind === 'month') return parsePeriod(`${local.year}-${String(local.month).padStart(2, '0')}`, timeZone)!;
  return parsePeriod(`${local.year}-Q${local.quarter}`, timeZone)!;
}

function make(label: string, start: DateTime, end: DateTime): Period | undefined {
  return start.isValid ? { label, start: start.toJSDate(), end: end.toJSDate() } : undefined;
}

/**
 * The months a period is made of, each as its first day ("YYYY-MM-01"), when it is whole
 * months in the zone (a month or a quarter); undefined for a week or any other span.
 */
export function wholeMonths(period: Period, timeZone: string): string[] | undefined {
  const start = DateTime.fromJSDate(period.start, { zone: timeZone });
  const end = DateTime.fromJSDate(period.end, { zone: timeZone });
  const isMonthStart = (t: DateTime) => t.isValid && +t === +t.startOf('month');
  if (!isMonthStart(start) || !isMonthStart(end) || end <= start) return undefined;
  const months: string[] = [];
  for (let m = start; m < end; m = m.plus({ months: 1 })) months.push(m.toISODate()!);
  return months;
}
