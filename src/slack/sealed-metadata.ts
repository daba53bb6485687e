/**
 * Modals carry state back to Pledge in `private_metadata`: which complaint, approval or
 * escalation, and which DM message to mark answered afterwards. Slack returns it as the client
 * sends it, so a crafted submission could name someone else's DM for the bot to overwrite, or an
 * "Original message" link of its choosing. Pledge therefore seals what it puts there: an
 * HMAC-SHA256 over the modal's callback id, the user it was opened for, and the metadata.
 * A submission whose metadata is not sealed for that modal and that user is refused before any
 * listener runs. Empty metadata asserts nothing and passes (the plain /complaint form).
 *
 * The key is derived (HKDF) from the bot token: every replica has it, nothing new to configure,
 * and whoever holds the token can already edit the bot's messages, so the seal gives them nothing.
 * Reinstalling the app with a new token only invalidates modals open at that moment.
 */
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import type { App } from '@slack/bolt';
import type { View } from '@slack/types';
import { t, type Locale } from '../i18n';

const PREFIX = 'p1.';
const MAC_LENGTH = 43; // 32 bytes, base64url without padding

export interface MetadataSeal {
  seal(callbackId: string, userId: string, metadata: string): string;
  /** The metadata inside, or undefined when it was not sealed by Pledge for this modal and person. */
  open(callbackId: string, userId: string, sealed: string): string | undefined;
}

export function metadataSeal(botToken: string): MetadataSeal {
  const key = Buffer.from(hkdfSync('sha256', botToken, 'pledge', 'slack private_metadata v1', 32));
  const mac = (callbackId: string, userId: string, metadata: string) =>
    createHmac('sha256', key).update(`${callbackId}\n${userId}\n${metadata}`).digest('base64url');
  return {
    seal: (callbackId, userId, metadata) => `${PREFIX}${mac(callbackId, userId, metadata)}.${metadata}`,
    open(callbackId, userId, sealed) {
      if (!sealed.startsWith(PREFIX) || sealed[PREFIX.length + MAC_LENGTH] !== '.') return undefined;
      const given = Buffer.from(sealed.slice(PREFIX.length, PREFIX.length + MAC_LENGTH));
      const metadata = sealed.slice(PREFIX.length + MAC_LENGTH + 1);
      const expected = Buffer.from(mac(callbackId, userId, metadata));
      return given.length === expected.length && timingSafeEqual(given, expected) ? metadata : undefined;
    },
  };
}

/** The view with its metadata sealed for `userId`, ready for views.open or views.update. */
export function sealView<V extends View>(seal: MetadataSeal, userId: string, view: V): V {
  const metadata = view.private_metadata ?? '';
  if (!metadata || !view.callback_id) return view;
  return { ...view, private_metadata: seal.seal(view.callback_id, userId, metadata) };
}

interface Submission {
  type?: unknown;
  user?: { id?: unknown };
  view?: { callback_id?: unknown; private_metadata?: unknown; state?: { values?: Record<string, unknown> } };
}

/**
 * Checks every submitted modal of Pledge's (`callbackIds`) before its listener: the listener then
 * sees the metadata as Pledge wrote it. A forged one is answered in the modal and goes no further.
 */
export function requireSealedMetadata(app: App, seal: MetadataSeal, callbackIds: readonly string[], locale: Locale): void {
  app.use(async ({ body, next, ack, logger }) => {
    const b = body as Submission;
    const view = b.view;
    if (b.type !== 'view_submission' || !view || typeof view.callback_id !== 'string' || !callbackIds.includes(view.callback_id)) return next();
    const sealed = typeof view.private_metadata === 'string' ? view.private_metadata : '';
    if (sealed === '') return next();
    const metadata = seal.open(view.callback_id, String(b.user?.id ?? ''), sealed);
    if (metadata !== undefined) {
      view.private_metadata = metadata;
      return next();
    }
    logger.warn(`refused a ${view.callback_id} submission whose private_metadata Pledge did not seal for that user`);
    const block = Object.keys(view.state?.values ?? {})[0];
    const answer = ack as unknown as (response?: object) => Promise<void>;
    await answer(block ? { response_action: 'errors', errors: { [block]: t(locale, 'error.form_not_sealed') } } : undefined);
  });
}
