import type { HomeView, KnownBlock, ModalView } from '@slack/types';
import { describe, expect, it } from 'vitest';
import type { EscalationView, ReviewView } from '../../src/chat/port';
import type { ComplaintCard } from '../../src/domain/complaint';
import { formatDuration, formatTimeLeft, type Locale } from '../../src/i18n';
import { ALWAYS_WORKING, timeLeft } from '../../src/domain/sla';
import { teamCalendars } from '../../src/calendar-data/build';
import { loadPledgeConfig } from '../../src/config';
import type { HomeModel } from '../../src/domain/home';
import { cardActions } from '../../src/slack/blocks/card-actions';
import { channelLineMessage } from '../../src/slack/blocks/channel-line';
import type { SlackMessage } from '../../src/slack/blocks/common';
import { escalationAsk } from '../../src/slack/blocks/escalation';
import { escalationModal } from '../../src/slack/blocks/escalation-modal';
import { homeView } from '../../src/slack/blocks/home';
import { renderLine } from '../../src/slack/blocks/line';
import { majorReport } from '../../src/slack/blocks/major-report';
import { noticeMessage } from '../../src/slack/blocks/notice';
import { reviewAsk, reviewConfirmModal } from '../../src/slack/blocks/review';
import { surveyAsk, surveyModal } from '../../src/slack/blocks/survey';
import {
  ACTION_FIELD,
  ESCALATION_APPROVE_ACTION,
  ESCALATION_DECLINE_ACTION,
  ESCALATION_EXTEND_ACTION,
  ESCALATION_MODAL_VIEW,
  ESCALATION_REASSIGN_ACTION,
  SURVEY_MODAL_VIEW,
  SURVEY_RECORD_ACTION,
} from '../../src/slack/ids';
import { DECISIONS } from '../../src/slack/parse/escalation';
import { suggesting } from '../support/suggest';
import { complaintCardOf } from '../support/complaint-card';
import { assertActionsListened, messagesAsText, prefixed } from './message-snapshots';
import { assertHomeLimits, assertMessageLimits, assertModalLimits, mrkdwnTexts, withoutDates } from './slack-limits';

const timeZone = 'Asia/Shanghai';
const locales: Locale[] = ['en', 'zh-CN'];
const ID = '7f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b';
const ESC_ID = '3c2b1a09-8f7e-4d6c-9b5a-4f3e2d1c0b9a';

const base: ComplaintCard = complaintCardOf({
  id: ID,
  status: 'investigating',
  firstContactId: 'U0OWNER',
  acceptedById: 'U0OWNER',
  acceptedAt: new Date('2026-11-30T07:30:00Z'),
  nextDue: { stage: 'solution', dueAt: new Date('2026-12-03T10:00:00Z') },
});
const outside: ComplaintCard = { ...base, customerName: '王先生', maskedContact: '138****5678' };
const resolved: ComplaintCard = { ...base, status: 'resolved', result: 'Refunded ¥268.', resultBasis: 'Order 1234 was charged twice on 28 Nov.', nextDue: { stage: 'follow_up', dueAt: new Date('2026-12-03T10:00:00Z') } };

const rejected: ComplaintCard = { ...base, status: 'rejected', solution: null, result: 'The contract allows the second charge as a deposit.', nextDue: { stage: 'follow_up', dueAt: new Date('2026-12-03T10:00:00Z') } };
const reviewed: ComplaintCard = { ...resolved, followUp: { rating: 2, by: 'complainant' }, nextDue: { stage: 'archive', dueAt: new Date('2026-12-09T10:00:00Z') } };
const review: ReviewView = { id: '44444444-4444-4444-8444-444444444444', cause: 'low_rating', rating: 2, comment: 'The refund took a week & nobody called.', outcome: null, decidedBy: null, decidedAt: null };

