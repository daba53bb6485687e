/**
 * The modals behind an escalation's choices: what each decision needs, and nothing more.
 * Approving asks who handles the complaint now (the approver, someone they assign, or its
 * owner as before) and offers to raise its priority; an extension asks the new due time and
 * why (and, for an outside customer, the evidence of consent they gave elsewhere, if they did).
 */
import type { KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import type { EscalationView } from '../../chat/port';
import { PRIORITIES, type ComplaintCard } from '../../domain/complaint';
import { escalationLevel, priorityLabel, stageLabel, t, type Locale, type MessageKey } from '../../i18n';
import { ACTION_FIELD, ESCALATION_MODAL_VIEW, TAKE_OPTIONS } from '../ids';
import { encodeEscalationMetadata, type EscalationMetadata } from '../parse/escalation';
import { evidenceInput, hintBlock, input, suggestedDue, textInput } from './action-modal';
import { LIMITS, mrkdwn, plain, truncate } from './common';
import { escapeText } from './escape';
import { bold, dateTime } from './markup';
import { dueLine, reasonLabel } from './escalation';

export interface EscalationModalInput {
  locale: Locale;
  timeZone: string;
  card: ComplaintCard;
  escalation: EscalationView;
  metadata: EscalationMetadata;
}

const option = (text: string, value: string): PlainTextOption => ({ text: plain(text, LIMITS.optionText), value });

function approveFields(locale: Locale, card: ComplaintCard): KnownBlock[] {
  const take = TAKE_OPTIONS.map((o) => option(t(locale, `esc.approve.take.${o}`), o));
  const higher = PRIORITIES.slice(PRIORITIES.indexOf(card.priority) + 1).map((p) => option(priorityLabel(locale, p), p));
  return [
    input(locale, 'take', 'esc.approve.take', { type: 'radio_buttons', action_id: ACTION_FIELD.take.action, options: take, initial_option: take[0] }),
    input(locale, 'to', 'esc.approve.to', { type: 'users_select', action_id: ACTION_FIELD.to.action }, { optional: true, hint: plain(t(locale, 'esc.approve.to.hint'), LIMITS.inputLabel) }),
    // Already urgent: nothing higher to offer.
    ...(higher.length ? [input(locale, 'priority', 'esc.approve.priority', { type: 'static_select', action_id: ACTION_FIELD.priority.action, options: higher }, { optional: true })] : []),
    textInput(locale, 'note', 'esc.note', { optional: true }),
  ];
}

function extendFields(locale: Locale, timeZone: string, card: ComplaintCard): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  if (card.nextDue) {
    const now = t(locale, 'act.current_due', { stage: escapeText(stageLabel(locale, card.nextDue.stage)), due: dateTime(locale, card.nextDue.dueAt, timeZone) });
    blocks.push({ type: 'context', elements: [mrkdwn(now)] });
  } else if (card.paused) {
    blocks.push(hintBlock(locale, 'act.paused'));
  }
  const due = suggestedDue(card);
  blocks.push(
    input(locale, 'due', 'act.request_extension.due', { type: 'datetimepicker', action_id: ACTION_FIELD.due.action, ...(due ? { initial_date_time: due } : {}) }),
    textInput(locale, 'text', 'act.request_extension.text'),
  );
  // As in the handler's own form: left empty, the complainant is asked on their page (their own written consent).
  if (card.maskedContact !== null) blocks.push(evidenceInput(locale, card));
  else blocks.push(hintBlock(locale, 'act.request_extension.hint'));
  return blocks;
}

function fields({ locale, timeZone, card, metadata }: EscalationModalInput): KnownBlock[] {
  switch (metadata.d) {
    case 'approve':
      return approveFields(locale, card);
    case 'reassign':
      return [input(locale, 'to', 'esc.reassign.to', { type: 'users_select', action_id: ACTION_FIELD.to.action }), textInput(locale, 'note', 'esc.note', { optional: true })];
    case 'extend':
      return extendFields(locale, timeZone, card);
    case 'decline':
      return [textInput(locale, 'text', 'esc.decline.text')];
  }
}

export function escalationModal(m: EscalationModalInput): ModalView {
  const { locale, timeZone, card, escalation: e, metadata } = m;
  const heading = t(locale, 'act.context', { reference: bold(escapeText(card.reference)), title: escapeText(truncate(card.title, 150)) });
  const detail = t(locale, 'esc.context', { level: escapeText(escalationLevel(locale, e.level)), stage: escapeText(stageLabel(locale, e.stage)), reason: escapeText(reasonLabel(locale, e.reason)) });
  const due = dueLine(locale, timeZone, e);
  const title: MessageKey = `esc.${metadata.d}.title`;
  return {
    type: 'modal',
    callback_id: ESCALATION_MODAL_VIEW,
    private_metadata: encodeEscalationMetadata(metadata),
    title: plain(t(locale, title), LIMITS.modalTitle),
    submit: plain(t(locale, `esc.${metadata.d}.submit`), LIMITS.modalButton),
    close: plain(t(locale, 'act.close'), LIMITS.modalButton),
    blocks: [{ type: 'context', elements: [mrkdwn(heading), mrkdwn([detail, due].filter(Boolean).join(' · '))] }, ...fields(m)],
  };
}
