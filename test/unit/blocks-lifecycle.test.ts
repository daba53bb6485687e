import type { KnownBlock, ModalView } from '@slack/types';
import { describe, expect, it } from 'vitest';
import type { ApprovalView, Line } from '../../src/chat/port';
import type { ComplaintCard, Status } from '../../src/domain/complaint';
import { en } from '../../src/i18n/en';
import type { Locale } from '../../src/i18n';
import { MODAL_ACTIONS } from '../../src/slack/action-kinds';
import { actionModal, declineModal } from '../../src/slack/blocks/action-modal';
import { approvalAsk, consentAsk } from '../../src/slack/blocks/approval';
import { cardActions } from '../../src/slack/blocks/card-actions';
import type { SlackMessage } from '../../src/slack/blocks/common';
import { complaintCard } from '../../src/slack/blocks/complaint-card';
import { infoAsk } from '../../src/slack/blocks/info-ask';
import { renderLine } from '../../src/slack/blocks/line';
import { majorReport } from '../../src/slack/blocks/major-report';
import { noticeMessage } from '../../src/slack/blocks/notice';
import { alreadyAccepted, filerConfirmation, ownerAssignedMessage } from '../../src/slack/blocks/owner-dm';
import { specialChannelName, specialChannelSummary } from '../../src/slack/blocks/special-channel';
import { threadLineMessage } from '../../src/slack/blocks/thread-line';
import {
  ACCEPT_ACTION,
  ACTION_FIELD,
  ACTION_MODAL_VIEW,
  APPROVE_ACTION,
  CONSENT_AGREE_ACTION,
  CONSENT_DECLINE_ACTION,
  DECLINE_ACTION,
  DECLINE_MODAL_VIEW,
} from '../../src/slack/ids';
import { parseActionValue } from '../../src/slack/parse/complaint-action';
import { suggesting } from '../support/suggest';
import { complaintCardOf } from '../support/complaint-card';
import { assertActionsListened, messagesAsText, prefixed } from './message-snapshots';
import { assertMessageLimits, assertModalLimits, mrkdwnTexts, withoutDates } from './slack-limits';

const timeZone = 'Asia/Shanghai';
const locales: Locale[] = ['en', 'zh-CN'];
const ID = '7f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b';
const APPROVAL_ID = '0b9a8c7d-6e5f-4a3b-9c2d-1e0f9a8b7c6d';

const base: ComplaintCard = complaintCardOf({
  id: ID,
  priority: 'major',
  status: 'investigating',
  firstContactId: 'U0FIRST',
  acceptedById: 'U0FIRST',
  acceptedAt: new Date('2026-11-30T07:30:00Z'),
  nextDue: { stage: 'solution', dueAt: new Date('2026-12-07T10:00:00Z') },
});
const outside: ComplaintCard = { ...base, customerName: '王先生', maskedContact: '138****5678' };
/** Archived is not a status: a resolved complaint, archived beside its outcome. */
const archived: ComplaintCard = { ...base, status: 'resolved', result: 'Refunded.', nextDue: null, archivedAt: new Date('2026-12-10T02:00:00Z') };
const byStatus: Record<Status, ComplaintCard> = {
  new: { ...base, status: 'new', firstContactId: null, acceptedAt: null, nextDue: { stage: 'acknowledge', dueAt: base.ackDueAt! } },
  accepted: { ...base, status: 'accepted' },
  investigating: base,
  waiting_on_complainant: { ...base, status: 'waiting_on_complainant', paused: true, nextDue: null },
  solution_proposed: { ...base, status: 'solution_proposed', solution: 'Refund ¥268 & apologise by phone.', nextDue: { stage: 'feedback', dueAt: new Date('2026-12-01T02:00:00Z') } },
  resolved: { ...base, status: 'resolved', solution: 'Refund ¥268.', result: 'Refunded ¥268 on 1 Dec.', nextDue: { stage: 'follow_up', dueAt: new Date('2026-12-03T10:00:00Z') } },
  rejected: { ...base, status: 'rejected', result: 'The second charge was a pre-authorisation, released after 3 days.', nextDue: null },
  withdrawn: { ...base, status: 'withdrawn', firstContactId: null, acceptedAt: null, nextDue: null },
};

