/**
 * Issue 11, point 3: every date and time a person reads in Slack is rendered in the reader's own
 * zone (`<!date^…>`), and the fallback Slack shows where it cannot names the zone it is written in.
 */
import { describe, expect, it } from 'vitest';
import type { EscalationView } from '../../src/chat/port';
import type { ComplaintCard } from '../../src/domain/complaint';
import type { Locale } from '../../src/i18n';
import { actionModal } from '../../src/slack/blocks/action-modal';
import type { SlackMessage } from '../../src/slack/blocks/common';
import { complaintCard } from '../../src/slack/blocks/complaint-card';
import { escalationAsk } from '../../src/slack/blocks/escalation';
import { escalationModal } from '../../src/slack/blocks/escalation-modal';
import { historyMessage } from '../../src/slack/blocks/history';
import { homeView } from '../../src/slack/blocks/home';
import { noticeMessage } from '../../src/slack/blocks/notice';
import { filerConfirmation, ownerAssignedMessage } from '../../src/slack/blocks/owner-dm';
import { messageAsText } from '../../src/slack/blocks/plain-text';
import { showMessage } from '../../src/slack/blocks/show';
import { complaintCardOf } from '../support/complaint-card';
import { mrkdwnTexts } from './slack-limits';

// 23:30 in Shanghai: the night before, in UTC the afternoon; a reader in Berlin reads 16:30.
const NIGHT = new Date('2026-11-30T15:30:00Z');
const NIGHT_UNIX = NIGHT.getTime() / 1000;
const FILED = new Date('2026-11-30T14:10:00Z');

const card: ComplaintCard = complaintCardOf({
  details: 'Two charges.',
  priority: 'urgent',
  filedAt: FILED,
  ackDueAt: NIGHT,
  nextDue: { stage: 'acknowledge', dueAt: NIGHT },
});
const escalation: EscalationView = { id: '3c2b1a09-8f7e-4d6c-9b5a-4f3e2d1c0b9a', level: 1, stage: 'acknowledge', reason: 'at_risk', left: { clock: 'elapsed', minutes: 15, overdue: false }, dueAt: NIGHT, decision: null };

/** Each `HH:MM` in `text` outside a Slack date token: a time the reader cannot place. */
function bareTimes(text: string): string[] {
  return text.replace(/<!date\^\d+\^[^|>]*\|[^>]*>/g, '').match(/\d{1,2}:\d{2}/g) ?? [];
}

/** The message's fallback text and every mrkdwn text in its blocks. */
function texts(m: { text?: string; blocks: unknown[] }): string[] {
  return [mrkdwnTexts({ text: m.text ?? '', blocks: m.blocks } as SlackMessage)];
}

describe.each<[Locale, string, string]>([
  ['en', 'Mon 30 Nov, 23:30 (GMT+8)', 'Mon 30 Nov, 16:30 (GMT+1)'],
  ['zh-CN', '11月30日（周一）23:30（GMT+8）', '11月30日（周一）16:30（GMT+1）'],
])('dates people read (%s)', (locale, shanghai, berlin) => {
  const token = (fallback: string) => `<!date^${NIGHT_UNIX}^{date_short_pretty} {time}|${fallback}>`;

  const all = (timeZone: string): Record<string, { text?: string; blocks: unknown[] }> => {
    const ctx = { locale, timeZone, card };
    return {
      card: complaintCard(ctx),
      ownerDm: ownerAssignedMessage(ctx),
      filer: filerConfirmation(ctx),
      show: showMessage(ctx),
      notice: noticeMessage({ ...ctx, line: { key: 'notice.extended', params: { actor: 'U0OWNER', stage: 'acknowledge', due: NIGHT.toISOString(), by: 'staff' } } }),
      escalation: escalationAsk({ ...ctx, escalation }),
      decided: escalationAsk({ ...ctx, escalation, decided: { decision: 'approve', by: 'U0LEAD', at: NIGHT } }),
      extendModal: actionModal({ locale, timeZone, action: 'request_extension', card }),
      escalationExtend: escalationModal({ locale, timeZone, card, escalation, metadata: { d: 'extend', id: escalation.id } }),
      history: historyMessage({ locale, timeZone }, { complaintId: card.id, reference: card.reference, truncated: false, entries: [
        { id: '1', at: FILED, actorId: 'U0FILER', type: 'complaint.filed', summary: '', params: { priority: 'urgent', owner: 'U0OWNER' } },
        { id: '2', at: NIGHT, actorId: 'U0OWNER', type: 'extension.granted', summary: '', params: { stage: 'acknowledge', due: NIGHT.toISOString() } },
      ] }),
      home: homeView({ locale, timeZone, home: { owned: [card], filed: [], led: [], approvals: [], escalations: [], supervisor: null } }),
    };
  };

  it('renders each date and time in the reader zone, with a fallback naming the configured one', () => {
    const dm = texts(ownerAssignedMessage({ locale, timeZone: 'Asia/Shanghai', card })).join('\n');
    expect(dm).toContain(token(shanghai));
    for (const [name, m] of Object.entries(all('Asia/Shanghai'))) {
      const joined = texts(m).join('\n');
      expect(bareTimes(joined), `${name}: ${joined}`).toEqual([]);
      expect(joined, name).toMatch(/<!date\^\d+\^\{date_short_pretty\} \{time\}\|[^>]*GMT\+8/);
    }
  });

  it('writes the fallback in the zone it is given (a group with its own zone)', () => {
    const dm = texts(ownerAssignedMessage({ locale, timeZone: 'Europe/Berlin', card })).join('\n');
    expect(dm).toContain(token(berlin));
    expect(dm).not.toContain('GMT+8');
  });

  it('reads as the fallback in plain text (the CLI)', () => {
    const text = messageAsText(ownerAssignedMessage({ locale, timeZone: 'Asia/Shanghai', card }));
    expect(text).toContain(shanghai);
    expect(text).not.toContain('<!date');
  });
});
