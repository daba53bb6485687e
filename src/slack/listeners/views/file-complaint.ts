/**
 * The complaint modal submitted. Field errors go back into the modal (response_action
 * "errors"), which only the ack can carry, and nothing is stored; the checks need no database.
 *
 * Slack gives a modal 3 seconds. Storing a complaint usually takes milliseconds, but a burst of
 * filings queues on the database (`npm run bench -- load`: 200 at once waited 3-13 s), so a
 * valid draft is acked first and stored after (services/file-acknowledged.ts): the filer's
 * confirmation follows, or a message saying it could not be stored, never silence. The view id
 * is the submission's idempotency key, so a repeated delivery finds the complaint already filed.
 */
import type { App } from '@slack/bolt';
import type { DraftErrors } from '../../../domain/validate-complaint';
import { t, type Locale } from '../../../i18n';
import { filingFailedTitle } from '../../../services/file-acknowledged';
import { filingFailedMessage } from '../../blocks/owner-dm';
import type { SlackContext } from '../../context';
import { FIELD, FILE_COMPLAINT_VIEW } from '../../ids';
import { parseComplaintView } from '../../parse/complaint-view';

export function register(app: App, { services, locale }: SlackContext): void {
  app.view(FILE_COMPLAINT_VIEW, async ({ ack, body, view, logger, client }) => {
    const parsed = parseComplaintView(view);
    if (!parsed) {
      await ack({ response_action: 'errors', errors: { [FIELD.title.block]: t(locale, 'error.invalid_input') } });
      return;
    }
    const checked = services.checkFiling(parsed.draft);
    if (!checked.ok) {
      await ack({ response_action: 'errors', errors: fieldErrors(locale, checked.errors) });
      return;
    }
    await ack();
    const filerId = body.user.id;
    try {
      const filed = await services.fileAcknowledged({ filerId, submissionKey: `slack:view:${parsed.viewId}`, draft: parsed.draft });
      if (!filed.filed) logger.error(filed.error); // the filer hears of it through the outbox
    } catch (error) {
      // Not even the failure could be queued (the database is gone): say it directly, once.
      logger.error(error);
      const message = filingFailedMessage(locale, filingFailedTitle(parsed.draft));
      await client.chat.postMessage({ channel: filerId, text: message.text, blocks: message.blocks as never }).catch((e: unknown) => logger.error(e));
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
