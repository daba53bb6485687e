/**
 * WeCom's decision cards as members read them, in both languages (snapshots in
 * __messages__/wecom-cards.*.txt): every click a card carries is a key the listener knows, and
 * every page it opens is a step the pages serve; without links to pages a card keeps its clicks.
 */
import { describe, expect, it } from 'vitest';
import type { ApprovalView, EscalationView, ReviewView } from '../../src/chat/port';
import type { ComplaintCard } from '../../src/domain/complaint';
import type { Locale } from '../../src/i18n';
import { approvalCard, consentCard } from '../../src/wecom/cards/approval';
import type { CardContext } from '../../src/wecom/cards/common';
import { escalationCard, majorReportCard } from '../../src/wecom/cards/escalation';
import { filerCard, withdrawConfirmCard } from '../../src/wecom/cards/filer';
import { infoCard, reviewCard, surveyCard } from '../../src/wecom/cards/follow-up';
import { parseClick } from '../../src/wecom/cards/keys';
import { ownerCard } from '../../src/wecom/cards/owner';
import { isStep } from '../../src/wecom/pages/steps';
import { buttonCard, type ButtonCard } from '../../src/wecom/messages';
import { CARD_ID, complaintCardOf } from '../support/complaint-card';
import { cardAsText, pageOf } from '../support/wecom-card-text';

const APPROVAL_ID = '0b9a8c7d-6e5f-4a3b-9c2d-1e0f9a8b7c6d';
const ESCALATION_ID = '5e4d3c2b-1a09-4f8e-9d7c-6b5a4f3e2d1c';
const REVIEW_ID = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6e';
const links = { corpId: 'ww0a1b2c3d4e5f6a7b', agentId: 1000002, publicUrl: new URL('https://pledge.example.cn/') };

// The shared card as the team works on it in WeCom: Chinese names and WeCom UserIDs, major, under investigation.
const base: ComplaintCard = complaintCardOf({
  title: '一笔订单被扣了两次款',
  priority: 'major',
  status: 'investigating',
  filerId: 'zhangsan',
  ownerId: 'lisi',
  firstContactId: 'lisi',
  acceptedById: 'lisi',
  groupName: '计费组',
  acceptedAt: new Date('2026-11-30T07:30:00Z'),
  nextDue: { stage: 'solution', dueAt: new Date('2026-12-07T10:00:00Z') },
  channelId: null,
  rootMessageId: null,
});
const fresh: ComplaintCard = { ...base, status: 'new', firstContactId: null, acceptedById: null, acceptedAt: null, nextDue: { stage: 'acknowledge', dueAt: base.ackDueAt! } };
const resolved: ComplaintCard = { ...base, status: 'resolved', result: '已退还重复扣除的 268 元。', resultBasis: '计费规则 4.2', nextDue: { stage: 'follow_up', dueAt: new Date('2026-12-03T10:00:00Z') } };
const rejection: ApprovalView = { id: APPROVAL_ID, kind: 'rejection', requestedBy: 'lisi', payload: { reason: '按已签合同正常扣费。' } };
const extension: ApprovalView = { id: APPROVAL_ID, kind: 'extension', requestedBy: 'lisi', payload: { stage: 'solution', dueAt: '2026-12-09T10:00:00Z', reason: '需要银行回单。' } };
const escalation: EscalationView = { id: ESCALATION_ID, level: 1, stage: 'acknowledge', reason: 'at_risk', left: { minutes: 96, overdue: false, clock: 'elapsed' } as EscalationView['left'], dueAt: new Date('2026-12-01T06:00:00Z'), decision: null };
const review: ReviewView = { id: REVIEW_ID, cause: 'low_rating', rating: 2, comment: '退款太慢了。', outcome: null, decidedBy: null, decidedAt: null };

function cards(locale: Locale, withLinks = true): Record<string, ButtonCard> {
  const ctx = (card: ComplaintCard): CardContext => ({ locale, timeZone: 'Asia/Shanghai', taskId: 'pledge-test', card, ...(withLinks && { links }) });
  return {
    'owner.new': ownerCard(ctx(fresh)),
    'owner.accepted': ownerCard(ctx({ ...base, status: 'accepted' })),
    'owner.investigating': ownerCard(ctx(base)),
    'approval.rejection': approvalCard(ctx(base), rejection),
    'approval.handover': approvalCard(ctx(base), { id: APPROVAL_ID, kind: 'handover', requestedBy: 'lisi', payload: { toOwnerId: 'wangwu', fromOwnerId: 'lisi', reason: '我下周休假。' } }),
    'consent.extension': consentCard(ctx(base), extension),
    escalation: escalationCard(ctx(fresh), escalation),
    'major.report': majorReportCard(ctx(fresh), { ...escalation, reason: 'major', stage: 'report_to_leader' }),
    survey: surveyCard(ctx(resolved)),
    review: reviewCard(ctx(resolved), review),
    info: infoCard(ctx({ ...base, status: 'waiting_on_complainant', paused: true }), '请提供扣款短信截图。', 'lisi'),
    'filer.new': filerCard(ctx(fresh)),
    'filer.withdraw_confirm': withdrawConfirmCard(ctx(fresh)),
  };
}

const short = (s: string) => s.replaceAll(CARD_ID, '‹id›').replaceAll(APPROVAL_ID, '‹approval›').replaceAll(ESCALATION_ID, '‹escalation›').replaceAll(REVIEW_ID, '‹review›');

describe('WeCom decision cards', () => {
  for (const locale of ['en', 'zh-CN'] as const) {
    it(`reads as a member sees it (${locale})`, async () => {
      const text = Object.entries(cards(locale)).map(([name, card]) => `### ${name}\n${cardAsText(buttonCard(card).template_card, short)}\n`);
      await expect(text.join('\n')).toMatchFileSnapshot(`__messages__/wecom-cards.${locale}.txt`);
    });
  }

  it('carries only keys the listener parses and links only to steps the pages serve', () => {
    for (const [name, card] of Object.entries(cards('zh-CN'))) {
      for (const b of card.buttons) {
        if (b.key !== undefined) expect(parseClick(b.key), `${name}: ${b.key}`).toBeDefined();
        else expect(isStep(decodeURIComponent(pageOf(b.url!).split('?')[0]!.split('/').at(-1)!)), `${name}: ${b.url}`).toBe(true);
      }
    }
  });

  it('keeps its clicks without links to pages, and sends no page button then', () => {
    const unlinked = cards('en', false);
    expect(unlinked['approval.rejection']!.buttons.map((b) => b.text)).toEqual(['Approve']);
    expect(unlinked.review!.buttons).toEqual([]);
    expect(Object.values(unlinked).every((c) => c.url === undefined && c.buttons.every((b) => b.url === undefined))).toBe(true);
  });
});
