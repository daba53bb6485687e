/**
 * A whole Pledge for integration tests: the real Bolt app on a random port, a test database
 * (embedded or server), a fixed clock, and the local stand-in of Slack's Web API.
 */
import { afterEach, beforeEach } from 'vitest';
import { FixedClock } from '../../src/clock';
import { loadPledgeConfig, resolvePeople, type ResolvedConfig } from '../../src/config';
import { createPledge, type PledgeOptions, type SlackPledge } from '../../src/pledge';
import type { TestDb } from './db';
import type { Settle } from './in-flight';
import { startSlackStandIn, type SlackStandIn } from './slack-stand-in';
import * as signed from './signed-requests';
import { inputValue, viewSubmissionPayload } from './signed-requests';
import { FIELD, FILE_COMPLAINT_VIEW } from '../../src/slack/ids';

export const SECRET = 'test-signing-secret';

/**
 * The tests' configuration: billing (led by ULEAD1) and service (ULEAD2), a supervisor, in
 * Shanghai. `billing` says who works in billing; by default UOWN3 is one of them, away.
 */
export function testConfigYaml(billing: { members: string[]; away?: string[] } = { members: ['UOWN1', 'UOWN2', 'UOWN3'], away: ['UOWN3'] }): string {
  const away = billing.away?.length ? `\n    away: [${billing.away.join(', ')}]` : '';
  return `
locale: en
timezone: Asia/Shanghai
groups:
  - id: billing
    name: Billing
    leader: ULEAD1
    members: [${billing.members.join(', ')}]${away}
    channel: CBILLING
    categories: [billing, refunds]
  - id: service
    name: Service
    leader: ULEAD2
    members: [USRV1]
    channel: CSERVICE
    categories: [service]
supervisors: [USUP1]
`;
}

export const TEST_CONFIG_YAML = testConfigYaml();

export async function testConfig(yaml = TEST_CONFIG_YAML): Promise<ResolvedConfig> {
  return resolvePeople(loadPledgeConfig(yaml), async () => undefined);
}

export interface Harness {
  pledge: SlackPledge;
  standIn: SlackStandIn;
  clock: FixedClock;
  config: ResolvedConfig;
  baseUrl: string;
  db: TestDb;
  /**
   * Delivers everything the outbox holds once every request the app took is done (what the
   * runner would do on its next tick). A filing is stored after its modal closed (the ack
   * comes once the draft is valid): what it queues is delivered too.
   */
  deliver(): Promise<void>;
  command(text: string, userId?: string, extra?: signed.SlashCommandFields): Promise<signed.SignedResponse>;
  interact(payload: object, opts?: signed.SignOptions): Promise<signed.SignedResponse>;
  event(envelope: object, opts?: signed.EventOptions): Promise<signed.SignedResponse>;
  /** Resolves once every request the app took so far is fully processed (see in-flight.ts). */
  settle: Settle;
  stop(): Promise<void>;
}

export interface HarnessOptions {
  config?: ResolvedConfig;
  now?: Date;
  /** E-mail and SMS senders for complainants (config `reach:` says when they are used). */
  reach?: PledgeOptions['reach'];
  /** Where Pledge's own log lines go (dropped by default). */
  log?: (level: 'info' | 'warn' | 'error', message: string) => void;
  /**
   * How long Bolt waits for an ack before answering for the listener (see widenAckNet): wide by
   * default; Bolt's own 3 s where a test reads that answer (requests no listener takes), since
   * each such request waits the whole net.
   */
  ackNetMs?: number;
  /** PLEDGE_PUBLIC_URL: complainants' messages then carry a link to their page. */
  publicUrl?: URL;
  /** WeCom's settings: /wecom/callback is then served, and WeCom's outbox kinds delivered. */
  wecom?: PledgeOptions['wecom'];
  /** A chat adapter of the test's own, instead of Slack's (which still serves the listeners). */
  chat?: PledgeOptions['chat'];
}

export async function startHarness(db: TestDb, options: HarnessOptions = {}): Promise<Harness> {
  const standIn = await startSlackStandIn();
  const clock = new FixedClock(options.now ?? new Date('2026-11-30T02:00:00Z')); // Monday 10:00 in Shanghai
  const config = options.config ?? (await testConfig());
  const pledge = await createPledge({
    slack: { botToken: 'xoxb-test', signingSecret: SECRET, apiUrl: standIn.url, mode: 'http' },
    config,
    db,
    clock,
    logLevel: 'error',
    log: options.log ?? (() => {}),
    // The tests drive delivery themselves (deliver()), so the poll never fires mid-test.
    outboxIntervalMs: 3_600_000,
    // The same two quick retries of a failed Slack call, without the 200-400 ms pauses between
    // them: a staged outage (outbox.test) then costs no seconds. The stand-in answers at once, so
    // nothing races; Retry-After on a 429 is still waited out as Slack asks.
    slackRetryPause: { minTimeout: 1, maxTimeout: 1 },
    schedules: false,
    ...(options.reach && { reach: options.reach }),
    ...(options.publicUrl && { publicUrl: options.publicUrl }),
    ...(options.wecom && { wecom: options.wecom }),
    ...(options.chat && { chat: options.chat }),
  });
  widenAckNet(pledge, options.ackNetMs ?? 120_000);
  const settle: Settle = () => pledge.slack.settled();
  const port = await pledge.start(0, '127.0.0.1');
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    pledge,
    standIn,
    clock,
    config,
    baseUrl,
    db,
    async deliver() {
      await settle();
      await pledge.outbox.idle();
      await pledge.dispatcher.drain();
    },
    command: (text, userId = 'UFILER', extra = {}) =>
      signed.postSlashCommand(baseUrl, SECRET, { text, user_id: userId, response_url: standIn.responseUrl(), ...extra }),
    interact: (payload, opts) => signed.postInteraction(baseUrl, SECRET, payload, opts),
    event: (envelope, opts) => signed.postEvent(baseUrl, SECRET, envelope, opts),
    settle,
    async stop() {
      await pledge.stop();
      await standIn.close();
    },
  };
}

