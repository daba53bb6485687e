/**
 * The one place errors end. A coded AppError becomes its i18n message, shown only to the person
 * who caused it (ephemeral, through the request's response_url); anything else is logged in
 * full and answered with a generic apology, so nobody is left with a silent button.
 */
import type { App } from '@slack/bolt';
import type { ExtendedErrorHandlerArgs } from '@slack/bolt/dist/App';
import { ACTIONS, LIFECYCLE, type Action } from '../domain/lifecycle';
import { isAppError, type AppError } from '../errors';
import { t, type Locale, type MessageKey } from '../i18n';
import type { WebClient } from '@slack/web-api';
import { mention } from './blocks/common';
import { escapeText } from './blocks/escape';
import { displayNames } from './user-names';

export function appErrorOf(error: unknown): AppError | undefined {
  if (isAppError(error)) return error;
  const original = (error as { original?: unknown })?.original;
  return isAppError(original) ? original : undefined;
}

const NAMED_ROLES = new Set(['owner', 'leader', 'filer']);

/** "Only the complaint's owner or the group leader can do that on PLG-…": who may, not only "no". */
function notAllowed(locale: Locale, params: Record<string, string | number>): string {
  if (params.approval !== undefined) return t(locale, 'error.not_allowed.approval');
  const action = String(params.action ?? '');
  if (!(ACTIONS as readonly string[]).includes(action)) return t(locale, 'error.not_allowed');
  const roles = LIFECYCLE[action as Action].by.filter((r) => NAMED_ROLES.has(r));
  if (roles.length === 0) return t(locale, 'error.not_allowed');
  const names = roles.map((r) => t(locale, `role.${r as 'owner' | 'leader' | 'filer'}`)).join(t(locale, 'role.or'));
  return t(locale, 'error.not_allowed.roles', { roles: escapeText(names), reference: escapeText(String(params.reference ?? '')) });
}

/**
 * The refusal in words. People are mentioned (an ephemeral renders that), or named from `names`
 * where the text is plain (a modal's field error shows a mention as code).
 */
export function userMessageFor(locale: Locale, error: unknown, names?: ReadonlyMap<string, string>): string {
  const coded = appErrorOf(error);
  if (coded?.code === 'not_allowed') return notAllowed(locale, coded.params);
  if (coded?.code === 'request_waiting') {
    const who = String(coded.params.who ?? '');
    return t(locale, 'error.request_waiting', { reference: escapeText(String(coded.params.reference ?? '')), who: names ? (names.get(who) ?? who) : mention(who) });
  }
  if (!coded && isStorageFailure(error)) return t(locale, 'error.storage');
  // Handed up: the old button says whom the escalation is before now.
  if (coded?.code === 'stale' && typeof coded.params.handedTo === 'string') {
    const to = coded.params.handedTo;
    return t(locale, 'error.handed_up', { user: names ? (names.get(to) ?? to) : mention(to) });
  }
  return t(locale, coded ? (`error.${coded.code}` as MessageKey) : 'error.unknown', coded?.params);
}

/** userMessageFor for a modal's field error: whoever it names is looked up by name first. */
export async function userMessageInModal(client: WebClient, locale: Locale, error: unknown): Promise<string> {
  const coded = appErrorOf(error);
  const who = coded?.code === 'request_waiting' ? String(coded.params.who ?? '') : coded?.code === 'stale' && typeof coded.params.handedTo === 'string' ? coded.params.handedTo : undefined;
  return userMessageFor(locale, error, who ? await displayNames(client, [who]) : undefined);
}

/**
 * The database failed (a dropped connection, a timeout): the change was rolled back, so the
 * honest answer is "nothing was saved, try again", not a generic apology.
 */
function isStorageFailure(error: unknown): boolean {
  const e = ((error as { original?: unknown })?.original ?? error) as { name?: string; message?: string; code?: string } | undefined;
  return /Prisma|DriverAdapter/.test(e?.name ?? '') || /connection|terminat|ECONNRE|timeout/i.test(`${e?.message ?? ''} ${e?.code ?? ''}`);
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