/** Sample parameters for every line and notice key the services send. */
const params: Record<string, string | number> = {
  actor: 'U0OWNER',
  owner: 'U0OWNER',
  from: 'U0OWNER',
  to: 'U0OTHER',
  leader: 'U0LEAD',
  filer: 'U0FILER',
  due: '2026-12-09T10:00:00.000Z',
  stage: 'solution',
  left: 96,
  rating: 4,
  text: 'The second charge is a hold, released on 2 Dec.',
  basis: 'Bank statement of 1 Dec.',
};
const keysOf = (prefix: string) => Object.keys(en).filter((k) => k.startsWith(prefix));
const line = (key: string): Line => ({ key, params });

const rejection: ApprovalView = { id: APPROVAL_ID, kind: 'rejection', requestedBy: 'U0OWNER', payload: { reason: 'Charged as agreed in the signed contract.' } };
const handover: ApprovalView = { id: APPROVAL_ID, kind: 'handover', requestedBy: 'U0OWNER', payload: { fromOwnerId: 'U0OWNER', toOwnerId: 'U0OTHER', reason: 'On leave from Monday.' } };
const extension: ApprovalView = {
  id: APPROVAL_ID,
  kind: 'extension',
  requestedBy: 'U0OWNER',
  payload: { deadlineId: 'd1', stage: 'solution', dueAt: '2026-12-09T10:00:00.000Z', reason: 'Waiting for the bank’s statement.' },
};
const decided = { approve: true, by: 'U0LEAD', at: new Date('2026-11-30T08:00:00Z') };

const messages = (locale: Locale): Record<string, SlackMessage> => {
  const ctx = (card: ComplaintCard) => ({ locale, timeZone, card });
  const out: Record<string, SlackMessage> = {};
  for (const [status, card] of Object.entries(byStatus)) out[`card.${status}`] = complaintCard(ctx(card));
  out['card.archived'] = complaintCard(ctx(archived));
  out['card.waiting'] = complaintCard(ctx({ ...base, waiting: [{ kind: 'rejection', approverId: 'U0LEAD' }, { kind: 'extension', approverId: 'U0FILER' }] }));
  out['card.outside'] = complaintCard(ctx({ ...outside, status: 'solution_proposed', solution: 'Refund.' }));
  out.ownerAssigned = ownerAssignedMessage(ctx(byStatus.new));
  out.ownerAssignedAccepted = ownerAssignedMessage(ctx(byStatus.accepted));
  out.acceptedAlready = alreadyAccepted(ctx(byStatus.accepted), 'U0OWNER');
  out.acceptedAlreadyOther = alreadyAccepted(ctx(byStatus.accepted), 'U0LEAD');
  out.filerConfirmationNew = filerConfirmation(ctx(byStatus.new));
  out.filerConfirmationAccepted = filerConfirmation(ctx(byStatus.accepted));
  for (const key of keysOf('line.')) out[key] = threadLineMessage({ locale, timeZone, line: line(key) });
  for (const key of ['line.rejection_declined', 'line.extension_declined']) {
    out[`${key}.no_reason`] = threadLineMessage({ locale, timeZone, line: { key, params: { actor: 'U0FILER', text: '' } } });
  }
  for (const key of keysOf('notice.').filter((k) => k !== 'notice.heading')) {
    const card = key === 'notice.result' ? byStatus.resolved : key === 'notice.rejected' ? byStatus.rejected : base;
    out[key] = noticeMessage({ ...ctx(card), line: line(key) });
  }
  out['notice.result.reopened'] = noticeMessage({ ...ctx(base), line: line('notice.result') });
  out.approvalRejection = approvalAsk({ ...ctx(base), approval: rejection });
  out.approvalHandover = approvalAsk({ ...ctx(base), approval: handover });
  out.approvalApproved = approvalAsk({ ...ctx(base), approval: rejection, decided });
  out.approvalDeclined = approvalAsk({ ...ctx(base), approval: handover, decided: { ...decided, approve: false } });
  // Approved: the card shows the new owner now; the request still says whom it was handed from.
  out.approvalHandoverApproved = approvalAsk({ ...ctx({ ...base, ownerId: 'U0OTHER' }), approval: handover, decided });
  // Closed unanswered: the complaint moved past the request (superseded); no buttons left.
  out.approvalSuperseded = approvalAsk({ ...ctx(base), approval: rejection, closed: decided.at });
  out.consent = consentAsk({ ...ctx(base), approval: extension });
  out.consentSuperseded = consentAsk({ ...ctx(base), approval: extension, closed: decided.at });
  out.consentAgreed = consentAsk({ ...ctx(base), approval: extension, decided: { ...decided, by: 'U0FILER' } });
  out.consentDeclined = consentAsk({ ...ctx(base), approval: extension, decided: { ...decided, by: 'U0FILER', approve: false } });
  out.infoAsk = infoAsk({ ...ctx(byStatus.waiting_on_complainant), question: 'Which card was charged? The last 4 digits are enough.', askedBy: 'U0OWNER' });
  out.majorReport = majorReport(ctx({ ...outside, ...byStatus.new, customerName: '王先生', maskedContact: '138****5678' }));
  out.specialSummary = specialChannelSummary(ctx({ ...outside, details: 'Call 13812345678 back.' }));
  return out;
};

