/**
 * An escalation put before someone (the group leader, or whoever it was handed up to): the
 * complaint, its limit and the working time left, and the four choices. Once decided, the same
 * message is shown again with the decision in place of its buttons.
 */
import type { Button, KnownBlock } from '@slack/types';
import type { EscalationView } from '../../chat/port';
import { escalationLevel, isMessageKey, stageLabel, t, formatTimeLeft, type Locale, type MessageKey } from '../../i18n';
import {
  ESCALATION_ACTIONS_BLOCK,
  ESCALATION_APPROVE_ACTION,
  ESCALATION_DECLINE_ACTION,
  ESCALATION_EXTEND_ACTION,
  ESCALATION_REASSIGN_ACTION,
} from '../ids';
import { fieldSections, LIMITS, mention, mrkdwn, plain, truncate, type SlackMessage } from './common';
import { escapeText } from './escape';
import { bold, dateTime, withEmoji } from './markup';
import { contextBlock, facts, type CardContext } from './card-parts';
import { cardLink } from './card-link';

export interface EscalationDecision {
  decision: string;
  by: string;
  at: Date;
}

export interface EscalationInput extends CardContext {
  escalation: EscalationView;
  decided?: EscalationDecision;
  /** Not answered in time: whom it is before now (the level it was handed up to, or above). */
  handedTo?: string;
}

/** An escalation's reason in words ('at_risk', 'breached', 'major'); an unknown one shows its id. */
export function reasonLabel(locale: Locale, reason: string): string {
  const key = `escalation.reason.${reason}`;
  return isMessageKey(key) ? t(locale, key) : reason;
}

/** "Due Wed 9 Dec, 18:00: 1 h 36 min of working time left." (nothing without a limit). */
export function dueLine(locale: Locale, timeZone: string, e: EscalationView): string | undefined {
  if (!e.dueAt) return undefined;
  return t(locale, 'escalation.due', { due: dateTime(locale, e.dueAt, timeZone), left: escapeText(formatTimeLeft(locale, e.left)) });
}

function askText({ locale, card, escalation: e }: EscalationInput): string {
  const key = `escalation.ask.${e.reason}`;
  const params = { reference: bold(escapeText(card.reference)), level: escapeText(escalationLevel(locale, e.level)), stage: bold(escapeText(stageLabel(locale, e.stage))) };
  return withEmoji('alarm', t(locale, isMessageKey(key) ? key : 'escalation.ask.at_risk', params));
}

/** The four choices; every one opens a modal, so a press alone changes nothing. */
export function escalationButtons(locale: Locale, escalationId: string): KnownBlock {
  const button = (action: string, label: MessageKey, style?: 'primary' | 'danger'): Button => ({
    type: 'button',
    action_id: action,
    text: plain(t(locale, label), LIMITS.buttonText),
    value: escalationId,
    ...(style ? { style } : {}),
  });
  return {
    type: 'actions',
    block_id: ESCALATION_ACTIONS_BLOCK,
    elements: [
      button(ESCALATION_APPROVE_ACTION, 'escalation.approve', 'primary'),
      button(ESCALATION_REASSIGN_ACTION, 'escalation.reassign'),
      button(ESCALATION_EXTEND_ACTION, 'escalation.extend'),
      button(ESCALATION_DECLINE_ACTION, 'escalation.decline', 'danger'),
    ],
  };
}

export function decidedText(locale: Locale, timeZone: string, d: EscalationDecision): string {
  const key = `escalation.decided.${d.decision}`;
  const text = t(locale, isMessageKey(key) ? key : 'escalation.decided.approve', { user: mention(d.by), time: dateTime(locale, d.at, timeZone) });
  return withEmoji(d.decision === 'decline' ? 'no' : 'done', text);
}

/** The choices while the escalation waits; who decided what once decided; whom it went up to. */
export function escalationChoices(locale: Locale, timeZone: string, escalation: EscalationView, decided?: EscalationDecision, handedTo?: string): KnownBlock[] {
  if (decided) return contextBlock([decidedText(locale, timeZone, decided)]);
  if (handedTo) return contextBlock([withEmoji('up', t(locale, 'escalation.handed_up', { user: mention(handedTo) }))]);
  if (escalation.decision) return [];
  return [...contextBlock([escapeText(t(locale, 'escalation.choices'))]), escalationButtons(locale, escalation.id)];
}

/**
 * Leads with what is asked (the escalation and its limit), then the complaint and a link to its
 * card, then the choices. The limit is said once: the facts leave out the next due when it is
 * the limit escalated.
 */
export function escalationAsk(input: EscalationInput): SlackMessage {
  const { locale, timeZone, card, escalation, decided, handedTo } = input;
  const due = dueLine(locale, timeZone, escalation);
  const sameLimit = due !== undefined && card.nextDue?.stage === escalation.stage;
  return {
    text: t(locale, 'escalation.fallback', { reference: card.reference }),
    blocks: [
      { type: 'section', text: mrkdwn([askText(input), due].filter(Boolean).join('\n')) },
      ...contextBlock([escapeText(truncate(card.title, LIMITS.headerText)), cardLink(locale, card)]),
      ...fieldSections(facts(input, ['priority', 'status', 'owner', 'firstContact', ...(sameLimit ? [] : ['nextDue' as const]), 'customer', 'contact'])),
      ...escalationChoices(locale, timeZone, escalation, decided, handedTo),
    ],
  };
}
