/**
 * `npm run demo [-- --locale zh-CN]`: the whole story without a Slack workspace. Pledge runs
 * for real (its Bolt app, a temporary embedded database) against a local stand-in of Slack's
 * Web API, with a clock the demo moves forward; the people press the buttons the bot sent.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FixedClock } from '../src/clock';
import { generateKey, Keyring, useKeyring } from '../src/crypto/keyring';
import { loadPledgeConfig, resolvePeople } from '../src/config';
import { createDb } from '../src/db/create-db';
import { isLocale, type Locale } from '../src/i18n';
import { createPledge } from '../src/pledge';
import { trackRequests } from '../test/support/in-flight';
import { startSlackStandIn } from '../test/support/slack-stand-in';
import { say, type NarrationKey } from './narration';
import { Complainant } from './complainant';
import { Inbox, reachYaml } from './inbox';
import { Printer } from './printer';
import { story } from './story';

export const DEMO_SECRET = 'demo-signing-secret';
const LI_EMAIL = 'li.na@example.cn';

/** A port nobody listens on now, for Pledge to take (its pages' links must name it). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

export const demoConfig = (locale: Locale) => `
locale: ${locale}
timezone: Asia/Shanghai
calendar:
  country: CN
  workingHours:
    mon-fri: ["09:00-18:00"]
groups:
  - id: billing
    name: { en: Billing, zh-CN: 账务组 }
    leader: UCAROL
    members: [UBOB]
    channel: CBILLING
    categories:
      - { id: billing, name: { en: Billing and payments, zh-CN: 账单问题 } }
      - { id: refund, name: { en: Refunds, zh-CN: 退款 } }
supervisors: [UDANA]
`;

export async function runDemo(locale: Locale, write: (line: string) => void): Promise<number> {
  // The phone customer's number is sealed like in production; the database is thrown away, so the key is too.
  useKeyring(new Keyring(generateKey('demo')));
  const dir = mkdtempSync(join(tmpdir(), 'pledge-demo-'));
  const standIn = await startSlackStandIn();
  // The outside customers' mailbox (SMTP on loopback) and phones (a stand-in of Tencent Cloud SMS).
  const wang = say(locale, 'wang');
  const li = say(locale, 'li');
  const inbox = await Inbox.start({ '+8613812345678': wang, [LI_EMAIL]: li });
  const db = await createDb({ kind: 'embedded', dataDir: dir });
  const clock = new FixedClock(new Date('2026-09-30T16:00:00+08:00'));
  const config = await resolvePeople(loadPledgeConfig(demoConfig(locale) + reachYaml(locale, inbox.smtp.port, inbox.sms.endpoint)), async () => undefined);
  // The pages' links carry the port Pledge will listen on, so it is chosen first.
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}/`;
  inbox.approve(publicUrl, locale);
  const pledge = createPledge({
    slack: { botToken: 'xoxb-demo', signingSecret: DEMO_SECRET, apiUrl: standIn.url, mode: 'http' },
    config,
    db,
    clock,
    logLevel: 'error',
    log: () => {},
    outboxIntervalMs: 3_600_000,
    schedules: false, // the demo fires the jobs itself as its clock reaches their times
    publicUrl: new URL(publicUrl),
    reach: inbox.channels(config.reach!),
  });
  try {
    await pledge.start(port, '127.0.0.1');
    write(`# ${say(locale, 'title')}`);
    write(say(locale, 'cast'));
    const printer = new Printer(standIn, locale, write, inbox);
    // Bolt answers at ack() and keeps working after it: wait for every request Pledge took to
    // be fully processed (not for a quiet spell, which a busy machine outlasts), then deliver.
    const requestsDone = trackRequests(pledge.slack.app);
    const settle = async () => {
      await requestsDone();
      await pledge.outbox.idle();
      await pledge.dispatcher.drain();
    };
    await story({ locale, clock, pledge, printer, say: (key: NarrationKey, params?: Record<string, string | number>) => write(`\n> ${say(locale, key, params)}`), world: { baseUrl: `http://127.0.0.1:${port}`, secret: DEMO_SECRET, standIn, settle }, customers: { wang: new Complainant(wang, inbox), li: new Complainant(li, inbox), liEmail: LI_EMAIL } });
    const sent = await db.prisma.notification.count({ where: { sentAt: { not: null }, kind: { not: 'home.refresh' } } });
    // The closing line claims "each exactly once": check it against what Slack received.
    const keys = standIn.callsTo('chat.postMessage').map((c) => JSON.stringify((c.args.metadata as { event_payload?: unknown } | undefined)?.event_payload));
    if (new Set(keys).size !== keys.length) throw new Error('a message was posted twice');
    const mails = inbox.smtp.arrived.map((a) => a.mail.messageId);
    if (new Set(mails).size !== mails.length) throw new Error('an e-mail was sent twice');
    write(`\n> ${say(locale, 'end', { count: sent })}`);
    return sent;
  } finally {
    await pledge.stop();
    await db.close();
    await standIn.close();
    await inbox.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const i = process.argv.indexOf('--locale');
  const locale = i >= 0 ? process.argv[i + 1] : 'en';
  if (!isLocale(locale)) {
    console.error(`--locale must be en or zh-CN (got ${JSON.stringify(locale)}).`);
    process.exit(2);
  }
  runDemo(locale, (line) => console.log(line)).then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
