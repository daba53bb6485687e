import { describe, expect, it } from 'vitest';
import { loadHolidayTable } from '../../src/calendar-data/holidays';
import { buildCalendar, type CalendarSpec, type TimeRange, type Weekday } from '../../src/domain/calendar';

const HOUR = 3_600_000;
const MINUTE = 60_000;
const iso = (d: Date) => d.toISOString();
/** Local times are written with their UTC offset, so the expectations do not depend on the zone code. */
const at = (text: string) => new Date(text);

const LUNCH: TimeRange[] = [
  { start: '09:00', end: '12:00' },
  { start: '13:30', end: '18:00' },
];
const week = (hours: TimeRange[], days: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri']): CalendarSpec['workingHours'] => ({
  mon: [],
  tue: [],
  wed: [],
  thu: [],
  fri: [],
  sat: [],
  sun: [],
  ...Object.fromEntries(days.map((d) => [d, hours])),
});

const cnData = loadHolidayTable({ country: 'CN', years: [2025, 2026, 2027] });
const shanghai = (extra: Partial<CalendarSpec> = {}) =>
  buildCalendar({ timeZone: 'Asia/Shanghai', workingHours: week(LUNCH), holidays: [], workdays: [], ...extra }, cnData.table, cnData.coveredYears);
const cn = shanghai();

describe('CN 2026 from chinese-days: Spring Festival', () => {
  // 春节: 2月15日（周日）至23日（周一）放假调休，共9天，2月14日（周六）、2月28日（周六）上班
  it.each([
    ['2026-02-13', true, 'Friday before'],
    ['2026-02-14', true, 'adjusted working Saturday'],
    ['2026-02-15', false, 'first day off (Sunday)'],
    ['2026-02-16', false, 'Monday in the holiday'],
    ['2026-02-20', false, 'Friday in the holiday'],
    ['2026-02-23', false, 'last day off (Monday)'],
    ['2026-02-24', true, 'first day back'],
    ['2026-02-28', true, 'second adjusted working Saturday'],
    ['2026-03-01', false, 'plain Sunday'],
  ])('%s is a working day: %s (%s)', (date, working) => {
    expect(cn.isWorkingDay(date)).toBe(working);
  });

  it.each([
    ['Friday 10:00, 1 working day: the adjusted Saturday', '2026-02-13T10:00+08:00', 1, '2026-02-14T18:00+08:00'],
    ['Friday 10:00, 2 working days: over the nine days off', '2026-02-13T10:00+08:00', 2, '2026-02-24T18:00+08:00'],
    ['Friday 10:00, 3 working days', '2026-02-13T10:00+08:00', 3, '2026-02-25T18:00+08:00'],
    ['filed during the holiday, 1 working day', '2026-02-18T11:00+08:00', 1, '2026-02-24T18:00+08:00'],
    ['filed on the adjusted Saturday, 1 working day', '2026-02-14T09:30+08:00', 1, '2026-02-24T18:00+08:00'],
  ])('endOfNthWorkingDay: %s', (_, start, n, due) => {
    expect(iso(cn.endOfNthWorkingDay(at(start), n))).toBe(iso(at(due)));
  });

  it('counts working hours on the adjusted Saturday, then after the holiday', () => {
    expect(cn.isWorkingTime(at('2026-02-14T10:00+08:00'))).toBe(true);
    expect(iso(cn.addWorkingTime(at('2026-02-14T17:00+08:00'), 2 * HOUR))).toBe(iso(at('2026-02-24T10:00+08:00')));
    expect(cn.workingTimeBetween(at('2026-02-14T18:00+08:00'), at('2026-02-24T09:00+08:00'))).toBe(0);
    expect(iso(cn.nextWorkingStart(at('2026-02-20T15:00+08:00')))).toBe(iso(at('2026-02-24T09:00+08:00')));
  });
});

