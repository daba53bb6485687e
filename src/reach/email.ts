/**
 * E-mail to complainants over SMTP with nodemailer: multipart (plain text and HTML), UTF-8
 * throughout, so Chinese subjects go out as RFC 2047 encoded-words and bodies as
 * quoted-printable or base64, which every mail client reads.
 */
import type { Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import type { EmailConfig } from '../config/reach';
import { PermanentReachError, type EmailOut, type EmailSender, type Sent } from './port';

export function smtpSender(config: EmailConfig, password: string | undefined): EmailSender {
  // nodemailer (some 12 MB resident once loaded) is loaded with the first e-mail, not at start (issue 15, point 4).
  let transport: Promise<Transporter<SMTPTransport.SentMessageInfo>> | undefined;
  const smtp = () => (transport ??= import('nodemailer').then(({ default: nodemailer }) => nodemailer.createTransport({
    host: config.host,
    port: config.port,
    secure: config.secure,
    requireTLS: config.requireTLS,
    ...(config.user ? { auth: { user: config.user, pass: password ?? '' } } : {}),
    // A stuck server must not hold a delivery past the outbox's lease.
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
    // nodemailer's own logger would print recipients; Pledge logs outcomes itself, redacted.
    logger: false,
  })));
  return {
    async send(m: EmailOut): Promise<Sent> {
      try {
        const info = await (await smtp()).sendMail({
          from: config.from,
          ...(config.replyTo ? { replyTo: config.replyTo } : {}),
          to: m.to,
          subject: m.subject,
          text: m.text,
          html: m.html,
          messageId: m.messageId,
          textEncoding: 'base64',
        });
        if (info.rejected.length > 0) throw new PermanentReachError('the SMTP server refused the recipient');
        return { id: info.messageId };
      } catch (error) {
        throw smtpError(error);
      }
    },
    close: () => void transport?.then((t) => t.close()),
  };
}

/**
 * What is safe to report: the SMTP reply code and nodemailer's error code, never the server's
 * text, which often quotes the address. 5xx replies are permanent; the rest may pass.
 */
function smtpError(error: unknown): Error {
  if (error instanceof PermanentReachError) return error;
  const e = error as { code?: string; responseCode?: number };
  const what = `SMTP ${e.code ?? 'error'}${e.responseCode ? ` ${e.responseCode}` : ''}`;
  return e.responseCode && e.responseCode >= 500 && e.responseCode !== 535 ? new PermanentReachError(what) : new Error(what);
}