const modals = (locale: Locale): Record<string, ModalView> => {
  const out: Record<string, ModalView> = {};
  for (const action of MODAL_ACTIONS) {
    out[action] = actionModal({ locale, timeZone, action, card: suggesting(base) });
    out[`${action}.outside`] = actionModal({ locale, timeZone, action, card: suggesting(outside) });
  }
  out['request_extension.paused'] = actionModal({ locale, timeZone, action: 'request_extension', card: byStatus.waiting_on_complainant });
  out.decline = declineModal({ locale, metadata: { id: APPROVAL_ID, c: 'D0LEAD', t: '1764482400.000300' } });
  return out;
};

const blockIds = (view: ModalView) => (view.blocks as KnownBlock[]).flatMap((b) => (b.block_id ? [b.block_id] : []));

describe.each(locales)('lifecycle builders in %s', (locale) => {
  it.each(Object.keys(messages(locale)))('%s stays within Slack limits', (name) => {
    assertMessageLimits(messages(locale)[name]!);
  });

  it.each(Object.keys(modals(locale)))('modal %s stays within Slack limits', (name) => {
    assertModalLimits(modals(locale)[name]!);
  });

  it('reads as in __messages__/lifecycle', async () => {
    const short = { [ID]: '‹id›', [APPROVAL_ID]: '‹approval›' };
    const all = { ...messages(locale), ...prefixed('modal ', modals(locale)) };
    assertActionsListened(all);
    await expect(messagesAsText(all, short)).toMatchFileSnapshot(`__messages__/lifecycle.${locale}.txt`);
  });

  it('has words for every line and notice: no key shows through', () => {
    for (const [name, message] of Object.entries(messages(locale))) {
      expect(mrkdwnTexts(message), name).not.toMatch(/\b(line|notice|stage|action|approval|consent)\.[a-z_]+/);
      expect(withoutDates(mrkdwnTexts(message)), name).not.toMatch(/\{\w+\}/);
    }
  });
});

describe('thread lines', () => {
  it('render people as mentions, due in the configured zone, stages by name, text as a quote', () => {
    const text = renderLine({ locale: 'en', timeZone }, { key: 'line.extended', params: { actor: 'U0FILER', due: '2026-12-09T10:00:00.000Z', text: 'Bank is slow.\nSorry.' } });
    expect(text).toBe("The time limit now ends <!date^1796810400^{date_short_pretty} {time}|Wed 9 Dec, 18:00 (GMT+8)> (<@U0FILER>, with the complainant's consent).\n>Bank is slow.\n>Sorry.");
    expect(renderLine({ locale: 'zh-CN', timeZone }, { key: 'line.warning', params: { stage: 'solution', due: '2026-12-09T10:00:00.000Z', left: 30, owner: 'U0OWNER' } })).toBe(
      '已提醒承办人：提出解决方案时限为 <!date^1796810400^{date_short_pretty} {time}|12月9日（周三）18:00（GMT+8）>，剩余工作时间 30分钟。',
    );
  });

  it('leave no live mention, broadcast or link from typed text, and mask personal data in channels only', () => {
    const hostile = { actor: 'U0OWNER', text: '<!channel> call 13812345678 or <https://evil.example|your bank> <@U0BOSS>', basis: '<!here>' };
    const inChannel = threadLineMessage({ locale: 'en', timeZone, line: { key: 'line.note', params: hostile } });
    expect(withoutDates(mrkdwnTexts(inChannel))).not.toMatch(/<!|<https:\/\/evil|<@U0BOSS/);
    expect(mrkdwnTexts(inChannel)).toContain('138****5678');
    const dm = noticeMessage({ locale: 'en', timeZone, card: base, line: { key: 'notice.result', params: hostile } });
    expect(withoutDates(mrkdwnTexts(dm))).not.toMatch(/<!|<https:\/\/evil|<@U0BOSS/);
    expect(mrkdwnTexts(dm)).toContain('13812345678');
  });

  it('treat a person param that is not a Slack id as text', () => {
    expect(renderLine({ locale: 'en', timeZone }, { key: 'line.accepted', params: { actor: '<!channel>' } })).toBe('&lt;!channel&gt; accepted the complaint and handles it.');
  });

  it('never crash on a key this version does not know, or on a bad date', () => {
    const message = threadLineMessage({ locale: 'zh-CN', timeZone, line: { key: 'line.from_the_future', params: { actor: 'U0OWNER', due: 'soon' } } });
    assertMessageLimits(message);
    expect(message.text).toBe('line.from_the_future <@U0OWNER> soon');
    expect(renderLine({ locale: 'en', timeZone }, { key: 'notice.extended', params: { due: 'not a date' } })).toBe('The time limit is extended: it now ends not a date.');
  });

  it('cut a very long text to Slack limits without leaving half an entity', () => {
    for (const text of ['x'.repeat(5000), '&'.repeat(3000), '<'.repeat(2999)]) {
      const message = threadLineMessage({ locale: 'en', timeZone, line: { key: 'line.note', params: { actor: 'U0OWNER', text } } });
      assertMessageLimits(message);
      expect(Array.from(message.text).length).toBeLessThanOrEqual(3000);
      expect(message.text).toMatch(/(&amp;|&lt;|x)…$/);
    }
  });
});

