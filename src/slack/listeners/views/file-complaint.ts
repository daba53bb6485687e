/**
 * The complaint modal submitted. Field errors go back into the modal (response_action
 * "errors"); nothing is stored until every field is valid. The view id is the submission's
 * idempotency key, so a repeated delivery finds the complaint already filed.
 */
import type { App } from '@slack/bolt';
import type { DraftErrors } from '../../../domain/validate-complaint';
import { t, type Locale } from '../../../i18n';
import type { SlackContext } from '../../context';
import { userMessageFor } from '../../error-handler';
import { FIELD, FILE_COMPLAINT_VIEW } from '../../ids';
import { parseComplaintView } from '../../parse/complaint-view';

export function register(app: App, { services, locale }: SlackContext): void {
  app.view(FILE_COMPLAINT_VIEW, async ({ ack, body, view, logger }) => {
    const parsed = parseComplaintView(view);
    if (!parsed) {
      await ack({ response_action: 'errors', errors: { [FIELD.title.block]: t(locale, 'error.invalid_input') } });
      return;
    }
    try {
      const result = await services.fileComplaint({
        filerId: body.user.id,
        submissionKey: `slack:view:${parsed.viewId}`,
        draft: parsed.draft,
      });
      if (result.ok) await ack();
      else await ack({ response_action: 'errors', errors: fieldErrors(locale, result.errors) });
    } catch (error) {
      // The modal is still open: say so there, so the filer can simply press File again.
      logger.error(error);
      await ack({ response_action: 'errors', errors: { [FIELD.title.block]: userMessageFor(locale, error) } });
    }
  });
}

function fieldErrors(locale: Locale, errors: DraftErrors): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, key] of Object.entries(errors) as [keyof typeof FIELD, NonNullable<DraftErrors[keyof DraftErrors]>][]) {
    out[FIELD[field].block] = t(locale, key);
  }
  return out;
}
