/** `/complaint stats`, `history` and the contact reveal as Block Kit, and the command words. */
import { describe, expect, it } from 'vitest';
import { buildReport, type ComplaintFact } from '../../src/domain/report';
import type { Locale } from '../../src/i18n';
import type { ComplaintHistory, HistoryEntry } from '../../src/services/complaint-history';
import type { Stats } from '../../src/services/stats';
import { revealMessage } from '../../src/slack/blocks/contact-reveal';
import { historyMessage } from '../../src/slack/blocks/history';
import { statsMessage } from '../../src/slack/blocks/stats';
import { parseCommandText } from '../../src/slack/parse/command';
import { assertActionsListened, messagesAsText } from './message-snapshots';
import { assertMessageLimits, mrkdwnTexts, withoutDates } from './slack-limits';

const timeZone = 'Asia/Shanghai';
const at = (iso: string) => new Date(iso);
const fact = (n: number, groupId: string, over: Partial<ComplaintFact> = {}): ComplaintFact => ({
  reference: `PLG-2026-${String(n).padStart(6, '0')}`,
  groupId,
  ownerId: 'U0OWNER',
  category: 'billing',
  priority: 'normal',
  status: 'resolved',
  filedAt: at('2026-11-03T02:00:00Z'),
  acknowledge: { dueAt: at('2026-11-04T02:00:00Z'), metAt: at('2026-11-03T03:00:00Z'), breachedAt: null },
  solution: { dueAt: at('2026-11-06T10:00:00Z'), metAt: at('2026-11-05T10:00:00Z'), breachedAt: null },
  solutionWorkingMs: 16 * 3_600_000,
  escalations: 0,
  rating: 4,
  surveyed: true,
  ratingBy: 'complainant',
  pausedMs: 0,
  lowRated: false,
  reviewed: false,
  ...over,
});
const period = { label: '2026-11', start: at('2026-10-31T16:00:00Z'), end: at('2026-11-30T16:00:00Z') };
const report = buildReport(
  [fact(1, 'billing'), fact(2, 'billing', { status: 'rejected', rating: null, surveyed: false, acknowledge: { dueAt: at('2026-11-04T02:00:00Z'), metAt: at('2026-11-05T02:00:00Z'), breachedAt: at('2026-11-04T02:00:00Z') } }), fact(3, 'service')],
  period,
  at('2026-11-30T10:00:00Z'),
);
const names: Record<string, string> = { billing: 'Billing <team>', service: 'Service' };
const groupName = (id: string) => names[id] ?? id;

const entry = (type: string, actorId: string, params: HistoryEntry['params'] = {}, minute = 0): HistoryEntry => ({
  id: String(minute),
  type,
  actorId,
  at: new Date(Date.UTC(2026, 10, 30, 2, minute)),
  summary: 'note: call me on 13812345678', // free text: never shown
  params,
});
const history: ComplaintHistory = {
  complaintId: 'c1',
  reference: 'PLG-2026-000001',
  truncated: false,
  entries: [
    entry('complaint.filed', 'U0FILER', { priority: 'major', category: 'billing', owner: 'U0OWNER' }, 0),
    entry('complaint.accepted', 'U0OWNER', {}, 1),
    entry('complaint.note_added', 'U0OWNER', {}, 2),
    entry('deadline.warned', 'system', { stage: 'solution' }, 3),
    entry('escalation.handed_up', 'system', { level: 2 }, 4), // no approver in this payload
    entry('complaint.extended', 'U0OWNER', { stage: 'solution', due: '2026-12-05T10:00:00.000Z', by: 'staff' }, 5),
    entry('escalation.decided', 'U0LEAD', { decision: 'reassign', level: 1 }, 6),
    entry('approval.declined', 'U0LEAD', { kind: 'handover' }, 7),
    entry('survey.recorded', 'U0FILER', { rating: 5, by: 'complainant' }, 8),
    entry('contact.revealed', 'U0LEAD', {}, 9),
    entry('something.new', 'retention', {}, 10),
  ],
};

describe.each<Locale>(['en', 'zh-CN'])('views (%s)', (locale) => {
  const all: Stats = { period, scope: { kind: 'all' }, report };
  const messages = {
    stats: statsMessage({ locale, groupName, chart: 'hint' }, all),
    history: historyMessage({ locale, timeZone }, history),
    reveal: revealMessage({ locale, timeZone }, { status: 'revealed', reference: 'PLG-2026-000001', contact: { kind: 'phone', name: 'Li <Lei>', value: '13812345678' } }),
  };

  it('stay within Slack limits', () => {
    for (const message of Object.values(messages)) assertMessageLimits(message);
  });

  it('the reveal keeps the contact out of the notification text', () => {
    expect(messages.reveal.text).not.toContain('13812345678');
    expect(JSON.stringify(messages.reveal.blocks)).toContain('13812345678');
  });

  it('read as in __messages__/views', async () => {
    assertActionsListened(messages);
    await expect(messagesAsText(messages)).toMatchFileSnapshot(`__messages__/views.${locale}.txt`);
  });
});

