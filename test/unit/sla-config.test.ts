import { describe, expect, it } from 'vitest';
import { ConfigError, loadPledgeConfig } from '../../src/config';
import { parseLimit, slaPolicy } from '../../src/config/sla';
import { DEFAULT_SLA } from '../../src/domain/sla';

const base = `
timezone: Asia/Shanghai
groups:
  - id: billing
    name: Billing
    leader: U0LEAD
    members: [U0AAA]
    channel: C0BILL
    categories: [billing]
`;

const problems = (yaml: string) => {
  try {
    loadPledgeConfig(yaml);
    return [];
  } catch (e) {
    return (e as ConfigError).problems;
  }
};

describe('limits as the pledge writes them', () => {
  it.each([
    ['24h', { kind: 'elapsed', minutes: 1440 }],
    ['30m', { kind: 'elapsed', minutes: 30 }],
    ['30 minutes', { kind: 'elapsed', minutes: 30 }],
    ['2 working hours', { kind: 'working', minutes: 120 }],
    ['3 working days', { kind: 'working_days', days: 3 }],
    ['1 working day', { kind: 'working_days', days: 1 }],
  ])('%s', (text, limit) => expect(parseLimit(text)).toEqual(limit));

  it('refuses what it cannot read', () => {
    expect(parseLimit('soon')).toBeUndefined();
    expect(parseLimit('3 days')).toBeUndefined();
  });
});

describe('sla, escalation, digest and schedule settings', () => {
  it('defaults to the pledge', () => {
    const config = loadPledgeConfig(base);
    expect(slaPolicy(config.sla, config.limits)).toEqual(DEFAULT_SLA);
    expect(config.escalation.respondWithin).toEqual({ kind: 'working', minutes: 240 });
    expect(config.digest).toEqual({ time: '09:00', skipNonWorkingDays: true });
    expect(config.schedule.sweep).toBe('* * * * *');
    expect(config.outbox).toEqual({ maxAttempts: 8, leaseSeconds: 120 });
  });

  it('overrides stages per priority or for all, and the warning fractions', () => {
    const config = loadPledgeConfig(`${base}
sla:
  warnAt: [0.8, 0.5, 0.9]
  stages:
    solution: { major: 4 working days }
    feedback: 2 working hours
escalation:
  respondWithin: 1 working day
  departmentHead: U0HEAD
`);
    const sla = slaPolicy(config.sla, config.limits);
    expect(sla.solution.limits).toEqual({ ...DEFAULT_SLA.solution.limits, major: { kind: 'working_days', days: 4 } });
    expect(sla.feedback.limits.urgent).toEqual({ kind: 'working', minutes: 120 });
    expect(sla.solution.warnAt).toEqual([0.5, 0.8, 0.9]);
    expect(sla.archive.warnAt).toEqual([]);
    expect(config.escalation).toEqual({ respondWithin: { kind: 'working_days', days: 1 }, departmentHead: { kind: 'id', id: 'U0HEAD' } });
  });

  it('limits a wait on the complainant by sla.maxPause (default 5 working days), reminding at half', () => {
    expect(DEFAULT_SLA.pause).toEqual({ limits: { normal: { kind: 'working_days', days: 5 }, major: { kind: 'working_days', days: 5 }, urgent: { kind: 'working_days', days: 5 } }, warnAt: [0.5] });
    const config = loadPledgeConfig(`${base}\nsla:\n  maxPause: 2 working days\n  warnAt: [0.8]\n`);
    const sla = slaPolicy(config.sla, config.limits);
    expect(sla.pause.limits.urgent).toEqual({ kind: 'working_days', days: 2 });
    expect(sla.pause.warnAt).toEqual([0.5]);
    expect(problems(`${base}\nsla:\n  maxPause: forever\n`).join('\n')).toMatch(/sla\.maxPause: expected a limit such as "24h", "30m", "2 working hours" or "3 working days", got "forever"/);
  });

  it('names the bad field', () => {
    expect(problems(`${base}\nsla:\n  stages:\n    solution: soon\n`).join('\n')).toMatch(/sla\.stages\.solution: expected a limit such as "24h", "30m", "2 working hours" or "3 working days"/);
    expect(problems(`${base}\nsla:\n  warnAt: [1.5]\n`).join('\n')).toMatch(/sla\.warnAt\[0\]: a warning fraction must be below 1/);
    expect(problems(`${base}\ndigest:\n  time: "9am"\n`).join('\n')).toMatch(/digest\.time: expected a local time such as 09:00/);
    expect(problems(`${base}\nschedule:\n  sweep: "every minute"\n`).join('\n')).toMatch(/schedule\.sweep: expected a cron expression/);
    expect(problems(`${base}\nschedule:\n  maintenance: "nightly"\n`).join('\n')).toMatch(/schedule\.maintenance: expected a cron expression such as "30 3 \* \* \*", got "nightly"/);
  });
});
