/**
 * An escalation put before someone (the group leader, or whoever it was handed up to), and the
 * major complaint reported to the leader the moment it is filed (with its escalation, while it
 * waits for them). Taking the escalation on, the handler kept, is a click; reassigning (to
 * whom), granting an extension (until when, why) and declining (why) open their page in WeCom.
 */
import type { EscalationView } from '../../chat/port';
import { escalationLevel, formatTimeLeft, isMessageKey, stageLabel, t, type MessageKey } from '../../i18n';
import type { ButtonCard, CardButton } from '../messages';
import { cardOf, stepButton, when, type CardContext } from './common';
import { clickKey } from './keys';

export function escalationButtons(ctx: CardContext, escalation: EscalationView): CardButton[] {
  if (escalation.decision) return [];
  return [
    { text: t(ctx.locale, 'escalation.approve'), key: clickKey({ verb: 'escalation_approve', escalationId: escalation.id }) },
    ...stepButton(ctx, 'escalation_reassign', 'escalation.reassign', escalation.id, 4),
    ...stepButton(ctx, 'escalation_extend', 'escalation.extend', escalation.id, 4),
    ...stepButton(ctx, 'escalation_decline', 'escalation.decline', escalation.id, 3),
  ];
}

function askText(ctx: CardContext, e: EscalationView): string {
  const { locale, card } = ctx;
  const key = `escalation.ask.${e.reason}`;
  const asked = t(locale, (isMessageKey(key) ? key : 'escalation.ask.at_risk') as MessageKey, { reference: card.reference, level: escalationLevel(locale, e.level), stage: stageLabel(locale, e.stage) });
  const due = e.dueAt ? t(locale, 'escalation.due', { due: when(ctx, e.dueAt), left: formatTimeLeft(locale, e.left) }) : undefined;
  return [asked, due].filter(Boolean).join('\n');
}

export function escalationCard(ctx: CardContext, escalation: EscalationView): ButtonCard {
  // The limit is said once: the facts leave out the next due when it is the limit escalated.
  const sameLimit = escalation.dueAt !== null && ctx.card.nextDue?.stage === escalation.stage;
  return cardOf(ctx, {
    text: askText(ctx, escalation),
    facts: ['priority', 'status', 'owner', 'firstContact', ...(sameLimit ? [] : ['nextDue' as const]), 'customer', 'contact'],
    buttons: escalationButtons(ctx, escalation),
  });
}

/** Told at once, as the pledge requires; the leader may accept it themselves while it is new. */
export function majorReportCard(ctx: CardContext, escalation?: EscalationView): ButtonCard {
  const { locale, card } = ctx;
  const accept: CardButton[] = card.status === 'new' && card.archivedAt === null ? [{ text: t(locale, 'card.accept'), key: clickKey({ verb: 'accept', complaintId: card.id }) }] : [];
  return cardOf(ctx, {
    text: `${t(locale, 'major.report', { reference: card.reference, group: card.groupName, title: card.title })}\n${t(locale, 'major.report.note')}`,
    facts: ['priority', 'status', 'category', 'owner', 'nextDue', 'filedBy'],
    buttons: [...accept, ...(escalation ? escalationButtons(ctx, escalation) : [])],
  });
}