/**
 * Bolt answers a request itself, with an error, when no listener acked it within 3 s of its
 * arrival (Slack's window). Pledge's listeners ack before any slow work (filing acks a valid
 * draft before storing it), counted from when they start; with every core busy, the
 * wait before a listener starts can eat the rest, and the test would read Bolt's net instead of
 * Pledge's answer. The tests check Pledge's answers, so the test app's net is wide.
 */
function widenAckNet(pledge: SlackPledge, ms: number): void {
  const receiver = (pledge.slack.app as unknown as { receiver?: { unhandledRequestTimeoutMillis?: number } }).receiver;
  if (receiver?.unhandledRequestTimeoutMillis === undefined) throw new Error('Bolt\'s HTTPReceiver changed: no unhandledRequestTimeoutMillis to widen');
  receiver.unhandledRequestTimeoutMillis = ms;
}

/** A harness that stands for the current test's: see useHarness. */
export interface CurrentHarness extends Harness {
  /**
   * Stops this test's Pledge and starts another on the same database (a restart, another
   * replica's view of what was queued); `options` are laid over the suite's.
   */
  restart(options?: HarnessOptions): Promise<void>;
}

type OptionsOf = HarnessOptions | (() => Promise<HarnessOptions>);

/**
 * The set-up every Slack integration suite shares: a fresh Pledge on the suite's database before
 * each test, stopped after it. Call it inside the suite; the returned harness stands for the
 * current test's (its members read through to it), so it can be captured once at declaration.
 * `options` may be a function when it needs awaiting (a config built from YAML).
 */
export function useHarness(getDb: () => TestDb, options: OptionsOf = {}): CurrentHarness {
  const started = harnessPerTest(getDb);
  let current: Harness | undefined;
  let resolved: HarnessOptions = {};
  beforeEach(async () => {
    resolved = typeof options === 'function' ? await options() : options;
    current = await started.start(resolved);
  });
  const h = (): Harness => {
    if (!current) throw new Error('no harness outside a test (useHarness starts one before each)');
    return current;
  };
  return {
    get pledge() {
      return h().pledge;
    },
    get standIn() {
      return h().standIn;
    },
    get clock() {
      return h().clock;
    },
    get config() {
      return h().config;
    },
    get baseUrl() {
      return h().baseUrl;
    },
    get db() {
      return h().db;
    },
    deliver: () => h().deliver(),
    command: (...args) => h().command(...args),
    interact: (...args) => h().interact(...args),
    event: (...args) => h().event(...args),
    settle: () => h().settle(),
    stop: () => h().stop(),
    async restart(over = {}) {
      await started.stopAll();
      current = await started.start({ ...resolved, ...over });
    },
  };
}

/**
 * For suites whose tests each start Pledge their own way (a config per test, a clock set before
 * start): `start(options)` gives a harness on the suite's database, and every harness a test
 * started is stopped after it, however the test ended.
 */
export function harnessPerTest(getDb: () => TestDb): { start(options?: HarnessOptions): Promise<Harness>; stopAll(): Promise<void> } {
  const running: Harness[] = [];
  const stopAll = async () => {
    for (const h of running.splice(0)) await h.stop();
  };
  afterEach(stopAll);
  return {
    async start(options = {}) {
      const h = await startHarness(getDb(), options);
      running.push(h);
      return h;
    },
    stopAll,
  };
}

/** The test configuration in Chinese. */
export const zhConfig = () => testConfig(TEST_CONFIG_YAML.replace('locale: en', 'locale: zh-CN'));

export interface DraftValues {
  title?: string;
  details?: string;
  category?: string | null;
  priority?: string | null;
  source?: string | null;
  customerName?: string;
  customerContact?: string;
}

/** A view_submission of the complaint modal, shaped as Slack sends it. */
export function complaintSubmission(userId: string, values: DraftValues, viewId = `V${Math.random().toString(36).slice(2, 10).toUpperCase()}`, privateMetadata = '') {
  const v = { title: 'Charged twice', details: 'Card charged twice on 28 Nov', category: 'billing', priority: 'normal', source: 'chat', ...values };
  return viewSubmissionPayload({
    callbackId: FILE_COMPLAINT_VIEW,
    userId,
    viewId,
    privateMetadata,
    values: {
      [FIELD.title.block]: { [FIELD.title.action]: inputValue.text(v.title ?? null) },
      [FIELD.details.block]: { [FIELD.details.action]: inputValue.text(v.details ?? null) },
      [FIELD.category.block]: { [FIELD.category.action]: inputValue.select(v.category ?? null) },
      [FIELD.priority.block]: { [FIELD.priority.action]: inputValue.select(v.priority ?? null) },
      [FIELD.source.block]: { [FIELD.source.action]: inputValue.select(v.source ?? null) },
      [FIELD.customerName.block]: { [FIELD.customerName.action]: inputValue.text(v.customerName ?? null) },
      [FIELD.customerContact.block]: { [FIELD.customerContact.action]: inputValue.text(v.customerContact ?? null) },
    },
  });
}
