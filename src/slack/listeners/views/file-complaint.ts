/**
 * The complaint modal submitted. Field errors go back into the modal (response_action
 * "errors"); nothing is stored until every field is valid. The view id is the submission's
 * idempotency key, so a repeated delivery finds the complaint already filed.
 *
 * Slack gives a modal 3 seconds. Validation is instant; storing usually takes milliseconds,
 * but under load it may not, so after FILING_BUDGET_MS the modal is closed and filing goes
 * on: the confirmation DM follows, or a DM saying it failed, never silence.
 */
import type { App } from '@slack/bolt';
import type { DraftErrors } from '../../../domain/validate-complaint';
import { t, type Locale } from '../../../i18n';
import type { FileComplaintResult } from '../../../services/file-complaint';
import type { SlackContext } from '../../context';
import { userMessageFor } from '../../error-handler';
import { FIELD, FILE_COMPLAINT_VIEW } from '../../ids';
import { parseComplaintView } from '../../parse/complaint-view';

export const FILING_BUDGET_MS = 2_000;

export function register(app: App, { services, locale }: SlackContext): void {
  app.view(FILE_COMPLAINT_VIEW, async ({ ack, body, view, logger, client }) => {
    const parsed = parseComplaintView(view);
    if (!parsed) {
      await ack({ response_action: 'errors', errors: { [FIELD.title.block]: t(locale, 'error.invalid_input') } });
      return;
    }
    const filing = services.fileComplaint({ filerId: body.user.id, submissionKey: `slack:view:${parsed.viewId}`, draft: parsed.draft });
    const first = await Promise.race([
      filing.then((result): { result: FileComplaintResult } => ({ result }), (error: unknown) => ({ error })),
      new Promise<'slow'>((resolve) => setTimeout(() => resolve('slow'), FILING_BUDGET_MS).unref()),
    ]);
    if (first === 'slow') {
      await ack();
      try {
        await filing; // validation already passed, so only a storage failure can end up here
      } catch (error) {
        logger.error(error);
        const text = t(locale, 'error.filing_failed_later', { title: parsed.draft.title ?? '', reason: userMessageFor(locale, error) });
        await client.chat.postMessage({ channel: body.user.id, text }).catch((e: unknown) => logger.error(e));
      }
      return;
    }
    if ('error' in first) {
      // The modal is still open: say so there, so the filer can simply press File again.
      logger.error(first.error);
      await ack({ response_action: 'errors', errors: { [FIELD.title.block]: userMessageFor(locale, first.error) } });
      return;
    }
    if (first.result.ok) await ack();
    else await ack({ response_action: 'errors', errors: fieldErrors(locale, first.result.errors) });
  });
}

function fieldErrors(locale: Locale, errors: DraftErrors): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, key] of Object.entries(errors) as [keyof typeof FIELD, NonNullable<DraftErrors[keyof DraftErrors]>][]) {
    out[FIELD[field].block] = t(locale, key);
  }
  return out;
}