const atRisk: EscalationView = { id: ESC_ID, level: 1, stage: 'solution', reason: 'at_risk', left: { clock: 'working', minutes: 96, overdue: false }, dueAt: new Date('2026-12-03T10:00:00Z'), decision: null };
const breached: EscalationView = { ...atRisk, level: 2, reason: 'breached', left: { clock: 'working', minutes: 125, overdue: true } };
const major: EscalationView = { ...atRisk, stage: 'report_to_leader', reason: 'major', left: { clock: 'working', minutes: 0, overdue: false }, dueAt: null };
const decided = { decision: 'approve', by: 'U0LEAD', at: new Date('2026-12-01T02:00:00Z') };

const messages = (locale: Locale): Record<string, SlackMessage> => {
  const ctx = (card: ComplaintCard) => ({ locale, timeZone, card });
  return {
    escalationAtRisk: escalationAsk({ ...ctx(base), escalation: atRisk }),
    escalationBreachedOutside: escalationAsk({ ...ctx(outside), escalation: breached }),
    escalationMajor: escalationAsk({ ...ctx({ ...base, priority: 'major' }), escalation: major }),
    ...Object.fromEntries(DECISIONS.map((d) => [`escalationDecided.${d}`, escalationAsk({ ...ctx(base), escalation: { ...atRisk, decision: d }, decided: { ...decided, decision: d } })])),
    majorReportWithEscalation: majorReport({ ...ctx({ ...outside, priority: 'major', status: 'new' }), escalation: major }),
    escalationHandedUp: escalationAsk({ ...ctx(base), escalation: breached, handedTo: 'U0HEAD' }),
    majorReportHandedUp: majorReport({ ...ctx({ ...outside, priority: 'major', status: 'new' }), escalation: major, handedTo: 'U0HEAD' }),
    majorReportDecided: majorReport({ ...ctx({ ...outside, priority: 'major', status: 'new' }), escalation: { ...major, decision: 'decline' }, decided: { ...decided, decision: 'decline' } }),
    channelEscalated: channelLineMessage({
      ...ctx({ ...base, title: 'Call 13812345678 <!channel>' }),
      line: { key: 'channel.escalated', params: { leader: 'U0LEAD', stage: 'solution', left: -30, reason: 'breached' } },
    }),
    surveyAsk: surveyAsk(ctx(resolved)),
    surveyRated: surveyAsk({ ...ctx({ ...resolved, archivedAt: new Date('2026-12-02T03:00:00Z') }), rated: { rating: 4, at: new Date('2026-12-02T03:00:00Z') } }),
    surveyRatedChangeable: surveyAsk({ ...ctx(resolved), rated: { rating: 2, at: new Date('2026-12-02T03:00:00Z') } }),
    surveyAskRejected: surveyAsk(ctx(rejected)),
    reviewAsk: reviewAsk({ ...ctx(reviewed), review }),
    reviewAskRequested: reviewAsk({ ...ctx(rejected), review: { ...review, cause: 'requested', rating: null, comment: null } }),
    reviewReopened: reviewAsk({ ...ctx({ ...reviewed, status: 'investigating', followUp: null }), review: { ...review, outcome: 'reopened', decidedBy: 'U0LEAD', decidedAt: new Date('2026-12-03T02:00:00Z') } }),
    reviewConfirmed: reviewAsk({ ...ctx({ ...reviewed, archivedAt: new Date('2026-12-03T02:00:00Z') }), review: { ...review, outcome: 'confirmed', decidedBy: 'U0LEAD', decidedAt: new Date('2026-12-03T02:00:00Z') } }),
    reviewLapsed: reviewAsk({ ...ctx({ ...reviewed, archivedAt: new Date('2026-12-10T02:00:00Z') }), review: { ...review, outcome: 'lapsed', decidedBy: 'system', decidedAt: new Date('2026-12-10T02:00:00Z') } }),
    escalationClosedWithArchive: escalationAsk({ ...ctx({ ...resolved, archivedAt: new Date('2026-12-10T02:00:00Z') }), escalation: { ...atRisk, decision: 'closed' }, decided: { decision: 'closed', by: 'system', at: new Date('2026-12-10T02:00:00Z') } }),
    followUpCallNotice: noticeMessage({ ...ctx({ ...resolved, ...outside, status: 'resolved' }), line: { key: 'notice.follow_up_call', params: { due: '2026-12-03T10:00:00.000Z' } } }),
  };
};

