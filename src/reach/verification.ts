/**
 * Sends the public form's verification from the outbox: a six-digit code by SMS, or a link by
 * e-mail. The code or token is made here, as it goes, and only its hash is written (before the
 * send, so the code that arrives is the one that counts; a retry makes and sends a new one).
 * A submission already filed, expired or gone needs nothing sent. Errors never carry the contact.
 */
import { createHash, randomBytes, randomInt } from 'node:crypto';
import { PermanentDeliveryError, type MessageRef } from '../chat/port';
import type { ReachConfig } from '../config/reach';
import { activeKeyring } from '../crypto/keyring';
import { findSubmission, noteSecret, openDraft } from '../db/web-submissions';
import type { Store } from '../db/tx';
import { t, type Locale } from '../i18n';
import { keyedHash } from '../services/web-form';
import { escapeHtml } from './messages';
import { PermanentReachError, type ComplainantChannels } from './port';
import { e164 } from './sms-tencent';

export interface VerificationDeps {
  prisma: Store;
  reach: ReachConfig;
  channels: ComplainantChannels;
  publicUrl: URL;
  /** The form's path, e.g. /complain: the link is <PLEDGE_PUBLIC_URL><path>/confirm/<token>. */
  formPath: string;
  codeMinutes: number;
}

export interface VerificationEmail {
  subject: string;
  text: string;
  html: string;
}

/** The e-mail with the link, in the person's language; pure. */
export function verificationEmail(locale: Locale, organisation: string, link: string, minutes: number): VerificationEmail {
  const p = { organisation, link, minutes };
  const lines = [t(locale, 'form.email.body', p), t(locale, 'form.email.link', p), t(locale, 'form.email.ignore', p), t(locale, 'reach.signature', p)];
  const html = lines.map((l) => `<p>${escapeHtml(l).replace(escapeHtml(link), `<a href="${escapeHtml(link)}">${escapeHtml(link)}</a>`)}</p>`).join('\n');
  return {
    subject: t(locale, 'form.email.subject', p),
    text: `${lines.join('\n\n')}\n`,
    html: `<!doctype html>\n<html lang="${locale}"><head><meta charset="utf-8"></head><body>\n${html}\n</body></html>\n`,
  };
}

export async function sendVerification(deps: VerificationDeps, submissionId: string, now: Date): Promise<MessageRef | undefined> {
  const row = await findSubmission(deps.prisma, submissionId);
  if (!row || row.complaintId || now.getTime() >= row.expiresAt.getTime()) return undefined;
  const keyring = activeKeyring();
  const draft = openDraft(row, keyring);
  if (!draft) return undefined;
  const to = draft.contact.value;
  const locale: Locale = row.locale === 'zh-CN' ? 'zh-CN' : 'en';
  try {
    if (draft.contact.kind === 'email') {
      const sender = deps.channels.email;
      if (!sender) throw new PermanentDeliveryError('no e-mail channel is configured (reach.email)');
      const token = randomBytes(32).toString('base64url');
      await noteSecret(deps.prisma, row.id, { linkHash: createHash('sha256').update(token, 'utf8').digest('hex') }, now);
      const link = new URL(`${deps.formPath.slice(1)}/confirm/${token}`, deps.publicUrl).toString();
      const sent = await sender.send({ to, ...verificationEmail(locale, deps.reach.organisationIn?.[locale] ?? deps.reach.organisation, link, deps.codeMinutes), messageId: `<web.${row.id}.${now.getTime()}@pledge>` });
      return { channel: 'email', id: sent.id };
    }
    const sender = deps.channels.sms;
    const templateId = deps.reach.sms?.templates.verify;
    if (!sender || !templateId) throw new PermanentDeliveryError('no SMS verification template is configured (reach.sms.templates.verify)');
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    await noteSecret(deps.prisma, row.id, { codeHash: keyedHash(keyring, 'code', `${row.id}:${code}`) }, now);
    const sent = await sender.send({ to, templateId, params: [code, String(deps.codeMinutes)] });
    return { channel: 'sms', id: sent.id };
  } catch (error) {
    const scrub = (s: string) => s.split(to).join('[contact]').split(e164(to)).join('[contact]');
    if (error instanceof PermanentDeliveryError || error instanceof PermanentReachError) throw new PermanentDeliveryError(scrub(error.message));
    const safe = new Error(scrub(error instanceof Error ? error.message : String(error)));
    safe.name = error instanceof Error ? error.name : 'Error';
    throw safe;
  }
}