describe('CN 2026 from chinese-days: National Day', () => {
  // 国庆节: 10月1日（周四）至7日（周三）放假调休，共7天，9月20日（周日）、10月10日（周六）上班; 中秋 9月25日至27日
  it.each([
    ['2026-09-20', true, 'adjusted working Sunday'],
    ['2026-09-25', false, 'Mid-autumn Friday'],
    ['2026-09-30', true, 'Wednesday before'],
    ['2026-10-01', false, 'National Day'],
    ['2026-10-05', false, 'Monday in the holiday'],
    ['2026-10-07', false, 'last day off'],
    ['2026-10-08', true, 'first day back'],
    ['2026-10-10', true, 'adjusted working Saturday'],
    ['2026-10-11', false, 'plain Sunday'],
  ])('%s is a working day: %s (%s)', (date, working) => {
    expect(cn.isWorkingDay(date)).toBe(working);
  });

  it('ends 3 working days from the eve of the holiday on the adjusted Saturday', () => {
    expect(iso(cn.endOfNthWorkingDay(at('2026-09-30T15:00+08:00'), 3))).toBe(iso(at('2026-10-10T18:00+08:00')));
  });

  it('carries working hours over the week off', () => {
    expect(iso(cn.addWorkingTime(at('2026-09-30T17:00+08:00'), 4 * HOUR))).toBe(iso(at('2026-10-08T12:00+08:00')));
    expect(cn.workingTimeBetween(at('2026-09-30T17:00+08:00'), at('2026-10-08T12:00+08:00'))).toBe(4 * HOUR);
  });

  it('works on the adjusted Sunday before Mid-autumn', () => {
    expect(cn.isWorkingTime(at('2026-09-20T10:00+08:00'))).toBe(true);
    expect(iso(cn.endOfNthWorkingDay(at('2026-09-19T10:00+08:00'), 1))).toBe(iso(at('2026-09-20T18:00+08:00')));
  });
});

describe('a plain week in Asia/Shanghai, 09:00-12:00 and 13:30-18:00', () => {
  it.each([
    ['Friday after hours + 3 working days: Wednesday evening', '2026-03-06T19:00+08:00', 3, '2026-03-11T18:00+08:00'],
    ['Friday after hours + 1 working day: Monday evening', '2026-03-06T19:00+08:00', 1, '2026-03-09T18:00+08:00'],
    ['Saturday + 1 working day: Monday (the start day is never counted)', '2026-03-07T12:00+08:00', 1, '2026-03-09T18:00+08:00'],
    ['Monday before hours + 1 working day: Tuesday', '2026-03-09T07:00+08:00', 1, '2026-03-10T18:00+08:00'],
    ['Thursday + 2 working days: over the weekend', '2026-03-05T10:00+08:00', 2, '2026-03-09T18:00+08:00'],
  ])('endOfNthWorkingDay: %s', (_, start, n, due) => {
    expect(iso(cn.endOfNthWorkingDay(at(start), n))).toBe(iso(at(due)));
  });

  it.each([
    ['filed in the lunch break + 2 h: counting starts at 13:30', '2026-03-04T12:30+08:00', 2 * HOUR, '2026-03-04T15:30+08:00'],
    ['filed before lunch + 2 h: the break does not count', '2026-03-04T11:00+08:00', 2 * HOUR, '2026-03-04T14:30+08:00'],
    ['filed at 17:00 + 2 h: one hour today, one tomorrow', '2026-03-04T17:00+08:00', 2 * HOUR, '2026-03-05T10:00+08:00'],
    ['filed Friday after hours + 2 h: Monday 11:00', '2026-03-06T19:00+08:00', 2 * HOUR, '2026-03-09T11:00+08:00'],
    ['a limit that ends with the day ends at 18:00, not next morning', '2026-03-04T13:30+08:00', 270 * MINUTE, '2026-03-04T18:00+08:00'],
    ['0 ms in the lunch break is the next working instant', '2026-03-04T12:30+08:00', 0, '2026-03-04T13:30+08:00'],
    ["a limit that ends with the year's last working hour ends then", '2026-12-31T17:00+08:00', HOUR, '2026-12-31T18:00+08:00'],
    ['a limit that runs into the next year', '2026-12-31T17:00+08:00', 2 * HOUR, '2027-01-01T10:00+08:00'],
  ])('addWorkingTime: %s', (_, start, ms, due) => {
    expect(iso(cn.addWorkingTime(at(start), ms))).toBe(iso(at(due)));
  });

  it('knows working time, the lunch break and the local date', () => {
    expect(cn.isWorkingTime(at('2026-03-04T09:00+08:00'))).toBe(true);
    expect(cn.isWorkingTime(at('2026-03-04T12:00+08:00'))).toBe(false);
    expect(cn.isWorkingTime(at('2026-03-04T13:29+08:00'))).toBe(false);
    expect(cn.isWorkingTime(at('2026-03-04T18:00+08:00'))).toBe(false);
    expect(iso(cn.nextWorkingStart(at('2026-03-04T12:30+08:00')))).toBe(iso(at('2026-03-04T13:30+08:00')));
    expect(iso(cn.nextWorkingStart(at('2026-03-04T10:00+08:00')))).toBe(iso(at('2026-03-04T10:00+08:00')));
    // 23:30 UTC on 3 March is already 4 March in Shanghai.
    expect(cn.localDate(at('2026-03-03T23:30Z'))).toBe('2026-03-04');
    expect(cn.workingTimeBetween(at('2026-03-04T08:00+08:00'), at('2026-03-04T20:00+08:00'))).toBe(7.5 * HOUR);
    expect(cn.workingTimeBetween(at('2026-03-04T20:00+08:00'), at('2026-03-04T08:00+08:00'))).toBe(0);
  });

  it('crosses New Year, whose holiday and adjusted Sunday come from the new year', () => {
    // 元旦 2026: 1月1日至3日放假，1月4日（周日）上班
    expect(iso(cn.endOfNthWorkingDay(at('2025-12-31T10:00+08:00'), 1))).toBe(iso(at('2026-01-04T18:00+08:00')));
    expect(iso(cn.addWorkingTime(at('2025-12-31T17:00+08:00'), 2 * HOUR))).toBe(iso(at('2026-01-04T10:00+08:00')));
  });
});