describe('card actions', () => {
  const offered = (card: ComplaintCard) =>
    JSON.stringify(cardActions('en', card))
      .match(/"value":"[a-z_]+:[0-9a-f-]{36}"|"action_id":"complaint_accept"/g)
      ?.map((v) => (v.includes(ACCEPT_ACTION) ? 'accept' : parseActionValue(JSON.parse(`{${v}}`).value)?.action)) ?? [];

  it('offers the next steps by status, primary ones as buttons and the rest in the menu', () => {
    expect(offered(byStatus.new)).toEqual(['accept', 'request_handover']);
    expect(offered(byStatus.accepted)).toEqual(['start_investigation', 'add_note', 'request_info', 'request_handover', 'request_extension']);
    expect(offered(byStatus.investigating)).toEqual(['propose_solution', 'add_note', 'request_info', 'request_rejection', 'request_handover', 'request_extension']);
    expect(offered(byStatus.waiting_on_complainant)).toEqual(['answer_info', 'add_note', 'request_handover', 'request_extension']);
    expect(offered(byStatus.solution_proposed)).toEqual(['resolve', 'add_note', 'request_handover', 'request_extension']);
    // A resolved or rejected complaint may be reopened (the leader's or the filer's step, checked on press).
    for (const status of ['resolved', 'rejected'] as const) expect(offered(byStatus[status])).toEqual(['reopen']);
    expect(cardActions('en', byStatus.withdrawn)).toEqual([]);
    expect(cardActions('en', archived)).toEqual([]);
  });

  it('stays within what Slack shows well: at most 3 buttons and 5 menu options', () => {
    for (const card of Object.values(byStatus)) {
      const [block] = cardActions('en', card) as { elements: { type: string; options?: unknown[] }[] }[];
      if (!block) continue;
      expect(block.elements.filter((e) => e.type === 'button').length).toBeLessThanOrEqual(3);
      for (const e of block.elements.filter((e) => e.type === 'overflow')) expect(e.options!.length).toBeLessThanOrEqual(5);
    }
  });

  it('the filer may withdraw from the confirmation only while nobody has accepted, after confirming', () => {
    const fresh = JSON.stringify(filerConfirmation({ locale: 'en', timeZone, card: byStatus.new }).blocks);
    expect(fresh).toContain(`"value":"withdraw:${ID}"`);
    expect(fresh).toContain('"confirm"');
    expect(JSON.stringify(filerConfirmation({ locale: 'en', timeZone, card: byStatus.accepted }).blocks)).not.toContain('withdraw');
  });

  it('a result or rejection DM offers Reopen only while it can still be reopened', () => {
    const reopen = (card: ComplaintCard, key: string) => JSON.stringify(noticeMessage({ locale: 'en', timeZone, card, line: line(key) }).blocks).includes(`reopen:${ID}`);
    expect(reopen(byStatus.resolved, 'notice.result')).toBe(true);
    expect(reopen(byStatus.rejected, 'notice.rejected')).toBe(true);
    expect(reopen(archived, 'notice.result')).toBe(false);
    expect(reopen({ ...byStatus.rejected, archivedAt: archived.archivedAt }, 'notice.rejected')).toBe(false);
    expect(reopen(byStatus.resolved, 'notice.progress')).toBe(false);
  });
});

