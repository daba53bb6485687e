/** The report as Markdown, CSV and JSON, on the hand-counted fixture of report.test.ts. */
import { describe, expect, it } from 'vitest';
import { parsePeriod } from '../../src/domain/period';
import { buildReport } from '../../src/domain/report';
import { formatReport } from '../../src/reports/format';
import { csvField } from '../../src/reports/csv';
import { AS_OF, FACTS } from '../support/report-facts';

const report = buildReport(FACTS, parsePeriod('2026-Q4', 'Asia/Shanghai')!, AS_OF);
const names = (dimension: string, key: string) => (dimension === 'group' && key === 'billing' ? 'Billing | Refunds' : key);

describe('formatReport: md', () => {
  const md = formatReport(report, 'md', 'en', names);

  it('titles the period and shows the totals, a dash for no data', () => {
    expect(md.split('\n').slice(0, 7)).toEqual([
      '# Complaint report, 2026-Q4',
      '',
      '## All complaints',
      '',
      '| Complaints | Accepted on time (%) | Solution on time (%) | Resolved (%) | Rejected (%) | Mean working hours to solution | P90 working hours to solution | Escalations | Average satisfaction (1-5) | Follow-up response (%) | Ratings from the complainant | Ratings recorded by staff | Paused, waiting on complainants (hours) | Unsatisfied follow-ups (rated at or below the review mark) | of which reviewed by the leader |',
      '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      '| 5 | 80 | 75 | 60 | 20 | 25 | 40 | 3 | 4 | 66.7 | 2 | 0 | 0 | 0 | 0 |',
    ]);
    expect(md).toContain('| Major | 1 | 100 | – | 0 | 0 | – | – | 0 | – | – |');
  });

  it('has one table per dimension, names from the caller, pipes escaped, priorities labelled', () => {
    expect(md.match(/^## .*/gm)).toEqual(['## All complaints', '## By group', '## By handler', '## By category', '## By priority']);
    expect(md).toContain('| Billing \\| Refunds | 5 | 80 |');
    expect(md).toContain('| U2 | 2 | 50 | 100 | 100 | 0 | 30 | 40 | 1 | 3 | 50 |');
    expect(md).toContain('| refunds | 1 | 100 | 0 | 0 | 100 | 30 | 30 | 2 | – | – |');
    expect(md).toContain('| Normal | 4 |');
  });

  it('speaks zh-CN', () => {
    const zh = formatReport(report, 'md', 'zh-CN');
    expect(zh).toMatch(/^# 投诉统计报表（2026-Q4）\n/);
    expect(zh).toContain('| 投诉量 | 按时受理率（%） |');
    expect(zh).toContain('## 按承办人');
    expect(zh).toContain('| 重大 | 1 |');
  });

  it('says so when nothing was filed', () => {
    const empty = formatReport(buildReport([], report.period, AS_OF), 'md', 'en');
    expect(empty).toContain('| 0 | – | – | – | – | – | – | 0 | – | – |');
    expect(empty).toContain('No complaints were filed in this period.');
    expect(empty).not.toContain('## By group');
  });
});

describe('formatReport: csv', () => {
  it('has a header row, the totals, then one row per dimension and key, with CRLF ends', () => {
    const csv = formatReport(report, 'csv', 'en', names);
    expect(csv.split('\r\n')).toEqual([
      'Dimension,Key,Name,Complaints,Accepted on time (%),Solution on time (%),Resolved (%),Rejected (%),Mean working hours to solution,P90 working hours to solution,Escalations,Average satisfaction (1-5),Follow-up response (%),Ratings from the complainant,Ratings recorded by staff,"Paused, waiting on complainants (hours)",Unsatisfied follow-ups (rated at or below the review mark),of which reviewed by the leader',
      'All complaints,,,5,80,75,60,20,25,40,3,4,66.7,2,0,0,0,0',
      'Group,billing,Billing | Refunds,5,80,75,60,20,25,40,3,4,66.7,2,0,0,0,0',
      'Handler,U1,U1,3,100,50,33.3,33.3,20,30,2,5,100,1,0,0,0,0',
      'Handler,U2,U2,2,50,100,100,0,30,40,1,3,50,1,0,0,0,0',
      'Category,billing,billing,4,75,100,75,0,23.3,40,1,4,66.7,2,0,0,0,0',
      'Category,refunds,refunds,1,100,0,0,100,30,30,2,,,0,0,0,0,0',
      'Priority,major,Major,1,100,,0,0,,,0,,,0,0,0,0,0',
      'Priority,normal,Normal,4,75,75,75,25,25,40,3,4,66.7,2,0,0,0,0',
      '',
    ]);
  });

  it('quotes fields per RFC 4180', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(null)).toBe('');
    const csv = formatReport(report, 'csv', 'zh-CN', (d, k) => (d === 'group' ? '账务组, "一线"' : k));
    expect(csv).toContain('\r\n小组,billing,"账务组, ""一线""",5,');
    expect(csv.split('\r\n')[0]).toMatch(/^维度,编号,名称,投诉量,按时受理率（%）,/);
  });
});

describe('formatReport: json', () => {
  const json = formatReport(report, 'json', 'zh-CN', names);
  const parsed = JSON.parse(json);

  it('is stable and machine-readable: ISO dates, metric field names, null for no data', () => {
    expect(Object.keys(parsed)).toEqual(['version', 'period', 'total', 'by']);
    expect(parsed.period).toEqual({ label: '2026-Q4', start: '2026-09-30T16:00:00.000Z', end: '2026-12-31T16:00:00.000Z' });
    expect(parsed.total).toEqual(report.total);
    expect(Object.keys(parsed.by)).toEqual(['group', 'owner', 'category', 'priority']);
    expect(parsed.by.priority[0]).toEqual({ key: 'major', name: '重大', ...report.by.priority[0]!.metrics });
    expect(parsed.by.priority[0].solutionOnTimePct).toBeNull();
    expect(formatReport(report, 'json', 'zh-CN', names)).toBe(json);
  });
});
