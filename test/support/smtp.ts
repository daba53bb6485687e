/**
 * A real SMTP server on loopback (smtp-server), keeping every message that arrives with its
 * raw source and its parsed form (mailparser). Tests wait for arrivals, never for time.
 */
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

export interface Arrived {
  raw: string;
  mail: ParsedMail;
  envelopeTo: string[];
}

export interface LoopbackSmtp {
  port: number;
  arrived: Arrived[];
  /** Resolves once `count` messages have arrived in all. */
  waitFor(count: number): Promise<Arrived[]>;
  /** The next `n` deliveries are refused with this reply (e.g. 451 for a temporary failure). */
  refuseNext(n: number, code: number, message?: string): void;
  /** Recipients refused at RCPT TO with a 550 (a mailbox that does not exist). */
  unknownRecipients: Set<string>;
  close(): Promise<void>;
}

export const SMTP_USER = 'pledge@acme.example';
export const SMTP_PASSWORD = 'smtp-test-password';

export async function startLoopbackSmtp(): Promise<LoopbackSmtp> {
  const arrived: Arrived[] = [];
  const waiters: { count: number; resolve: (a: Arrived[]) => void }[] = [];
  let refusals: { n: number; code: number; message: string } = { n: 0, code: 0, message: '' };
  const unknownRecipients = new Set<string>();
  const options: SMTPServerOptions = {
    // Loopback only: no TLS to set up; the password is still checked.
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authMethods: ['PLAIN', 'LOGIN'],
    onAuth(auth, _session, callback) {
      if (auth.username === SMTP_USER && auth.password === SMTP_PASSWORD) return callback(null, { user: auth.username });
      return callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onRcptTo(address, _session, callback) {
      if (unknownRecipients.has(address.address)) return callback(Object.assign(new Error(`<${address.address}>: mailbox unavailable`), { responseCode: 550 }));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (refusals.n > 0) {
          refusals.n--;
          return callback(Object.assign(new Error(refusals.message), { responseCode: refusals.code }));
        }
        const raw = Buffer.concat(chunks).toString('utf8');
        simpleParser(raw).then(
          (mail) => {
            arrived.push({ raw, mail, envelopeTo: session.envelope.rcptTo.map((r) => r.address) });
            for (const w of waiters.filter((w) => arrived.length >= w.count)) {
              waiters.splice(waiters.indexOf(w), 1);
              w.resolve(arrived.slice());
            }
            callback();
          },
          (error: Error) => callback(error),
        );
      });
    },
  };
  const server = new SMTPServer(options);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    arrived,
    unknownRecipients,
    waitFor: (count) => (arrived.length >= count ? Promise.resolve(arrived.slice()) : new Promise((resolve) => waiters.push({ count, resolve }))),
    refuseNext(n, code, message = 'try again later') {
      refusals = { n, code, message };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
