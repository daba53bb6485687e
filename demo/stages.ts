/**
 * The chat platform the demo's team works on, set up for real: Pledge made for that platform
 * (as main.ts would, from its settings) against a local stand-in of the platform's API, and the
 * story's people on it. Slack: the Bolt app and the Slack stand-in; WeCom: a WeCom-only Pledge
 * (its own HTTP server, /wecom/callback, the pages inside WeCom) and the WeCom stand-in.
 */
import type { FixedClock } from '../src/clock';
import type { ResolvedConfig } from '../src/config';
import type { Db } from '../src/db/create-db';
import type { Locale } from '../src/i18n';
import { createPledge, type Pledge, type PledgeOptions } from '../src/pledge';
import { startSlackStandIn } from '../test/support/slack-stand-in';
import { WECOM_AES_KEY, WECOM_TOKEN } from '../test/support/wecom-callbacks';
import { WeComClient } from '../test/support/wecom-member';
import { startWeComStandIn, WECOM_AGENT_ID, WECOM_CORP_ID, WECOM_SECRET } from '../test/support/wecom-stand-in';
import type { ChatStage } from './chat-user';
import type { Inbox } from './inbox';
import { Printer } from './printer';
import { SlackUser } from './slack-user';
import { WeComPrinter } from './wecom-printer';
import { WeComUser } from './wecom-user';

export const DEMO_SECRET = 'demo-signing-secret';

/** The team on each platform: Slack user ids, WeCom UserIDs; the group's channel, a Slack channel or a WeCom group chat (chatid). */
export const TEAM = {
  slack: { alice: 'UALICE', bob: 'UBOB', carol: 'UCAROL', dana: 'UDANA', channel: 'CBILLING' },
  wecom: { alice: 'alice', bob: 'bob', carol: 'carol', dana: 'dana', channel: 'wrkBillingGroup01' },
} as const;

/** What a stage needs from the demo: the parts shared by every platform. */
export interface StageSetup {
  locale: Locale;
  clock: FixedClock;
  db: Db;
  config: ResolvedConfig;
  port: number;
  publicUrl: URL;
  inbox: Inbox;
  write: (line: string) => void;
  /** Pledge's options every platform shares (database, clock, reach, ...). */
  common: Omit<PledgeOptions, 'slack' | 'wecom'>;
}

export interface RunningStage {
  stage: ChatStage;
  pledge: Pledge;
  /** How many messages went, after checking against what the platform received that none went twice. */
  sentOnce(): Promise<number>;
  close(): Promise<void>;
}

export async function slackStage(s: StageSetup): Promise<RunningStage> {
  const standIn = await startSlackStandIn();
  const pledge = await createPledge({ ...s.common, slack: { botToken: 'xoxb-demo', signingSecret: DEMO_SECRET, apiUrl: standIn.url, mode: 'http' } });
  await pledge.start(s.port, '127.0.0.1');
  // Bolt answers at ack() and keeps working after it: wait for every request Pledge took to
  // be fully processed (not for a quiet spell, which a busy machine outlasts), then deliver.
  const settle = async () => {
    await pledge.slack.settled();
    await pledge.outbox.idle();
    await pledge.dispatcher.drain();
  };
  const world = { baseUrl: `http://127.0.0.1:${s.port}`, secret: DEMO_SECRET, standIn, settle };
  const t = TEAM.slack;
  return {
    pledge,
    stage: { platform: 'slack', people: { alice: new SlackUser(t.alice, world), bob: new SlackUser(t.bob, world), carol: new SlackUser(t.carol, world) }, printer: new Printer(standIn, s.locale, s.write, s.inbox), settle },
    async sentOnce() {
      const keys = standIn.callsTo('chat.postMessage').map((c) => JSON.stringify((c.args.metadata as { event_payload?: unknown } | undefined)?.event_payload));
      if (new Set(keys).size !== keys.length) throw new Error('a message was posted twice');
      return s.db.prisma.notification.count({ where: { sentAt: { not: null }, kind: { not: 'home.refresh' } } });
    },
    async close() {
      await pledge.stop();
      await standIn.close();
    },
  };
}

export async function wecomStage(s: StageSetup): Promise<RunningStage> {
  const t = TEAM.wecom;
  const wecom = await startWeComStandIn({ members: [t.alice, t.bob, t.carol, t.dana], chats: [t.channel], now: () => s.clock.now() });
  const env = { corpId: WECOM_CORP_ID, agentId: WECOM_AGENT_ID, secret: WECOM_SECRET, token: WECOM_TOKEN, encodingAesKey: WECOM_AES_KEY, apiUrl: wecom.url };
  const pledge = await createPledge({ ...s.common, wecom: { env, authorizeUrl: wecom.authorizeUrl } });
  await pledge.start(s.port, '127.0.0.1');
  // A callback is in the outbox once WeCom has its answer, and a page's form is done once it
  // answers: what is left is to deliver.
  const settle = async () => {
    await pledge.outbox.idle();
    await pledge.dispatcher.drain();
  };
  const group = s.config.groups[0]!;
  const names = { [t.alice]: 'Alice', [t.bob]: 'Bob', [t.carol]: 'Carol', [t.dana]: 'Dana', [t.channel]: group.name };
  const printer = new WeComPrinter(wecom, names, s.locale, s.write, s.inbox);
  const world = { client: new WeComClient({ baseUrl: `http://127.0.0.1:${s.port}`, wecom, clock: s.clock }), wecom, printer, timeZone: s.config.timezone, settle };
  return {
    pledge,
    stage: { platform: 'wecom', people: { alice: new WeComUser(t.alice, world), bob: new WeComUser(t.bob, world), carol: new WeComUser(t.carol, world) }, printer, settle },
    async sentOnce() {
      // WeCom drops what goes past a member's limits without a word: that would be a message lost.
      if (wecom.dropped.length) throw new Error(`WeCom dropped ${wecom.dropped.length} message(s) past a member's limit`);
      // A card that can be clicked carries a task_id of its own (a notice card, which opens a page, has none).
      const cards = wecom.delivered.flatMap((d) => (d.template_card as { task_id?: string } | undefined)?.task_id ?? []);
      if (new Set(cards).size !== cards.length) throw new Error('a card was sent twice');
      return wecom.delivered.length + wecom.posted.length + s.inbox.sms.sent.length + s.inbox.smtp.arrived.length;
    },
    async close() {
      await pledge.stop();
      await wecom.close();
    },
  };
}
