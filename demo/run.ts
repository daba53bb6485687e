/**
 * `npm run demo [-- --chat slack|wecom] [--locale en|zh-CN]`: the whole story without a Slack
 * workspace or a WeCom organisation. Pledge runs for real (a temporary embedded database) against
 * a local stand-in of the chat platform's API, with a clock the demo moves forward; the people
 * press the buttons the bot sent and fill in the forms it opened (stages.ts).
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
import { slackIds } from '../src/slack/chat-ids';
import { wecomIds } from '../src/wecom/chat-ids';
import { isPlatform, PLATFORMS, type Platform } from './chat-user';
import { say, type NarrationKey } from './narration';
import { Complainant } from './complainant';
import { Inbox, reachYaml } from './inbox';
import { slackStage, TEAM, wecomStage } from './stages';
import { story } from './story';

export { DEMO_SECRET } from './stages';
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

/** The team's configuration, its people and channel as the platform names them. */
export const demoConfig = (locale: Locale, platform: Platform = 'slack') => {
  const t = TEAM[platform];
  return `
locale: ${locale}
timezone: Asia/Shanghai
calendar:
  country: CN
  workingHours:
    mon-fri: ["09:00-18:00"]
groups:
  - id: billing
    name: { en: Billing, zh-CN: 账务组 }
    leader: ${t.carol}
    members: [${t.bob}]
    channel: ${t.channel}
    categories:
      - { id: billing, name: { en: Billing and payments, zh-CN: 账单问题 } }
      - { id: refund, name: { en: Refunds, zh-CN: 退款 } }
supervisors: [${t.dana}]
`;
};

export interface DemoOptions {
  chat?: Platform;
  /**
   * A folder already holding a migrated embedded database for the story, left in place at the
   * end. The tests pass a copy of their template: creating and migrating a database costs
   * seconds a story. Unless given, a new one in a temporary folder, removed at the end.
   */
  dataDir?: string;
}

export async function runDemo(locale: Locale, write: (line: string) => void, { chat = 'slack', dataDir }: DemoOptions = {}): Promise<number> {
  // The phone customer's number is sealed like in production; the database is thrown away, so the key is too.
  useKeyring(new Keyring(generateKey('demo')));
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'pledge-demo-'));
  // The outside customers' mailbox (SMTP on loopback) and phones (a stand-in of Tencent Cloud SMS).
  const wang = say(locale, 'wang');
  const li = say(locale, 'li');
  const inbox = await Inbox.start({ '+8613812345678': wang, [LI_EMAIL]: li });
  const db = await createDb({ kind: 'embedded', dataDir: dir });
  const clock = new FixedClock(new Date('2026-09-30T16:00:00+08:00'));
  const ids = chat === 'wecom' ? wecomIds : slackIds;
  const yaml = demoConfig(locale, chat) + reachYaml(locale, inbox.smtp.port, inbox.sms.endpoint);
  const config = await resolvePeople(loadPledgeConfig(yaml, 'demo', ids), async () => undefined, ids);
  // The pages' links carry the port Pledge will listen on, so it is chosen first.
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}/`;
  inbox.approve(publicUrl, locale);
  const common = {
    config,
    db,
    clock,
    logLevel: 'error' as const,
    log: () => {},
    outboxIntervalMs: 3_600_000,
    schedules: false, // the demo fires the jobs itself as its clock reaches their times
    publicUrl: new URL(publicUrl),
    reach: inbox.channels(config.reach!),
  };
  const running = await (chat === 'wecom' ? wecomStage : slackStage)({ locale, clock, db, config, port, publicUrl: new URL(publicUrl), inbox, write, common });
  try {
    const narrate = (key: NarrationKey, params?: Record<string, string | number>) => say(locale, key, params, chat);
    write(`# ${narrate('title')}`);
    write(narrate('cast'));
    await story({ locale, clock, pledge: running.pledge, stage: running.stage, say: (key, params) => write(`\n> ${narrate(key, params)}`), customers: { wang: new Complainant(wang, inbox), li: new Complainant(li, inbox), liEmail: LI_EMAIL } });
    // The closing line claims "each exactly once": check it against what the platform and the customers received.
    const sent = await running.sentOnce();
    const mails = inbox.smtp.arrived.map((a) => a.mail.messageId);
    if (new Set(mails).size !== mails.length) throw new Error('an e-mail was sent twice');
    write(`\n> ${narrate('end', { count: sent })}`);
    return sent;
  } finally {
    await running.close();
    await db.close();
    await inbox.close();
    if (!dataDir) rmSync(dir, { recursive: true, force: true });
  }
}

/** The command line's choices, or the one line that says what is wrong with them. */
export function parseArgs(argv: readonly string[]): { locale: Locale; chat: Platform } | { problem: string } {
  const value = (flag: string, fallback: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : fallback;
  };
  const locale = value('--locale', 'en');
  if (!isLocale(locale)) return { problem: `--locale must be en or zh-CN (got ${JSON.stringify(locale)}).` };
  const chat = value('--chat', 'slack');
  if (!isPlatform(chat)) return { problem: `--chat must be ${PLATFORMS.join(' or ')} (got ${JSON.stringify(chat)}).` };
  return { locale, chat };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = parseArgs(process.argv.slice(2));
  if ('problem' in args) {
    console.error(args.problem);
    process.exit(2);
  }
  runDemo(args.locale, (line) => console.log(line), { chat: args.chat }).then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