const modals = (locale: Locale): Record<string, ModalView> => {
  const out: Record<string, ModalView> = {};
  for (const d of DECISIONS) {
    out[`escalation.${d}`] = escalationModal({ locale, timeZone, card: suggesting(base), escalation: atRisk, metadata: { d, id: ESC_ID, c: 'D0LEAD', t: '1764482400.000300' } });
    out[`escalation.${d}.outside`] = escalationModal({ locale, timeZone, card: suggesting(outside), escalation: breached, metadata: { d, id: ESC_ID } });
  }
  out['escalation.approve.urgent'] = escalationModal({ locale, timeZone, card: { ...base, priority: 'urgent' }, escalation: major, metadata: { d: 'approve', id: ESC_ID } });
  out['survey.dm'] = surveyModal({ locale, card: resolved, metadata: { id: ID, m: 'dm', c: 'D0FILER', t: '1764482400.000400' }, rating: 4, current: null });
  out['survey.dm.change'] = surveyModal({ locale, card: resolved, metadata: { id: ID, m: 'dm' }, rating: 2, current: { rating: 5, comment: 'Quick & kind' } });
  out['survey.record'] = surveyModal({ locale, card: { ...resolved, ...outside, status: 'resolved' }, metadata: { id: ID, m: 'record' }, current: null });
  out['review.confirm'] = reviewConfirmModal({ locale, card: resolved, reviewId: '44444444-4444-4444-8444-444444444444' });
  return out;
};

const card = (reference: string, over: Partial<ComplaintCard> = {}): ComplaintCard => ({ ...base, id: `00000000-0000-4000-8000-${reference.slice(-6).padStart(12, '0')}`, reference, ...over });
const at = (iso: string) => new Date(iso);

/** Everyone's lists at once: a leader who also owns, files, and supervises. */
const fullHome: HomeModel = {
  filed: [card('PLG-2026-000010', { status: 'new', filerId: 'U0ME' }), card('PLG-2026-000011', { status: 'resolved', filerId: 'U0ME' })],
  owned: [card('PLG-2026-000020', { ownerId: 'U0ME', status: 'accepted' }), card('PLG-2026-000021', { ownerId: 'U0ME', status: 'waiting_on_complainant', paused: true, nextDue: null })],
  led: [{ groupId: 'billing', groupName: 'Billing & refunds', open: [card('PLG-2026-000030', { status: 'new' })] }],
  approvals: [
    { id: '11111111-1111-4111-8111-111111111111', kind: 'rejection', reference: 'PLG-2026-000040', complaintId: ID, requestedBy: 'U0OWNER', payload: { reason: 'Contract says so.' }, requestedAt: at('2026-11-30T08:00:00Z') },
    { id: '22222222-2222-4222-8222-222222222222', kind: 'handover', reference: 'PLG-2026-000041', complaintId: ID, requestedBy: 'U0OWNER', payload: { toOwnerId: 'U0OTHER', reason: 'On leave.' }, requestedAt: at('2026-11-30T08:00:00Z') },
    { id: '33333333-3333-4333-8333-333333333333', kind: 'extension', reference: 'PLG-2026-000042', complaintId: ID, requestedBy: 'U0OWNER', payload: { stage: 'solution', dueAt: '2026-12-09T10:00:00.000Z', reason: 'Bank is slow.' }, requestedAt: at('2026-11-30T08:00:00Z') },
  ],
  escalations: [{ id: ESC_ID, reference: 'PLG-2026-000050', complaintId: ID, level: 1, stage: 'solution', reason: 'at_risk', requestedAt: at('2026-12-01T02:00:00Z'), respondBy: at('2026-12-01T06:00:00Z') }],
  supervisor: {
    failedDeliveries: [{ kind: 'thread.line', target: 'C0GONE', lastError: 'PermanentDeliveryError: Slack refused: channel_not_found', failedAt: at('2026-12-01T01:00:00Z') }],
    stuckClocks: [{ reference: 'PLG-2026-000060', stage: 'feedback', dueForCheckAt: at('2026-12-01T01:30:00Z') }],
    calendarWarnings: ['No holiday data for 2028 in calendar cn: weekends only.'],
    unknownYearDeadlines: [{ reference: 'PLG-2026-000070', stage: 'solution', dueAt: at('2027-01-04T10:00:00Z'), years: [2027] }],
  },
};
const emptyHome: HomeModel = { filed: [], owned: [], led: [], approvals: [], escalations: [], supervisor: null };