describe('America/New_York across DST, 09:00-17:00', () => {
  const us = loadHolidayTable({ country: 'US', years: [2026] });
  const ny = buildCalendar({ timeZone: 'America/New_York', workingHours: week([{ start: '09:00', end: '17:00' }]), holidays: [], workdays: [] }, us.table, us.coveredYears);

  it('March: Friday EST to Monday EDT (clocks go forward on Sunday 8 March)', () => {
    // Friday 16:00 EST + 2 h: one hour Friday, one hour Monday 09:00-10:00 EDT (14:00Z, not 15:00Z).
    expect(iso(ny.addWorkingTime(at('2026-03-06T16:00-05:00'), 2 * HOUR))).toBe('2026-03-09T14:00:00.000Z');
    expect(iso(ny.endOfNthWorkingDay(at('2026-03-06T10:00-05:00'), 1))).toBe('2026-03-09T21:00:00.000Z');
    expect(ny.workingTimeBetween(at('2026-03-06T09:00-05:00'), at('2026-03-09T17:00-04:00'))).toBe(16 * HOUR);
    expect(ny.isWorkingTime(at('2026-03-09T13:30Z'))).toBe(true); // 09:30 EDT
    expect(ny.isWorkingTime(at('2026-03-09T21:30Z'))).toBe(false); // 17:30 EDT
  });

  it('November: Friday EDT to Monday EST (clocks go back on Sunday 1 November)', () => {
    expect(iso(ny.addWorkingTime(at('2026-10-30T16:00-04:00'), 2 * HOUR))).toBe('2026-11-02T15:00:00.000Z');
    expect(iso(ny.endOfNthWorkingDay(at('2026-10-30T10:00-04:00'), 1))).toBe('2026-11-02T22:00:00.000Z');
    expect(ny.localDate(at('2026-11-02T04:30Z'))).toBe('2026-11-01'); // 23:30 EST on Sunday
  });

  it('skips Thanksgiving from date-holidays', () => {
    expect(ny.isWorkingDay('2026-11-26')).toBe(false);
    expect(iso(ny.endOfNthWorkingDay(at('2026-11-25T10:00-05:00'), 1))).toBe(iso(at('2026-11-27T17:00-05:00')));
  });

  it('a round-the-clock calendar has a 23-hour and a 25-hour day', () => {
    const all = buildCalendar({ timeZone: 'America/New_York', workingHours: week([{ start: '00:00', end: '24:00' }], ['sun']), holidays: [], workdays: [] }, {}, 'all');
    expect(all.workingTimeBetween(at('2026-03-08T00:00-05:00'), at('2026-03-09T00:00-04:00'))).toBe(23 * HOUR);
    expect(all.workingTimeBetween(at('2026-11-01T00:00-04:00'), at('2026-11-02T00:00-05:00'))).toBe(25 * HOUR);
    expect(iso(all.endOfNthWorkingDay(at('2026-03-01T12:00-05:00'), 1))).toBe(iso(at('2026-03-09T00:00-04:00')));
  });
});