describe('stats', () => {
  it('shows the totals as fields and one line per group, escaped, with dashes for no data', () => {
    const text = mrkdwnTexts(statsMessage({ locale: 'en', groupName, chart: 'sent' }, { period, scope: { kind: 'led', groupIds: ['billing'] }, report }));
    expect(text).toContain('Groups you lead (Billing &lt;team&gt;) and complaints you filed or own.');
    expect(text).toContain('*Complaints*\n3');
    expect(text).toContain('*Billing &lt;team&gt;*: 2 complaints · accepted on time 50% · solution on time 100% · resolved 50% · satisfaction 4');
    expect(text).toContain('The weekly chart is on its way to your direct messages with Pledge.');
  });

  it('says so when nothing was filed', () => {
    const empty = buildReport([], period, at('2026-11-30T10:00:00Z'));
    const message = statsMessage({ locale: 'en', groupName, chart: 'hint' }, { period, scope: { kind: 'own' }, report: empty });
    assertMessageLimits(message);
    expect(mrkdwnTexts(message)).toContain('No complaints were filed in this period.');
  });

  it('holds 500 groups within Slack limits', () => {
    const many = buildReport(Array.from({ length: 500 }, (_, i) => fact(i + 1, `group-${i}-${'x'.repeat(100)}`)), period, at('2026-11-30T10:00:00Z'));
    assertMessageLimits(statsMessage({ locale: 'zh-CN', groupName, chart: 'hint' }, { period, scope: { kind: 'all' }, report: many }));
  });
});

describe('history', () => {
  it('says what happened in words, with people as mentions and no free text', () => {
    const text = withoutDates(mrkdwnTexts(historyMessage({ locale: 'en', timeZone }, history)));
    expect(text).toContain('Mon 30 Nov, 10:00 (GMT+8) · <@U0FILER> filed the complaint (Major, billing); <@U0OWNER> handles it.');
    expect(text).toContain('Mon 30 Nov, 10:03 (GMT+8) · Reminder: "Propose a solution" is close to its limit.');
    expect(text).toContain('The escalation went up to – (level 2).');
    expect(text).toContain('<@U0OWNER> extended "Propose a solution" to Sat 5 Dec, 18:00 (GMT+8) (recorded by staff).');
    expect(text).toContain('<@U0FILER> recorded the satisfaction follow-up: 5 out of 5 (from the complainant).');
    expect(text).toContain('<@U0LEAD> answered the escalation: reassigned.');
    expect(text).toContain('<@U0LEAD> declined a handover request.');
    expect(text).toContain('retention: something.new');
    expect(text).not.toContain('13812345678');
  });

  it('holds a hundred long steps within Slack limits and says when there are more', () => {
    const long = { ...history, truncated: true, entries: Array.from({ length: 100 }, (_, i) => entry('complaint.filed', 'U0FILER', { priority: 'normal', category: '<&>'.repeat(20), owner: 'U0OWNER' }, i)) };
    const message = historyMessage({ locale: 'en', timeZone }, long);
    assertMessageLimits(message);
    expect(mrkdwnTexts(message)).toContain('Only the first 100 steps are shown.');
    expect((mrkdwnTexts(message).match(/filed the complaint/g) ?? []).length).toBe(100);
  });
});

describe('/complaint words', () => {
  it.each([
    ['digest', { kind: 'digest' }],
    ['digest Billing team', { kind: 'digest', group: 'Billing team' }],
    ['简报', { kind: 'digest' }],
    ['stats', { kind: 'stats', period: 'month', chart: false }],
    ['stats quarter chart', { kind: 'stats', period: 'quarter', chart: true }],
    ['STATS chart week', { kind: 'stats', period: 'week', chart: true }],
    ['统计 季度 图表', { kind: 'stats', period: 'quarter', chart: true }],
    ['stats year', { kind: 'help' }],
    ['history PLG-2026-000001', { kind: 'history', reference: 'PLG-2026-000001' }],
    ['记录 PLG-2026-000001', { kind: 'history', reference: 'PLG-2026-000001' }],
    ['history', { kind: 'help' }],
  ])('"%s"', (text, expected) => {
    expect(parseCommandText(text)).toEqual(expected);
  });
});