const homeText = (view: HomeView) => mrkdwnTexts({ text: '', blocks: view.blocks as KnownBlock[] });

describe.each(locales)('escalation, survey and home builders in %s', (locale) => {
  it.each(Object.keys(messages(locale)))('%s stays within Slack limits, no key showing', (name) => {
    const message = messages(locale)[name]!;
    assertMessageLimits(message);
    expect(withoutDates(mrkdwnTexts(message))).not.toMatch(/\{\w+\}|\b(escalation|survey|time|esc)\.[a-z_.]+/);
  });

  it.each(Object.keys(modals(locale)))('modal %s stays within Slack limits', (name) => {
    assertModalLimits(modals(locale)[name]!);
  });

  it.each([
    ['full', fullHome],
    ['empty', emptyHome],
  ] as const)('home %s stays within Slack limits, no key showing', (_name, home) => {
    const view = homeView({ locale, timeZone, home });
    assertHomeLimits(view);
    expect(withoutDates(homeText(view))).not.toMatch(/\{\w+\}|\bhome\.[a-z_.]+/);
  });

  it('reads as in __messages__/escalation-survey-home', async () => {
    const homes = { 'home full': homeView({ locale, timeZone, home: fullHome }), 'home empty': homeView({ locale, timeZone, home: emptyHome }) };
    const short = { [ID]: '‹id›', [ESC_ID]: '‹escalation›' };
    const all = { ...messages(locale), ...prefixed('modal ', modals(locale)), ...homes };
    assertActionsListened(all);
    await expect(messagesAsText(all, short)).toMatchFileSnapshot(`__messages__/escalation-survey-home.${locale}.txt`);
  });
});

describe('working time left', () => {
  it('reads as hours and minutes, or overdue by, in both languages', () => {
    expect([0, 45, 60, 96, 2400].map((m) => formatDuration('en', m))).toEqual(['under 1 min', '45 min', '1 h', '1 h 36 min', '40 h']);
    expect(formatDuration('zh-CN', 96)).toBe('1小时36分钟');
    expect(formatTimeLeft('en', { clock: 'working', minutes: 125, overdue: true })).toBe('overdue by 2 h 5 min of working time');
    expect(formatTimeLeft('zh-CN', { clock: 'working', minutes: 125, overdue: true })).toBe('已超时 2小时5分钟（工作时间）');
    expect(renderLine({ locale: 'en', timeZone }, { key: 'channel.escalated', params: { leader: 'U0LEAD', stage: 'solution', left: 96, reason: 'at_risk' } })).toBe(
      'Escalated to <@U0LEAD>: Propose a solution (at risk), 1 h 36 min of working time left.',
    );
  });
});