describe('approvals', () => {
  it('carry the approval id on Approve / Decline and Agree / Decline, and drop them once answered', () => {
    const ask = JSON.stringify(approvalAsk({ locale: 'en', timeZone, card: base, approval: rejection }).blocks);
    for (const id of [APPROVE_ACTION, DECLINE_ACTION]) expect(ask).toContain(`"action_id":"${id}"`);
    expect(ask).toContain(`"value":"${APPROVAL_ID}"`);
    const consent = JSON.stringify(consentAsk({ locale: 'en', timeZone, card: base, approval: extension }).blocks);
    for (const id of [CONSENT_AGREE_ACTION, CONSENT_DECLINE_ACTION]) expect(consent).toContain(`"action_id":"${id}"`);
    const answered = approvalAsk({ locale: 'en', timeZone, card: base, approval: rejection, decided });
    expect(JSON.stringify(answered.blocks)).not.toContain(APPROVE_ACTION);
    expect(withoutDates(mrkdwnTexts(answered))).toContain('Approved by <@U0LEAD> at Mon 30 Nov, 16:00 (GMT+8).');
  });
});

describe('action modals', () => {
  it('carry only the action and the complaint in their metadata', () => {
    for (const action of MODAL_ACTIONS) {
      const view = actionModal({ locale: 'en', timeZone, action, card: outside });
      expect(view.callback_id).toBe(ACTION_MODAL_VIEW);
      expect(JSON.parse(view.private_metadata!)).toEqual({ a: action, id: ID });
    }
    expect(declineModal({ locale: 'en', metadata: { id: APPROVAL_ID } }).callback_id).toBe(DECLINE_MODAL_VIEW);
  });

  it('ask for delivery and consent evidence only for an outside customer', () => {
    const ids = (action: (typeof MODAL_ACTIONS)[number], card: ComplaintCard) => blockIds(actionModal({ locale: 'en', timeZone, action, card }));
    expect(ids('resolve', base)).toEqual([ACTION_FIELD.text.block, ACTION_FIELD.basis.block]);
    expect(ids('resolve', outside)).toEqual([ACTION_FIELD.text.block, ACTION_FIELD.basis.block, ACTION_FIELD.delivery.block, ACTION_FIELD.deliveryNote.block]);
    expect(ids('request_extension', base)).toEqual([ACTION_FIELD.due.block, ACTION_FIELD.text.block]);
    expect(ids('request_extension', outside)).toEqual([ACTION_FIELD.due.block, ACTION_FIELD.text.block, ACTION_FIELD.evidence.block]);
    expect(ids('request_handover', base)).toEqual([ACTION_FIELD.to.block, ACTION_FIELD.text.block]);
    expect(ids('add_note', base)).toEqual([ACTION_FIELD.text.block, ACTION_FIELD.notify.block]);
  });

  it('propose the close of the next working day, never a day off, and nothing without a suggestion', () => {
    const initial = (card: ComplaintCard) => /"initial_date_time":(\d+)/.exec(JSON.stringify(actionModal({ locale: 'en', timeZone, action: 'request_extension', card }).blocks))?.[1];
    // Due Mon 7 Dec, 18:00: Tuesday's close.
    expect(initial(suggesting(base))).toBe(String(Date.parse('2026-12-08T10:00:00Z') / 1000));
    // Due Fri 4 Dec at 23:30 (a 24-hour limit): Monday's close, not Saturday's.
    expect(initial(suggesting({ ...base, nextDue: { stage: 'acknowledge', dueAt: new Date('2026-12-04T15:30:00Z') } }))).toBe(String(Date.parse('2026-12-07T10:00:00Z') / 1000));
    expect(initial(base)).toBeUndefined();
  });
});

describe('special channel', () => {
  it('is named after the reference, lower case, with a suffix when taken', () => {
    expect(specialChannelName('PLG-2026-000123')).toBe('plg-2026-000123');
    expect(specialChannelName('PLG-2026-000123', 3)).toBe('plg-2026-000123-3');
    expect(specialChannelName('X'.repeat(100), 2)).toHaveLength(80);
  });
});
