/**
 * An action modal submitted: parse it, call the one service it names, and close the modal, or
 * keep it open with the reason on the field it concerns. Forged metadata is harmless: the
 * service checks the person, the complaint's state and the lifecycle table again.
 */
import type { App, Logger } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { t, type Locale } from '../../../i18n';
import type { Services } from '../../../services';
import type { SlackContext } from '../../context';
import { appErrorOf, userMessageInModal } from '../../error-handler';
import { ACTION_FIELD, ACTION_MODAL_VIEW, type ActionFieldName } from '../../ids';
import { parseActionView, type ActionSubmission, type FieldErrors } from '../../parse/complaint-action';

/** The service's `params.field` (invalid_input) names the input it refused, and what to say there. */
export const SERVICE_FIELDS: Record<string, [ActionFieldName, FieldErrors[ActionFieldName]]> = {
  delivery: ['delivery', 'field.delivery.required'],
  to: ['to', 'field.to.invalid'],
  due: ['due', 'field.due.invalid'],
  evidence: ['evidence', 'field.evidence.required'],
};

async function submit(services: Services, actorId: string, viewId: string, s: ActionSubmission): Promise<void> {
  const act = { complaintId: s.id, actorId };
  switch (s.a) {
    case 'request_info':
      return services.requestInfo({ ...act, question: s.question });
    case 'answer_info':
      return services.answerInfo({ ...act, answer: s.answer });
    case 'add_note':
      // The view id makes a repeated delivery of this submission add the note once.
      await services.addNote({ ...act, note: s.note, toComplainant: s.toComplainant, requestKey: `slack:view:${viewId}` });
      return;
    case 'propose_solution':
      return services.proposeSolution({ ...act, solution: s.solution });
    case 'resolve':
      return services.resolveComplaint({ ...act, result: s.result, basis: s.basis, ...(s.delivery ? { delivery: s.delivery } : {}) });
    case 'request_rejection':
      return services.requestRejection({ ...act, reason: s.reason });
    case 'request_handover':
      await services.requestHandover({ ...act, toOwnerId: s.toOwnerId, reason: s.reason });
      return;
    case 'request_extension':
      await services.requestExtension({ ...act, newDueAt: s.newDueAt, reason: s.reason, ...(s.consentEvidence ? { consentEvidence: s.consentEvidence } : {}) });
      return;
    case 'reopen':
      return services.reopenComplaint({ ...act, reason: s.reason });
  }
}

export function errorsFor(locale: Locale, errors: FieldErrors): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, key] of Object.entries(errors) as [ActionFieldName, NonNullable<FieldErrors[ActionFieldName]>][]) {
    out[ACTION_FIELD[name].block] = t(locale, key);
  }
  return out;
}

/** Where a general refusal is shown: the modal's first input (each modal has one of these). */
export function firstBlock(blocks: readonly string[]): string {
  const order: ActionFieldName[] = ['to', 'due', 'text', 'take', 'rating'];
  return order.map((n) => ACTION_FIELD[n].block).find((b) => blocks.includes(b)) ?? ACTION_FIELD.text.block;
}

/**
 * What a modal shows when the service refused: the reason on the field it concerns, else on the
 * modal's first input. A field the modal does not show (it was opened before the complaint
 * changed) cannot hold an error. Only an error that is not a refusal is logged as one.
 */
export async function refusalErrors(
  client: WebClient,
  locale: Locale,
  logger: Logger,
  blocks: readonly string[],
  error: unknown,
): Promise<Record<string, string>> {
  const coded = appErrorOf(error);
  if (!coded) logger.error(error);
  const field = coded?.code === 'invalid_input' ? SERVICE_FIELDS[String(coded.params.field)] : undefined;
  if (field && blocks.includes(ACTION_FIELD[field[0]].block)) return errorsFor(locale, { [field[0]]: field[1] });
  return { [firstBlock(blocks)]: await userMessageInModal(client, locale, error) };
}

export function register(app: App, { services, locale }: SlackContext): void {
  app.view(ACTION_MODAL_VIEW, async ({ ack, body, view, client, logger }) => {
    const blocks = Object.keys(view.state?.values ?? {});
    const parsed = parseActionView(view);
    if (!parsed) return void (await ack({ response_action: 'errors', errors: { [firstBlock(blocks)]: t(locale, 'error.invalid_input') } }));
    if (!parsed.ok) return void (await ack({ response_action: 'errors', errors: errorsFor(locale, parsed.errors) }));
    try {
      await submit(services, body.user.id, parsed.viewId, parsed.value);
      await ack();
    } catch (error) {
      await ack({ response_action: 'errors', errors: await refusalErrors(client, locale, logger, blocks, error) });
    }
  });
}
