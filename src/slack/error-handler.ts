/**
 * The one place errors end. A coded AppError becomes its i18n message, shown only to the person
 * who caused it (ephemeral, through the request's response_url); anything else is logged in
 * full and answered with a generic apology, so nobody is left with a silent button.
 */
import type { App } from '@slack/bolt';
import type { ExtendedErrorHandlerArgs } from '@slack/bolt/dist/App';
import { appErrorOf, personNamedBy, refusalText } from '../chat/render/refusal';
import { t, type Locale } from '../i18n';
import type { WebClient } from '@slack/web-api';
import { mention } from './blocks/common';
import { escapeText } from './blocks/escape';
import { displayNames } from './user-names';

export { appErrorOf };

/**
 * The refusal in words (chat/render/refusal). People are mentioned (an ephemeral renders that),
 * or named from `names` where the text is plain (a modal's field error shows a mention as code).
 */
export function userMessageFor(locale: Locale, error: unknown, names?: ReadonlyMap<string, string>): string {
  return refusalText(locale, error, { escape: escapeText, person: (id) => (names ? (names.get(id) ?? id) : mention(id)) });
}

/** userMessageFor for a modal's field error: whoever it names is looked up by name first. */
export async function userMessageInModal(client: WebClient, locale: Locale, error: unknown): Promise<string> {
  const who = personNamedBy(error);
  return userMessageFor(locale, error, who ? await displayNames(client, [who]) : undefined);
}

export function registerErrorHandler(app: App, locale: Locale): void {
  // The App is built with extendedErrorHandler: true, so the handler gets the request body too.
  const handler = async ({ error, body, logger }: ExtendedErrorHandlerArgs) => {
    const coded = appErrorOf(error);
    if (coded) logger.info(`refused: ${coded.code}: ${coded.message}`);
    else logger.error(error);
    const responseUrl = (body as { response_url?: unknown } | undefined)?.response_url;
    if (typeof responseUrl !== 'string' || !responseUrl.startsWith('http')) return tellInModal(app, locale, body, error, logger);
    try {
      await fetch(responseUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ response_type: 'ephemeral', replace_original: false, text: userMessageFor(locale, error) }),
      });
    } catch (sendError) {
      logger.warn(`could not tell the user about an error: ${String(sendError)}`);
    }
  };
  app.error(handler as never);
}

/**
 * A button on App Home has no response_url to answer through: the refusal opens a small modal
 * instead (its trigger is valid for a few seconds, long enough for a refusal).
 */
async function tellInModal(app: App, locale: Locale, body: unknown, error: unknown, logger: { warn(m: string): void }): Promise<void> {
  const b = body as { type?: unknown; trigger_id?: unknown; container?: { type?: unknown } } | undefined;
  if (b?.type !== 'block_actions' || b.container?.type !== 'view' || typeof b.trigger_id !== 'string') return;
  try {
    await app.client.views.open({
      trigger_id: b.trigger_id,
      view: {
        type: 'modal',
        title: { type: 'plain_text', text: t(locale, 'home.title') },
        close: { type: 'plain_text', text: t(locale, 'error.close') },
        blocks: [{ type: 'section', text: { type: 'mrkdwn', text: userMessageFor(locale, error) } }],
      },
    });
  } catch (sendError) {
    logger.warn(`could not tell the user about an error: ${String(sendError)}`);
  }
}
