import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { oneGroupYaml } from '../support/one-group-yaml';
import { calendarFor, teamCalendars } from '../../src/calendar-data/build';
import { isKnownCountry, loadHolidayTable } from '../../src/calendar-data/holidays';
import { ConfigError, effectiveCalendar, loadPledgeConfig } from '../../src/config';

const examplePath = fileURLToPath(new URL('../../pledge.config.example.yml', import.meta.url));

const groups = oneGroupYaml();
const load = (text: string) => loadPledgeConfig(`timezone: Asia/Shanghai\n${text}${groups}`);
const problems = (text: string): readonly string[] => {
  try {
    load(text);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
};
const nineToSix = [{ start: '09:00', end: '18:00' }];

describe('holiday data', () => {
  it('takes CN holidays and adjusted working days from chinese-days, and says which years it lacks', () => {
    const cn = loadHolidayTable({ country: 'CN', years: [2003, 2004, 2026, 2027] });
    expect(cn.coveredYears).toEqual([2004, 2026]);
    expect(cn.missingYears).toEqual([2003, 2027]);
    expect(cn.table[2026]!.workdays).toEqual(['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']);
    expect(cn.table[2026]!.holidays).toHaveLength(33);
    expect(cn.table[2026]!.holidays).toContain('2026-02-23');
  });

  it('takes whole-day public holidays from date-holidays, expanding multi-day ones', () => {
    const us = loadHolidayTable({ country: 'US', years: [2026, 2030] });
    expect(us.coveredYears).toEqual([2026, 2030]);
    expect(us.table[2026]!.holidays).toEqual(expect.arrayContaining(['2026-01-01', '2026-07-03', '2026-11-26', '2026-12-25']));
    expect(us.table[2026]!.workdays).toEqual([]);
    // Eid al-Fitr: three days from one entry.
    expect(loadHolidayTable({ country: 'AE', years: [2026] }).table[2026]!.holidays).toEqual(expect.arrayContaining(['2026-03-20', '2026-03-21', '2026-03-22']));
    // Iceland's Christmas Eve starts at 13:00: a half day is not a day off.
    expect(loadHolidayTable({ country: 'IS', years: [2026] }).table[2026]!.holidays).not.toContain('2026-12-24');
    expect(loadHolidayTable({ country: 'DE-BY', years: [2026] }).table[2026]!.holidays).toContain('2026-01-06');
    expect(loadHolidayTable({ country: 'DE', years: [2026] }).table[2026]!.holidays).not.toContain('2026-01-06');
  });

  it('has nothing to miss without a country, and rejects a country it does not know', () => {
    expect(loadHolidayTable({ years: [2026] })).toEqual({ table: {}, coveredYears: 'all', missingYears: [] });
    expect(() => loadHolidayTable({ country: 'XX', years: [2026] })).toThrow(/does not know country "XX"/);
    expect([isKnownCountry('CN'), isKnownCountry('DE-BY'), isKnownCountry('DE-XX'), isKnownCountry('XX')]).toEqual([true, true, false, false]);
  });
});

describe('calendar: in pledge.config.yml', () => {
  it('defaults to Monday to Friday 09:00-18:00 without a country', () => {
    expect(load('').calendar).toEqual({
      workingHours: { mon: nineToSix, tue: nineToSix, wed: nineToSix, thu: nineToSix, fri: nineToSix, sat: [], sun: [] },
      holidays: [],
      workdays: [],
    });
    expect(load('calendar:\n').calendar.workingHours.mon).toEqual(nineToSix);
  });

  it('reads days, ranges of days, lists of days, several ranges a day, and days off', () => {
    const config = load(`calendar:
  country: cn
  workingHours:
    mon-thu: [9:00-12:00, 13:30-18:00]
    fri: 09:00-16:00
    sat,sun: off
  workdayHours: [10:00-16:00]
  holidays: [2026-12-31]
  workdays: [2026-12-26]
`);
    expect(config.calendar).toEqual({
      country: 'CN',
      workingHours: {
        mon: [{ start: '09:00', end: '12:00' }, { start: '13:30', end: '18:00' }],
        tue: [{ start: '09:00', end: '12:00' }, { start: '13:30', end: '18:00' }],
        wed: [{ start: '09:00', end: '12:00' }, { start: '13:30', end: '18:00' }],
        thu: [{ start: '09:00', end: '12:00' }, { start: '13:30', end: '18:00' }],
        fri: [{ start: '09:00', end: '16:00' }],
        sat: [],
        sun: [],
      },
      workdayHours: [{ start: '10:00', end: '16:00' }],
      holidays: ['2026-12-31'],
      workdays: ['2026-12-26'],
    });
  });

  it.each([
    ['  workingHours: { mon-fri: [09:00-12:00, 11:30-18:00] }', 'calendar.workingHours.mon-fri: "11:30-18:00" overlaps or comes before the range before it'],
    ['  workingHours: { mon: 18:00-09:00 }', 'calendar.workingHours.mon[0]: "18:00-09:00" ends before it starts; a range cannot cross midnight'],
    ['  workingHours: { mon: [09:00-25:00] }', 'calendar.workingHours.mon[0]: expected times as HH:MM from 00:00 to 24:00'],
    ['  workingHours: { mon: [nine to five] }', 'calendar.workingHours.mon[0]: expected a time range such as "09:00-12:00", got "nine to five"'],
    ['  workingHours: { funday: 09:00-17:00 }', 'calendar.workingHours.funday: expected a day (mon, tue, wed, thu, fri, sat, sun), a range of days such as mon-fri'],
    ['  workingHours: { mon-fri: 09:00-17:00, fri: 09:00-12:00 }', 'calendar.workingHours.fri: gives fri again; "mon-fri" already gives it'],
    ['  workingHours: { mon-fri: off }', 'calendar.workingHours: no day has working hours'],
    ['  workingHours: [mon]', 'calendar.workingHours: expected a mapping of days to hours such as "mon-fri: [09:00-12:00, 13:30-18:00]", got a list'],
    ['  holidays: [2026-02-30]', 'calendar.holidays[0]: expected a date as YYYY-MM-DD such as 2026-10-01, got "2026-02-30"'],
    ['  holidays: [2026-10-01]\n  workdays: [2026-10-01]', 'calendar.workdays[0]: 2026-10-01 is also listed in holidays; a day is either off or worked'],
    ['  country: Narnia', 'calendar.country: expected a country code such as CN, US or DE (or with a state, DE-BY), or none, got "Narnia"'],
    ['  hours: 9-5', 'calendar: unknown field "hours" (known fields: country, workingHours, workdayHours, holidays, workdays)'],
  ])('names the path of a bad calendar field: %s', (line, message) => {
    const found = problems(`calendar:\n${line}\n`);
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(`pledge.config.yml: ${message}`);
  });

  it('reports bad day names together with bad hours, each with its line', () => {
    expect(problems('calendar:\n  workingHours:\n    monday: 09:00-17:00\n    tue: 9-5\n')).toEqual([
      expect.stringMatching(/^pledge\.config\.yml: calendar\.workingHours\.monday: expected a day .* \(line 4\)$/),
      expect.stringMatching(/^pledge\.config\.yml: calendar\.workingHours\.tue\[0\]: expected times as HH:MM .* \(line 5\)$/),
    ]);
  });
});

describe('groups[].calendar', () => {
  const text = `calendar:
  country: CN
  holidays: [2026-12-31, 2026-12-30]
${groups}    calendar:
      timezone: America/New_York
      country: US
      workingHours: { mon-fri: 08:00-16:00 }
      holidays: [2026-12-24]
      workdays: [2026-12-30]
  - id: care
    name: Care
    leader: U0LEADER2
    members: [U0BBB]
    channel: C0CARE
    categories: [care]
    calendar: { country: none }
`;
  const config = loadPledgeConfig(`timezone: Asia/Shanghai\n${text}`);

  it('replaces the fields it gives and adds its dates, its own winning', () => {
    expect(effectiveCalendar(config, config.groups[0]!.calendar)).toEqual({
      timezone: 'America/New_York',
      country: 'US',
      workingHours: expect.objectContaining({ mon: [{ start: '08:00', end: '16:00' }], sat: [] }),
      holidays: ['2026-12-31', '2026-12-24'],
      workdays: ['2026-12-30'],
    });
    expect(effectiveCalendar(config, config.groups[1]!.calendar)).not.toHaveProperty('country');
    expect(effectiveCalendar(config, undefined)).toMatchObject({ timezone: 'Asia/Shanghai', country: 'CN' });
  });

  it('builds one calendar per group that has its own, and warns about years without data', () => {
    const team = teamCalendars(config, new Date('2026-11-20T00:00:00Z'));
    expect(team.calendarFor('billing').timeZone).toBe('America/New_York');
    expect(team.calendarFor('billing').isWorkingDay('2026-11-26')).toBe(false); // Thanksgiving
    expect(team.calendarFor('care').isWorkingDay('2026-10-01')).toBe(true); // no country: National Day is a Thursday
    expect(team.calendarFor().isWorkingDay('2026-10-01')).toBe(false);
    expect(team.calendarFor('unknown')).toBe(team.calendarFor());
    // Deadlines set in late November can reach 2027, which chinese-days 1.5.7 does not cover.
    expect(team.warnings).toEqual([expect.stringMatching(/^calendar: no CN holiday data for 2027; days there count as a plain week \(Asia\/Shanghai\)/)]);
    expect(teamCalendars(config, new Date('2026-06-01T00:00:00Z')).warnings).toEqual([]);
    expect(calendarFor(config, 'billing', new Date('2026-11-20T00:00:00Z')).missingYears).toEqual([]);
    expect(() => calendarFor(config, 'nobody', new Date('2026-11-20T00:00:00Z'))).toThrow(/no group with id "nobody"/);
  });

  it('checks a group calendar like the global one', () => {
    const bad = `${groups}    calendar:\n      timezone: Moon/Base\n      workingHours: { weekdays: 09:00-17:00 }\n      holidays: [2026-05-01]\n      workdays: [2026-05-01]\n      country: XX\n`;
    let found: readonly string[] = [];
    try {
      loadPledgeConfig(bad);
    } catch (e) {
      found = (e as ConfigError).problems;
    }
    expect(found).toEqual([
      'pledge.config.yml: groups[0].calendar.timezone: expected an IANA time zone such as Asia/Shanghai or Europe/Berlin, got "Moon/Base" (line 10)',
      expect.stringContaining('pledge.config.yml: groups[0].calendar.workingHours.weekdays: expected a day (mon, tue'),
      'pledge.config.yml: groups[0].calendar.workdays[0]: 2026-05-01 is also listed in holidays; a day is either off or worked (line 13)',
      'pledge.config.yml: groups[0].calendar.country: expected a country code such as CN, US or DE (or with a state, DE-BY), or none, got "XX" (line 14)',
    ]);
  });
});

describe('pledge.config.example.yml', () => {
  it('still validates with its commented calendar examples switched on', () => {
    const lines = readFileSync(examplePath, 'utf8').split('\n');
    let inBlock = false;
    const on = lines.map((line) => {
      if (/^\s*# calendar:/.test(line)) inBlock = true;
      else if (inBlock && !/^\s*#\s{3}/.test(line)) inBlock = false;
      return inBlock ? line.replace('# ', '') : line;
    });
    expect(on.join('\n')).not.toBe(lines.join('\n'));
    const config = loadPledgeConfig(on.join('\n'));
    expect(config.calendar.country).toBe('CN');
    expect(config.groups[1]!.calendar).toMatchObject({ timezone: 'Europe/Berlin', country: 'DE-BY' });
  });
});