describe('holiday data and explicit lists', () => {
  it('reports a year without data and counts it as a plain week', () => {
    expect(cnData.missingYears).toEqual([2027]);
    expect(cn.yearsWithoutData(at('2026-12-20T00:00+08:00'), at('2027-01-10T00:00+08:00'))).toEqual([2027]);
    expect(cn.yearsWithoutData(at('2026-01-01T00:00+08:00'), at('2026-12-31T23:59+08:00'))).toEqual([]);
    // Local years: 31 December 17:00 UTC is already 2027 in Shanghai.
    expect(cn.yearsWithoutData(at('2026-12-31T17:00Z'), at('2026-12-31T17:00Z'))).toEqual([2027]);
    expect(cn.isWorkingDay('2027-01-01')).toBe(true); // a guess, flagged above
    expect(buildCalendar({ ...specOf('UTC') }, {}, 'all').yearsWithoutData(at('2000-01-01Z'), at('2100-01-01Z'))).toEqual([]);
  });

  it('lets config holidays and workdays override the data', () => {
    const custom = shanghai({ holidays: ['2026-02-14', '2026-03-04'], workdays: ['2026-10-05'], workdayHours: [{ start: '10:00', end: '16:00' }] });
    expect(custom.isWorkingDay('2026-02-14')).toBe(false); // data: adjusted working Saturday
    expect(custom.isWorkingDay('2026-03-04')).toBe(false); // a plain Wednesday
    expect(custom.isWorkingDay('2026-10-05')).toBe(true); // data: National Day holiday
    expect(custom.isWorkingTime(at('2026-10-05T09:30+08:00'))).toBe(false); // workdayHours start at 10:00
    expect(iso(custom.endOfNthWorkingDay(at('2026-10-01T09:00+08:00'), 1))).toBe(iso(at('2026-10-05T16:00+08:00')));
    expect(custom.isWorkingDay('2026-02-28')).toBe(true); // data still applies elsewhere
  });
});

function specOf(timeZone: string, hours: TimeRange[] = LUNCH): CalendarSpec {
  return { timeZone, workingHours: week(hours), holidays: [], workdays: [] };
}

describe('guards', () => {
  it('throws a clear error instead of hanging when there is no working time', () => {
    const never = buildCalendar({ ...specOf('UTC'), workingHours: week([]) }, {}, 'all');
    const start = at('2026-03-04T10:00Z');
    expect(() => never.addWorkingTime(start, HOUR)).toThrow(/no working time within 10 years/);
    expect(() => never.endOfNthWorkingDay(start, 1)).toThrow(/no working time/);
    expect(() => never.nextWorkingStart(start)).toThrow(/no working time/);
    expect(never.workingTimeBetween(start, at('2027-03-04T10:00Z'))).toBe(0);
  });

  it('rejects bad arguments and bad specs', () => {
    expect(() => cn.addWorkingTime(at('2026-03-04T10:00Z'), -1)).toThrow(RangeError);
    expect(() => cn.endOfNthWorkingDay(at('2026-03-04T10:00Z'), 0)).toThrow(/1 or more, got 0/);
    expect(() => cn.isWorkingTime(new Date(Number.NaN))).toThrow(/Invalid Date/);
    expect(() => cn.isWorkingDay('2026-02-30')).toThrow(/YYYY-MM-DD/);
    expect(() => buildCalendar(specOf('Mars/Olympus'), {}, 'all')).toThrow(/IANA time zone/);
    expect(() => buildCalendar(specOf('UTC', [{ start: '13:00', end: '12:00' }]), {}, 'all')).toThrow(/working hours of mon: "13:00-12:00" ends before it starts/);
    expect(() => buildCalendar({ ...specOf('UTC'), holidays: ['2026-05-01'], workdays: ['2026-05-01'] }, {}, 'all')).toThrow(/both/);
  });
});