describe('a limit as people read it (issue 11, points 1 and 2)', () => {
  const yaml = 'locale: en\ntimezone: Asia/Shanghai\ncalendar:\n  country: CN\ngroups:\n  - {id: g, name: G, leader: U0L, members: [U0M], channel: C0G, categories: [c]}\n';
  const calendar = teamCalendars(loadPledgeConfig(yaml) as never, new Date('2026-11-30T00:00:00Z')).calendarFor('g');
  const sh = (local: string) => new Date(`${local}+08:00`);
  const read = (locale: Locale, now: string, due: string, clock: 'working' | 'elapsed') => formatTimeLeft(locale, timeLeft(sh(now), sh(due), clock, calendar));

  it('a passed limit always reads overdue: at night, at the weekend, seconds after it passed', () => {
    // Working time: passed at 18:00 Friday, read at 22:00 and on Saturday (no working time since).
    expect(read('en', '2026-12-04T22:00:00', '2026-12-04T18:00:00', 'working')).toBe('overdue');
    expect(read('en', '2026-12-05T10:00:00', '2026-12-04T18:00:00', 'working')).toBe('overdue');
    expect(read('zh-CN', '2026-12-05T10:00:00', '2026-12-04T18:00:00', 'working')).toBe('已超时');
    // 20 seconds of working time past it: Math.round made this "0 min of working time left".
    expect(read('en', '2026-12-01T10:00:20', '2026-12-01T10:00:00', 'working')).toBe('overdue');
    expect(read('en', '2026-12-01T10:00:00', '2026-12-01T10:00:00', 'working')).toBe('overdue');
    expect(read('en', '2026-12-01T11:00:00', '2026-12-01T10:00:00', 'working')).toBe('overdue by 1 h of working time');
    // 40 seconds before it: under a minute left, not "1 min" or "0 min".
    expect(read('en', '2026-12-01T09:59:20', '2026-12-01T10:00:00', 'working')).toBe('under 1 min of working time left');
  });

  it('a limit in clock time (24 h, 30 min) counts and reads in clock time, days included', () => {
    // An urgent complaint filed at 23:00: its 30 minutes run at night.
    expect(read('en', '2026-12-01T23:15:00', '2026-12-01T23:30:00', 'elapsed')).toBe('15 min left');
    expect(read('zh-CN', '2026-12-01T23:15:00', '2026-12-01T23:30:00', 'elapsed')).toBe('剩余 15分钟');
    // A 24-hour limit 53 hours late.
    expect(read('en', '2026-12-05T15:00:00', '2026-12-03T10:00:00', 'elapsed')).toBe('overdue by 2 days 5 h');
    expect(read('zh-CN', '2026-12-05T15:00:00', '2026-12-03T10:00:00', 'elapsed')).toBe('已超时 2天5小时');
    expect(read('en', '2026-12-04T10:30:00', '2026-12-03T10:00:00', 'elapsed')).toBe('overdue by 1 day');
    // Working-time limits keep reading in working time, and say so.
    expect(read('en', '2026-12-01T17:00:00', '2026-12-02T10:00:00', 'working')).toBe('2 h of working time left');
    expect(timeLeft(sh('2026-12-01T17:00:00'), sh('2026-12-02T10:00:00'), 'working', ALWAYS_WORKING)).toEqual({ clock: 'working', minutes: 17 * 60, overdue: false });
  });

  it('travels as line parameters that render the same, and old rows (minutes only) still read', () => {
    const params = { leader: 'U0LEAD', stage: 'acknowledge', reason: 'breached', left: 0, overdue: 1, leftClock: 'working' };
    expect(renderLine({ locale: 'en', timeZone }, { key: 'channel.escalated', params })).toMatch(/Accept \(limit passed\), overdue\.$/);
    expect(renderLine({ locale: 'en', timeZone }, { key: 'channel.escalated', params: { ...params, left: -3190, leftClock: 'elapsed' } })).toContain('overdue by 2 days 5 h.');
    expect(renderLine({ locale: 'en', timeZone }, { key: 'channel.escalated', params: { leader: 'U0LEAD', stage: 'solution', reason: 'breached', left: -5 } })).toContain('overdue by 5 min of working time.');
  });
});

