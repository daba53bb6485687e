/**
 * Requests that need someone's yes: the leader's approval (rejection, handover) and the
 * complainant's consent (extension). Once answered, the same message is shown again with the
 * answer in place of its buttons.
 */
import type { KnownBlock } from '@slack/types';
import type { ApprovalView } from '../../chat/port';
import { t, type Locale } from '../../i18n';
import {
  APPROVAL_ACTIONS_BLOCK,
  APPROVE_ACTION,
  CONSENT_AGREE_ACTION,
  CONSENT_DECLINE_ACTION,
  DECLINE_ACTION,
} from '../ids';
import { fieldSections, LIMITS, mention, mrkdwn, plain, type SlackMessage } from './common';
import { escapeText } from './escape';
import { dateTime, withEmoji } from './markup';
import { contextBlock, facts, type CardContext } from './card-parts';
import { renderLine } from './line';
import { noticeHeading } from './notice';

export interface Decided {
  approve: boolean;
  by: string;
  at: Date;
}

export interface ApprovalInput extends CardContext {
  approval: ApprovalView;
  decided?: Decided;
  /** When it was closed unanswered, the complaint having moved past it (superseded). */
  closed?: Date;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

function answerBlocks(locale: Locale, id: string, yes: { action: string; label: string }, no: { action: string; label: string }): KnownBlock[] {
  return [
    {
      type: 'actions',
      block_id: APPROVAL_ACTIONS_BLOCK,
      elements: [
        { type: 'button', action_id: yes.action, style: 'primary', text: plain(yes.label, LIMITS.buttonText), value: id },
        { type: 'button', action_id: no.action, style: 'danger', text: plain(no.label, LIMITS.buttonText), value: id },
      ],
    },
  ];
}

/** What replaces the buttons: the answer, or that none is needed any more. */
function settled(input: ApprovalInput, kind: 'approval' | 'consent'): KnownBlock[] | undefined {
  const { locale, timeZone, decided, closed } = input;
  if (decided) return contextBlock([decidedLine(locale, timeZone, decided, kind)]);
  if (closed) return contextBlock([withEmoji('open', t(locale, 'approval.superseded', { time: dateTime(locale, closed, timeZone) }))]);
  return undefined;
}

function decidedLine(locale: Locale, timeZone: string, decided: Decided, kind: 'approval' | 'consent'): string {
  const key = kind === 'approval' ? (decided.approve ? 'approval.approved' : 'approval.declined') : decided.approve ? 'consent.agreed' : 'consent.declined';
  return withEmoji(decided.approve ? 'done' : 'no', t(locale, key, { user: mention(decided.by), time: dateTime(locale, decided.at, timeZone) }));
}

/**
 * Who a handover is from, as the request recorded it (the card shows the new owner once it is
 * approved). Requests from before it was recorded were always made by the owner of the time.
 */
function handedFrom(approval: ApprovalView): string {
  return str(approval.payload.fromOwnerId) || approval.requestedBy;
}

/** The group leader is asked to approve or decline rejecting or handing over a complaint. */
export function approvalAsk(input: ApprovalInput): SlackMessage {
  const { locale, timeZone, card, approval } = input;
  const p = approval.payload;
  const key = approval.kind === 'handover' ? 'approval.handover' : approval.kind === 'extension' ? 'approval.extension' : 'approval.rejection';
  const text = renderLine(
    { locale, timeZone },
    { key, params: { requester: approval.requestedBy, reference: card.reference, owner: handedFrom(approval), to: str(p.toOwnerId), due: str(p.dueAt), text: str(p.reason) } },
  );
  return {
    text: t(locale, 'approval.fallback', { reference: card.reference }),
    blocks: [
      { type: 'context', elements: [mrkdwn(noticeHeading(input))] },
      { type: 'section', text: mrkdwn(text) },
      ...fieldSections(facts(input, ['status', 'priority', 'owner', 'firstContact', 'nextDue'])),
      ...(settled(input, 'approval') ??
        answerBlocks(locale, approval.id, { action: APPROVE_ACTION, label: t(locale, 'approval.approve') }, { action: DECLINE_ACTION, label: t(locale, 'approval.decline') })),
    ],
  };
}

/** The complainant is asked to agree to a later due time; only Agree moves it. */
export function consentAsk(input: ApprovalInput): SlackMessage {
  const { locale, timeZone, card, approval } = input;
  const p = approval.payload;
  const text = renderLine(
    { locale, timeZone },
    {
      key: 'consent.ask',
      params: { requester: approval.requestedBy, reference: card.reference, stage: str(p.stage), due: str(p.dueAt), text: str(p.reason) },
    },
  );
  return {
    text: t(locale, 'consent.fallback', { reference: card.reference }),
    blocks: [
      { type: 'context', elements: [mrkdwn(noticeHeading(input))] },
      { type: 'section', text: mrkdwn(text) },
      ...(settled(input, 'consent') ?? [
        { type: 'section' as const, text: mrkdwn(escapeText(t(locale, 'consent.question'))) },
        ...answerBlocks(locale, approval.id, { action: CONSENT_AGREE_ACTION, label: t(locale, 'consent.agree') }, { action: CONSENT_DECLINE_ACTION, label: t(locale, 'consent.decline') }),
      ]),
    ],
  };
}
