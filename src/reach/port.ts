/**
 * The complainant's channels: the port the outbox delivers complainant messages through,
 * separate from ChatPort (which speaks to staff). One implementation per way of reaching a
 * person: e-mail over SMTP, and SMS through one provider's SDK. A team configures what it has;
 * a channel that is not configured is simply absent.
 *
 * Adapters never put an address or a number into an error or a log line: errors carry the
 * provider's code only, and the delivery step redacts the contact from anything it reports.
 */
export interface EmailOut {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Stable per outbox message, so a resend after a crash is recognisable as the same e-mail. */
  messageId: string;
}

export interface SmsOut {
  to: string;
  templateId: string;
  params: string[];
}

export interface Sent {
  /** The provider's id for what it accepted (SMTP message id, the SMS serial number). */
  id: string;
}

export interface EmailSender {
  send(message: EmailOut): Promise<Sent>;
  close?(): void;
}

export interface SmsSender {
  readonly provider: string;
  send(message: SmsOut): Promise<Sent>;
}

export interface ComplainantChannels {
  email?: EmailSender;
  sms?: SmsSender;
}

/** A refusal that retrying will not change (a rejected template, a number the provider refuses). */
export class PermanentReachError extends Error {
  override name = 'PermanentReachError';
}