describe('escalation messages', () => {
  it('say the limit and the time left (overdue when negative), and carry the escalation id on all four choices', () => {
    const ask = escalationAsk({ locale: 'en', timeZone, card: outside, escalation: breached });
    const text = withoutDates(mrkdwnTexts(ask));
    expect(text).toContain('escalated to you (level 2): the *Propose a solution* time limit has passed.');
    expect(text).toContain('Due Thu 3 Dec, 18:00 (GMT+8): overdue by 2 h 5 min of working time.');
    const json = JSON.stringify(ask.blocks);
    for (const id of [ESCALATION_APPROVE_ACTION, ESCALATION_REASSIGN_ACTION, ESCALATION_EXTEND_ACTION, ESCALATION_DECLINE_ACTION]) expect(json).toContain(`"action_id":"${id}"`);
    expect(json.match(new RegExp(`"value":"${ESC_ID}"`, 'g'))).toHaveLength(4);
  });

  it('once decided show who decided instead of the buttons', () => {
    const done = escalationAsk({ locale: 'en', timeZone, card: base, escalation: { ...atRisk, decision: 'reassign' }, decided: { ...decided, decision: 'reassign' } });
    expect(JSON.stringify(done.blocks)).not.toContain('escalation_');
    expect(withoutDates(mrkdwnTexts(done))).toContain('Reassigned by <@U0LEAD> at Tue 1 Dec, 10:00 (GMT+8).');
  });

  it('offer the major report the same choices, and none without an escalation', () => {
    const ctx = { locale: 'en' as const, timeZone, card: { ...base, priority: 'major' as const, status: 'new' as const } };
    expect(JSON.stringify(majorReport({ ...ctx, escalation: major }).blocks)).toContain(`"action_id":"${ESCALATION_APPROVE_ACTION}"`);
    expect(JSON.stringify(majorReport(ctx).blocks)).not.toContain('escalation_');
  });

  it('mask typed personal data in the channel ping and keep it inert', () => {
    const ping = channelLineMessage({ locale: 'en', timeZone, card: { ...base, title: 'Call 13812345678 <!channel>' }, line: { key: 'channel.escalated', params: { leader: 'U0LEAD', stage: 'solution', left: 10, reason: 'at_risk' } } });
    expect(mrkdwnTexts(ping)).not.toMatch(/13812345678|<!channel>/);
    expect(mrkdwnTexts(ping)).toContain('<@U0LEAD>');
  });
});

describe('escalation modals', () => {
  const ids = (view: ModalView) => (view.blocks as KnownBlock[]).flatMap((b) => (b.type === 'input' && b.block_id ? [b.block_id] : []));
  const of = (d: (typeof DECISIONS)[number], card = base, escalation = atRisk) => escalationModal({ locale: 'en', timeZone, card, escalation, metadata: { d, id: ESC_ID } });

  it('ask what each decision needs', () => {
    const F = ACTION_FIELD;
    expect(ids(of('approve'))).toEqual([F.take.block, F.to.block, F.priority.block, F.note.block]);
    expect(ids(of('approve', { ...base, priority: 'urgent' }))).toEqual([F.take.block, F.to.block, F.note.block]);
    expect(ids(of('reassign'))).toEqual([F.to.block, F.note.block]);
    expect(ids(of('extend'))).toEqual([F.due.block, F.text.block]);
    expect(ids(of('extend', outside))).toEqual([F.due.block, F.text.block, F.evidence.block]);
    expect(ids(of('decline'))).toEqual([F.text.block]);
    for (const d of DECISIONS) {
      expect(of(d).callback_id).toBe(ESCALATION_MODAL_VIEW);
      expect(JSON.parse(of(d).private_metadata!)).toEqual({ d, id: ESC_ID });
    }
  });

  it('offer only higher priorities, and "take it over myself" first', () => {
    const json = JSON.stringify(of('approve', { ...base, priority: 'major' }).blocks);
    expect(json).toContain('"value":"urgent"');
    expect(json).not.toContain('"value":"normal"');
    expect(json).toContain('"initial_option":{"text":{"type":"plain_text","text":"I take it over myself","emoji":true},"value":"self"}');
  });
});

