/**
 * The modals behind complaint actions: what each action needs typed in, and nothing more.
 * Inputs only an outside customer needs (how the result reached them, the evidence of their
 * consent) appear only when the complaint has one; the service insists on them regardless.
 */
import type { InputBlock, KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import type { ComplaintCard } from '../../domain/complaint';
import { DELIVERY_CHANNELS } from '../../services/resolve-complaint';
import { stageLabel, t, type Locale, type MessageKey } from '../../i18n';
import type { ModalAction } from '../action-kinds';
import { ACTION_FIELD, ACTION_MODAL_VIEW, DECLINE_MODAL_VIEW, NOTIFY_OPTION, type ActionFieldName } from '../ids';
import { encodeActionMetadata, encodeDeclineMetadata, TEXT_MAX, type DeclineMetadata } from '../parse/complaint-action';
import { LIMITS, mrkdwn, plain, truncate } from './common';
import { escapeText } from './escape';
import { bold, dateTime } from './markup';

export interface ActionModalInput {
  locale: Locale;
  timeZone: string;
  action: ModalAction;
  card: ComplaintCard;
}

/**
 * The extension form's initial new due time, as the datetimepicker's Unix seconds: the close of a
 * working day the service suggested (never a day later by the clock, which may be a Saturday).
 */
export const suggestedDue = (card: ComplaintCard): number | undefined =>
  card.nextDue?.suggestedDueAt ? Math.floor(card.nextDue.suggestedDueAt.getTime() / 1000) : undefined;

export function input(locale: Locale, name: ActionFieldName, label: MessageKey, element: InputBlock['element'], extra: Partial<InputBlock> = {}): InputBlock {
  return { type: 'input', block_id: ACTION_FIELD[name].block, label: plain(t(locale, label), LIMITS.inputLabel), element, ...extra };
}

export function textInput(locale: Locale, name: ActionFieldName, label: MessageKey, opts: { optional?: boolean; hint?: MessageKey; multiline?: boolean } = {}): InputBlock {
  return input(
    locale,
    name,
    label,
    { type: 'plain_text_input', action_id: ACTION_FIELD[name].action, multiline: opts.multiline ?? true, max_length: TEXT_MAX },
    { ...(opts.optional ? { optional: true } : {}), ...(opts.hint ? { hint: plain(t(locale, opts.hint), LIMITS.inputLabel) } : {}) },
  );
}

/**
 * The evidence of consent an outside customer gave elsewhere, in the handler's extension form and
 * the leader's. Optional: left empty, the complainant is asked on their page. Required while a
 * request already waits (one at a time): only such a record can extend then.
 */
export function evidenceInput(locale: Locale, card: ComplaintCard): InputBlock {
  const waiting = (card.waiting?.length ?? 0) > 0;
  return textInput(locale, 'evidence', 'act.request_extension.evidence', { optional: !waiting, hint: waiting ? 'act.request_extension.evidence.waiting' : 'act.request_extension.evidence.hint' });
}

export const hintBlock = (locale: Locale, key: MessageKey): KnownBlock => ({ type: 'context', elements: [mrkdwn(escapeText(t(locale, key)))] });

function fields({ locale, timeZone, action, card }: ActionModalInput): KnownBlock[] {
  const outside = card.maskedContact !== null;
  switch (action) {
    case 'request_info':
      return [textInput(locale, 'text', 'act.request_info.text'), hintBlock(locale, 'act.request_info.hint')];
    case 'answer_info':
      return [textInput(locale, 'text', 'act.answer_info.text'), hintBlock(locale, 'act.answer_info.hint')];
    case 'add_note': {
      const option: PlainTextOption = { text: plain(t(locale, 'act.add_note.notify'), LIMITS.optionText), value: NOTIFY_OPTION };
      return [
        textInput(locale, 'text', 'act.add_note.text'),
        input(locale, 'notify', 'act.add_note.notify', { type: 'checkboxes', action_id: ACTION_FIELD.notify.action, options: [option] }, { optional: true }),
      ];
    }
    case 'propose_solution':
      return [textInput(locale, 'text', 'act.propose_solution.text')];
    case 'resolve': {
      const blocks: KnownBlock[] = [
        textInput(locale, 'text', 'act.resolve.text'),
        textInput(locale, 'basis', 'act.resolve.basis', { hint: 'act.resolve.basis.hint' }),
      ];
      if (outside) {
        const options = DELIVERY_CHANNELS.map((c): PlainTextOption => ({ text: plain(t(locale, `delivery.${c}`), LIMITS.optionText), value: c }));
        blocks.push(
          input(locale, 'delivery', 'act.resolve.delivery', { type: 'static_select', action_id: ACTION_FIELD.delivery.action, options }),
          textInput(locale, 'deliveryNote', 'act.resolve.delivery_note', { optional: true, hint: 'act.resolve.delivery_note.hint' }),
        );
      }
      return [...blocks, hintBlock(locale, 'act.resolve.hint')];
    }
    case 'request_rejection':
      return [textInput(locale, 'text', 'act.request_rejection.text'), hintBlock(locale, 'act.request_rejection.hint')];
    case 'request_handover':
      return [
        input(locale, 'to', 'act.request_handover.to', { type: 'users_select', action_id: ACTION_FIELD.to.action }),
        textInput(locale, 'text', 'act.request_handover.text'),
        hintBlock(locale, 'act.request_handover.hint'),
      ];
    case 'request_extension': {
      const due = suggestedDue(card);
      const blocks: KnownBlock[] = [];
      if (card.nextDue) {
        const now = t(locale, 'act.current_due', {
          stage: escapeText(stageLabel(locale, card.nextDue.stage)),
          due: dateTime(locale, card.nextDue.dueAt, timeZone),
        });
        blocks.push({ type: 'context', elements: [mrkdwn(now)] });
      } else if (card.paused) {
        blocks.push(hintBlock(locale, 'act.paused'));
      }
      blocks.push(
        input(locale, 'due', 'act.request_extension.due', {
          type: 'datetimepicker',
          action_id: ACTION_FIELD.due.action,
          ...(due ? { initial_date_time: due } : {}),
        }),
        textInput(locale, 'text', 'act.request_extension.text'),
      );
      if (outside) blocks.push(evidenceInput(locale, card));
      else blocks.push(hintBlock(locale, 'act.request_extension.hint'));
      return blocks;
    }
    case 'reopen':
      return [textInput(locale, 'text', 'act.reopen.text')];
  }
}

/** The modal for `action` on `card`. Its metadata names the action and complaint, nothing else. */
export function actionModal(m: ActionModalInput): ModalView {
  const { locale, action, card } = m;
  const heading = t(locale, 'act.context', { reference: bold(escapeText(card.reference)), title: escapeText(truncate(card.title, 150)) });
  return {
    type: 'modal',
    callback_id: ACTION_MODAL_VIEW,
    private_metadata: encodeActionMetadata({ a: action, id: card.id }),
    title: plain(t(locale, `act.${action}.title`), LIMITS.modalTitle),
    submit: plain(t(locale, `act.${action}.submit`), LIMITS.modalButton),
    close: plain(t(locale, 'act.close'), LIMITS.modalButton),
    blocks: [{ type: 'context', elements: [mrkdwn(heading)] }, ...fields(m)],
  };
}

/** Declining a request asks why; the answer goes to whoever asked. */
export function declineModal({ locale, metadata }: { locale: Locale; metadata: DeclineMetadata }): ModalView {
  return {
    type: 'modal',
    callback_id: DECLINE_MODAL_VIEW,
    private_metadata: encodeDeclineMetadata(metadata),
    title: plain(t(locale, 'decline.title'), LIMITS.modalTitle),
    submit: plain(t(locale, 'decline.submit'), LIMITS.modalButton),
    close: plain(t(locale, 'act.close'), LIMITS.modalButton),
    blocks: [textInput(locale, 'text', 'decline.text')],
  };
}
