/** Issue 12, point 4: a card shows its priority, source and category; DMs lead with the ask, say each deadline once and link to the card. */
import { describe, expect, it } from 'vitest';
import type { EscalationView } from '../../src/chat/port';
import type { ComplaintCard } from '../../src/domain/complaint';
import { formatDateTime, type Locale } from '../../src/i18n';
import { complaintCard } from '../../src/slack/blocks/complaint-card';
import { escalationAsk } from '../../src/slack/blocks/escalation';
import { ownerAssignedMessage } from '../../src/slack/blocks/owner-dm';
import { blocksAsText } from '../support/message-text';
import { complaintCardOf } from '../support/complaint-card';

const timeZone = 'Asia/Shanghai';
const CARD_URL = 'https://slack.com/archives/C0BILLING/p1764482400000200';
const card: ComplaintCard = complaintCardOf({ details: 'Two charges of ¥268.' });
const handedOver: ComplaintCard = { ...card, status: 'investigating', acceptedAt: new Date('2026-11-30T07:00:00Z'), firstContactId: 'U0FIRST', acceptedById: 'U0FIRST', nextDue: { stage: 'solution', dueAt: new Date('2026-12-03T10:00:00Z') } };
const atRisk: EscalationView = { id: '3c2b1a09-8f7e-4d6c-9b5a-4f3e2d1c0b9a', level: 1, stage: 'solution', reason: 'at_risk', left: { clock: 'working', minutes: 96, overdue: false }, dueAt: new Date('2026-12-03T10:00:00Z'), decision: null };

const text = (blocks: unknown) => blocksAsText(blocks).join('\n');
const times = (haystack: string, needle: string) => haystack.split(needle).length - 1;

describe.each<Locale>(['en', 'zh-CN'])('cards a team can scan (%s)', (locale) => {
  const when = (d: Date) => formatDateTime(locale, d, timeZone);

  it('the channel card leads with a colour per priority and shows the source and the category', () => {
    const headers = (['normal', 'major', 'urgent'] as const).map((priority) => blocksAsText(complaintCard({ locale, timeZone, card: { ...card, priority } }).blocks)[0]!);
    const marks = headers.map((h) => /^== (:[a-z_]+:) PLG-2026-000123 · /.exec(h)?.[1]);
    expect(marks.every(Boolean), headers.join('\n')).toBe(true);
    expect(new Set(marks).size).toBe(3);
    const body = text(complaintCard({ locale, timeZone, card }).blocks);
    expect(body).toContain(locale === 'en' ? '*Received via* Phone' : '*投诉渠道* 电话');
    expect(body).toContain(locale === 'en' ? '*Category* Billing' : '*类别* Billing');
  });

  it("the owner's DM asks for acceptance first, says the deadline once and links to the card", () => {
    const dm = ownerAssignedMessage({ locale, timeZone, card });
    const lines = blocksAsText(dm.blocks);
    expect(lines[0]).toBe(locale === 'en' ? `Please accept complaint *PLG-2026-000123* by *${when(card.ackDueAt!)}*.` : `请于 *${when(card.ackDueAt!)}* 前受理投诉 *PLG-2026-000123*。`);
    expect(times(lines.join('\n'), when(card.ackDueAt!))).toBe(1);
    expect(JSON.stringify(dm.blocks)).toContain(`<${CARD_URL}|`);
    expect(dm.text.startsWith(locale === 'en' ? 'Please accept complaint PLG-2026-000123 by' : '请于')).toBe(true);
  });

  it("a handed-over owner's DM leads with the next limit, once", () => {
    const lines = blocksAsText(ownerAssignedMessage({ locale, timeZone, card: handedOver }).blocks);
    expect(lines[0]).toContain(when(handedOver.nextDue!.dueAt));
    expect(times(lines.join('\n'), when(handedOver.nextDue!.dueAt))).toBe(1);
  });

  it('the escalation DM leads with the escalation, says its limit once and links to the card', () => {
    const dm = escalationAsk({ locale, timeZone, card: handedOver, escalation: atRisk });
    const lines = blocksAsText(dm.blocks);
    expect(lines[0]).toMatch(locale === 'en' ? /escalated to you/ : /督办/);
    expect(times(lines.join('\n'), when(atRisk.dueAt!))).toBe(1);
    expect(JSON.stringify(dm.blocks)).toContain(`<${CARD_URL}|`);
  });

  it('an escalation without a limit of its own still shows what is due next', () => {
    const major = escalationAsk({ locale, timeZone, card: { ...handedOver, priority: 'major' }, escalation: { ...atRisk, reason: 'major', stage: 'report_to_leader', dueAt: null } });
    expect(times(text(major.blocks), when(handedOver.nextDue!.dueAt))).toBe(1);
  });

  it('no link before the card is posted', () => {
    expect(JSON.stringify(ownerAssignedMessage({ locale, timeZone, card: { ...card, rootMessageId: null } }).blocks)).not.toContain('slack.com/archives');
  });
});