describe('surveys', () => {
  it('offer 1-5 in the DM, each carrying the complaint, and mark the rating given', () => {
    const ask = JSON.stringify(surveyAsk({ locale: 'en', timeZone, card: resolved }).blocks);
    for (const r of [1, 2, 3, 4, 5]) expect(ask).toContain(`"action_id":"survey_rate:${r}"`);
    const rated = surveyAsk({ locale: 'en', timeZone, card: resolved, rated: { rating: 3, at: new Date('2026-12-02T03:00:00Z') } });
    expect(withoutDates(mrkdwnTexts(rated))).toContain('You rated the result 3 out of 5 at Wed 2 Dec, 11:00 (GMT+8).');
  });

  it('preselect the rating pressed, keep an earlier comment on a change, and ask how an outside customer was reached', () => {
    const dm = JSON.stringify(modals('en')['survey.dm']!.blocks);
    expect(dm).toContain('"initial_option":{"text":{"type":"plain_text","text":"4 · Satisfied","emoji":true},"value":"4"}');
    expect(modals('en')['survey.dm']!.callback_id).toBe(SURVEY_MODAL_VIEW);
    expect(JSON.stringify(modals('en')['survey.dm.change']!.blocks)).toContain('"initial_value":"Quick & kind"');
    expect(JSON.stringify(modals('en')['survey.record']!.blocks)).toContain(`"block_id":"${ACTION_FIELD.channel.block}"`);
    expect(JSON.stringify(modals('en')['survey.dm']!.blocks)).not.toContain(ACTION_FIELD.channel.block);
  });

  it('the card offers Record follow-up only for a resolved complaint with an outside customer', () => {
    const has = (c: ComplaintCard) => JSON.stringify(cardActions('en', c)).includes(SURVEY_RECORD_ACTION);
    expect(has({ ...resolved, ...outside, status: 'resolved' })).toBe(true);
    expect(has(resolved)).toBe(false);
    expect(has({ ...resolved, ...outside, status: 'resolved', archivedAt: new Date('2026-12-10T02:00:00Z') })).toBe(false);
    expect(JSON.stringify(messages('en').followUpCallNotice!.blocks)).toContain(SURVEY_RECORD_ACTION);
  });
});

describe('App Home', () => {
  it('lists what waits first, each item with its buttons, and supervisors see failed deliveries', () => {
    const view = homeView({ locale: 'en', timeZone, home: fullHome });
    const text = homeText(view);
    const order = ['Waiting for your answer', 'Escalations before you', 'You own', 'Open in Billing &amp; refunds', 'You filed', 'Deliveries that failed', 'Calendar warnings'];
    expect(order.map((h) => text.indexOf(h))).toEqual([...order.map((h) => text.indexOf(h))].sort((a, b) => a - b));
    const json = JSON.stringify(view.blocks);
    for (const id of ['approval_approve', 'approval_decline', 'consent_agree', 'consent_decline', ESCALATION_APPROVE_ACTION, 'complaint_accept', 'complaint_act:start_investigation', 'complaint_act:withdraw', 'complaint_act:reopen']) {
      expect(json, id).toContain(`"action_id":"${id}"`);
    }
    expect(text).toContain('channel_not_found');
    expect(text).toContain('No holiday data for 2028');
  });

  it('stays within 100 blocks however much there is, and says how many more', () => {
    const many = (prefix: string, n: number, over: Partial<ComplaintCard> = {}) => Array.from({ length: n }, (_, i) => card(`PLG-2026-${prefix}${String(i).padStart(4, '0')}`, over));
    const home: HomeModel = {
      ...fullHome,
      owned: many('10', 20, { ownerId: 'U0ME' }),
      led: [{ groupId: 'billing', groupName: 'Billing', open: many('20', 50) }, { groupId: 'service', groupName: 'Service', open: many('30', 50) }],
      filed: many('40', 20, { status: 'new' }),
    };
    for (const locale of locales) {
      const view = homeView({ locale, timeZone, home });
      assertHomeLimits(view);
      const text = homeText(view);
      // Every list keeps its heading, even when the ones before it took the room.
      for (const heading of locale === 'en' ? ['You filed', 'Deliveries that failed', 'Calendar warnings', 'Open in Service'] : ['我登记的', '发送失败的消息']) expect(text).toContain(heading);
      expect(text).toMatch(locale === 'en' ? /…and \d+ more\./ : /……还有 \d+ 条/);
    }
  });

  it('says so when nothing waits', () => {
    const text = homeText(homeView({ locale: 'en', timeZone, home: emptyHome }));
    expect(text).toContain('You own no open complaints.');
    expect(text).toContain('You have not filed any complaints.');
    expect(text).not.toContain('Waiting for your answer');
  });
});
