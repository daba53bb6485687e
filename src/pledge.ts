/**
 * Pledge assembled from its parts: services on the database, the outbox dispatcher and its
 * runner, and the chat platform the deployment runs on: Slack (the Bolt app, whose server also
 * serves the pages) or WeCom (its callback, on Pledge's own HTTP server). main.ts builds one from
 * the environment; tests and the demo build one from their own pieces (a fixed clock, a stand-in
 * Slack or WeCom API, a test database).
 */
import { hostname } from 'node:os';
import { DatabaseRunCoordinator } from './scheduler/run-coordinator';
import { startSchedules, type Job, type Schedules } from './scheduler/schedules';
import { Dispatcher, type DispatcherDeps, type DispatcherOptions } from './chat/dispatcher';
import type { ReachConfig } from './config/reach';
import { deliverToComplainant, type ReachDeliveryDeps } from './reach/deliver';
import type { ComplainantChannels } from './reach/port';
import { inTransaction } from './db/tx';
import { issueComplaintPageLink } from './services/complaint-page-link';
import { AnswersFirst } from './chat/answers-first';
import { OutboxRunner } from './chat/outbox-runner';
import type { Clock } from './clock';
import type { ResolvedConfig, SlackEnv } from './config';
import * as complaints from './db/complaints';
import type { Db } from './db/create-db';
import { vacuumAnalyze } from './db/maintenance';
import { pruneReportMarks } from './db/report-rollup';
import { auditHead } from './db/verify-audit';
import type { Calendar } from './domain/sla';
import { teamCalendars } from './calendar-data/build';
import { createServices, type Services } from './services';
import { groupNameOf } from './services/deps';
import { serviceDeps } from './services/service-deps';
import type { SlackApp } from './slack/app';
import { slackIds } from './slack/chat-ids';
import type { ChatIds } from './chat/person-id';
import type { ChatPort } from './chat/port';
import { complaintPageRoutes, PAGE_PREFIX } from './web/complaint-page-routes';
import { csrfTokens } from './web/csrf';
import type { WeCom, WeComDeps } from './wecom/wecom';
import { wecomIds } from './wecom/chat-ids';
import { createWebServer, type Mount } from './web/http-server';
import { complaintFormRoutes } from './web/complaint-form-routes';
import { sendVerification } from './reach/verification';
import { verifiableKinds, webFormServices } from './services/web-form';

export interface PledgeOptions {
  /**
   * Slack's settings: the Bolt app takes Slack's requests and its server serves the web routes.
   * Unset, the deployment runs on WeCom (`wecom` is then required): no Bolt app and no Slack
   * client are made, and Pledge's own HTTP server serves /healthz, the pages and the callback.
   */
  slack?: SlackEnv;
  /**
   * The pauses between the Slack client's quick retries of a failed call (slack/platform.ts);
   * tests shorten them, keeping the number of retries, so an outage they stage costs no seconds.
   */
  slackRetryPause?: { minTimeout: number; maxTimeout: number };
  config: ResolvedConfig;
  db: Db;
  clock: Clock;
  dispatcher?: Partial<DispatcherOptions>;
  /** Overrides the configured business calendars (tests that want plain elapsed time). */
  calendarFor?: (groupId: string) => Calendar;
  outboxIntervalMs?: number;
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  /** Run the cron jobs (the sweep); tests drive them by hand instead. */
  schedules?: boolean;
  log?: (level: 'info' | 'warn' | 'error', message: string) => void;
  /** PLEDGE_PUBLIC_URL: the base of links to complainants' pages. */
  publicUrl?: URL;
  /** E-mail and SMS to complainants, as configured under `reach:` (none: nothing is sent to them). */
  reach?: ComplainantChannels;
  /** The complainant's page link for a complaint, once pages are served. */
  pageLink?: ReachDeliveryDeps['pageLink'];
  /**
   * WeCom's settings (WECOM_*): serves /wecom/callback and delivers WeCom's own outbox kinds.
   * Without `slack`, WeCom is the deployment's platform: its adapter and ids are the default `chat`.
   * Beside `slack` (tests of the WeCom parts on a Slack harness) only the callback and kinds are added.
   */
  wecom?: Pick<WeComDeps, 'env' | 'onCallback' | 'windowSeconds' | 'gather'> & {
    /** WeCom's OAuth authorize page for the pages inside WeCom; tests and demos point it at a stand-in. */
    authorizeUrl?: string;
    /** The group robots' webhook keys, by the variable a group's `channel: robot:<variable>` names (config loadRobotKeys). */
    robotKeys?: ReadonlyMap<string, string>;
  };
  /**
   * The chat adapter the outbox delivers through, and its ids (config people, history). Unset:
   * Slack's, built from `slack`, or WeCom's, built from `wecom` when `slack` is unset. The
   * composition root picks the platform from the environment (config chooseChatPlatform); a test
   * may give an adapter of its own.
   */
  chat?: ChatChoice;
}

/** A chat adapter, made once the team's zones are known (dates are written in a group's own zone). */
export interface ChatChoice {
  ids: ChatIds;
  create(context: { locale: ResolvedConfig['locale']; timeZone: string; timeZoneOf(groupId: string): string }): ChatPort;
}

export interface Pledge {
  services: Services;
  wecom?: WeCom;
  /** The Bolt app, on a Slack deployment; none on WeCom. */
  slack?: SlackApp;
  dispatcher: Dispatcher;
  outbox: OutboxRunner;
  /** The cron jobs start() schedules: tests run one by hand. */
  jobs(): Job[];
  start(port: number, host?: string): Promise<number>;
  stop(): Promise<void>;
}

/** A Pledge on Slack: its Bolt app is there (tests drive it). */
export type SlackPledge = Pledge & { slack: SlackApp };

/**
 * Builds a Pledge. Each platform's modules are imported here, only where the deployment runs on
 * it (slack/platform.ts, wecom/platform.ts): a WeCom bot never holds Bolt, a Slack bot never
 * holds WeCom's modules (issue 15, point 4: memory at rest).
 */
export function createPledge(options: PledgeOptions & { slack: SlackEnv }): Promise<SlackPledge>;
export function createPledge(options: PledgeOptions): Promise<Pledge>;
export async function createPledge(options: PledgeOptions): Promise<Pledge> {
  const { config, db, clock, slack } = options;
  if (!slack && !options.wecom) throw new Error('createPledge needs a chat platform: slack or wecom settings');
  const [onSlack, onWeCom] = await Promise.all([slack && import('./slack/platform'), options.wecom && import('./wecom/platform')]);
  const log = options.log ?? ((level, message) => console[level](message));
  let outbox: OutboxRunner | undefined;
  const calendars = options.calendarFor ? undefined : teamCalendars(config, clock.now());
  for (const warning of calendars?.warnings ?? []) log('warn', `Pledge: ${warning}`);
  // One array shared with the App Home, refilled by the nightly check: the start-up check looks
  // 60 days ahead, and a bot running for months passes that horizon without restarting.
  const calendarWarnings: string[] = [...(calendars?.warnings ?? [])];
  const recheckCalendars = (): string[] => {
    if (options.calendarFor) return [];
    calendarWarnings.splice(0, calendarWarnings.length, ...teamCalendars(config, clock.now()).warnings);
    return calendarWarnings;
  };
  // The public form needs somewhere to send its links to (PLEDGE_PUBLIC_URL) and a way to verify contacts.
  const form = config.page.form && options.publicUrl && verifiableKinds(config).length > 0 ? config.page.form : undefined;
  if (config.page.form && !form) log('warn', 'Pledge: page.form is configured but not served: it needs PLEDGE_PUBLIC_URL and reach.email or reach.sms.templates.verify.');
  if (options.wecom && !options.publicUrl) log('warn', 'Pledge: the pages inside WeCom (登记投诉, 我的投诉, steps that need typed input) are not served: they need PLEDGE_PUBLIC_URL, on the app\'s trusted domain.');
  // The app's menu (登记投诉, 我的投诉) opens the pages inside WeCom: set at each start where WeCom is the platform, unless WECOM_MENU=off.
  const wantsMenu = !slack && options.wecom !== undefined && options.wecom.env.menu !== false;
  if (wantsMenu && !options.publicUrl) log('warn', "Pledge: the app's menu (登记投诉, 我的投诉) is not set: its items open the pages inside WeCom, which need PLEDGE_PUBLIC_URL.");
  const zoneOf = (groupId: string) => calendars?.calendarFor(groupId).timeZone ?? config.timezone;
  const ids = options.chat?.ids ?? (slack ? slackIds : wecomIds);
  const deps = serviceDeps(config, db, clock, options.calendarFor ?? ((groupId) => calendars!.calendarFor(groupId)), () => outbox?.kick(), { publicUrl: options.publicUrl }, ids);
  const services = createServices(deps);
  // A group's own zone, as its calendar has it; the team's where calendars are overridden (tests).
  const timeZoneOf = (groupId: string): string => calendars?.calendarFor(groupId).timeZone ?? config.timezone;

  // Links from cards and answers to Pledge's pages in WeCom (PLEDGE_PUBLIC_URL).
  const wecomLinks = options.wecom && onWeCom && onWeCom.weComLinks(options.wecom.env, options.publicUrl, options.wecom.authorizeUrl);
  // WeCom's callbacks are answered before the outbox acts on anything (chat/answers-first.ts).
  const answersFirst = new AnswersFirst();
  // WeCom's callback and its own outbox kinds: the platform itself, or (tests) beside Slack.
  const wecom =
    options.wecom && onWeCom
      ? onWeCom.createWeCom({
          ...options.wecom,
          prisma: db.prisma,
          clock,
          log,
          queued: () => outbox?.kick(),
          answering: () => answersFirst.begin(),
          onCallback: options.wecom.onCallback ?? onWeCom.weComListeners({ services, prisma: db.prisma, clock, card: (id) => complaints.findCard(db.prisma, { id }, groupNameOf(config)), locale: config.locale, timeZoneOf, log, queued: () => outbox?.kick(), ...wecomLinks }),
        })
      : undefined;

  const chat =
    options.chat?.create({ locale: config.locale, timeZone: config.timezone, timeZoneOf }) ??
    (slack && onSlack
      ? onSlack.slackChat(slack, options.slackRetryPause, config.locale, config.timezone, timeZoneOf)
      : onWeCom!.weComChat(wecom!, options.wecom!, { prisma: db.prisma, clock, locale: config.locale, timeZoneOf, ...(options.publicUrl && { publicUrl: options.publicUrl }) }));
  const dispatcher = new Dispatcher(
    {
      prisma: db.prisma,
      clock,
      chat,
      card: (id) => complaints.findCard(db.prisma, { id }, groupNameOf(config)),
      home: (userId) => services.homeFor(userId, calendarWarnings),
      groupChannel: (groupId) => config.groups.find((g) => g.id === groupId)?.channel,
      log: (level, message) => log(level, message),
      ...(config.reach && options.reach && { reach: reachDelivery(config.reach, options, zoneOf) }),
      ...(wecom && { kinds: wecom.kinds, turn: () => answersFirst.turn() }),
      ...(form &&
        config.reach && {
          verify: (submissionId: string, now: Date) =>
            sendVerification({ prisma: db.prisma, reach: config.reach!, channels: options.reach ?? {}, publicUrl: options.publicUrl!, formPath: form.path, codeMinutes: form.codeMinutes }, submissionId, now),
        }),
    },
    { maxAttempts: config.outbox.maxAttempts, leaseMs: config.outbox.leaseSeconds * 1000, ...options.dispatcher },
  );
  const coordinator = new DatabaseRunCoordinator(db.prisma, `${hostname()}:${process.pid}`, clock);
  let schedules: Schedules | undefined;
  outbox = new OutboxRunner(dispatcher, options.outboxIntervalMs ?? 2_000, (error) => log('error', `outbox: ${String(error)}`));
  // Derived from the platform's secret (Slack's bot token, as sealed modal metadata is; WeCom's
  // app Secret): every replica checks the same tokens, and nothing else needs to be configured.
  const csrf = csrfTokens(slack ? slack.botToken : options.wecom!.env.secret);
  const formServices = webFormServices(deps);
  const kinds = verifiableKinds(config);
  const web: Mount[] = [
    {
      prefix: PAGE_PREFIX,
      handle: complaintPageRoutes({
        services,
        csrf,
        locale: config.locale,
        timeZone: config.timezone,
        secureCookies: options.publicUrl?.protocol === 'https:',
        log,
      }),
    },
    ...(wecom ? [wecom.route] : []),
    // Pages inside WeCom (登记投诉, 我的投诉, a complaint, a step): links to them need PLEDGE_PUBLIC_URL.
    ...(wecom && onWeCom && options.wecom && options.publicUrl
      ? [
          onWeCom.weComPageRoutes({
            services,
            api: wecom.api,
            secret: options.wecom.env.secret,
            csrf: csrfTokens(options.wecom.env.secret),
            links: onWeCom.weComLinks(options.wecom.env, options.publicUrl, options.wecom.authorizeUrl).links!,
            clock,
            locale: config.locale,
            timeZone: config.timezone,
            timeZoneOf,
            secureCookies: options.publicUrl.protocol === 'https:',
            calendarWarnings,
            log,
          }),
        ]
      : []),
    ...(form
      ? [
          complaintFormRoutes({
            services: formServices,
            form,
            kinds: kinds.length === 2 ? 'both' : kinds[0]!,
            csrf,
            locale: config.locale,
            timeZone: config.timezone,
            secureCookies: options.publicUrl?.protocol === 'https:',
            log,
          }),
        ]
      : []),
  ];
  // Slack's Bolt app serves the web routes beside /slack/events; WeCom has no server of its own.
  const slackApp =
    slack && onSlack
      ? onSlack.createSlackApp({
          slack,
          services,
          locale: config.locale,
          timeZone: config.timezone,
          timeZoneOf,
          calendarWarnings,
          ping: () => db.ping(),
          logLevel: options.logLevel,
          web,
        })
      : undefined;
  const server = slackApp ?? createWebServer({ ping: () => db.ping(), mounts: web });

  const jobs = () => [
    ...scheduledJobs(config, db, services, timeZoneOf, log, recheckCalendars),
    ...(config.page.form ? [{ name: 'web-form-purge', expression: config.schedule.maintenance, timezone: config.timezone, run: async () => void (await formServices.purge()) }] : []),
  ];
  return {
    services,
    ...(wecom && { wecom }),
    ...(slackApp && { slack: slackApp }),
    dispatcher,
    outbox,
    jobs,
    async start(port, host) {
      // Before anything is served: a menu WeCom refuses stops start-up (a ConfigError, one line).
      if (wantsMenu && wecom && onWeCom && wecomLinks?.links) await onWeCom.setAppMenu(wecom.api, options.wecom!.env.agentId, onWeCom.appMenu(config.locale, wecomLinks.links));
      const bound = await server.start(port, host);
      outbox!.start();
      if (options.schedules !== false) {
        schedules = startSchedules(
          jobs(),
          coordinator,
          (job, error) => log('error', `Pledge: ${job} failed: ${String(error)}`),
        );
      }
      return bound;
    },
    async stop() {
      // Stop taking requests and firing jobs first, then let in-flight deliveries finish.
      await schedules?.stop();
      await server.stop();
      await outbox!.stop();
    },
  };
}

/** How the dispatcher hands complainant messages to their channels. */
function reachDelivery(reach: ReachConfig, options: PledgeOptions, zoneOf: (groupId: string) => string): NonNullable<DispatcherDeps['reach']> {
  const deps: ReachDeliveryDeps = {
    prisma: options.db.prisma,
    reach,
    channels: options.reach ?? {},
    locale: options.config.locale,
    zoneOf,
    reviewWithinDays: options.config.page.reviewWithinDays,
  };
  const publicUrl = options.publicUrl;
  if (options.pageLink) deps.pageLink = options.pageLink;
  else if (publicUrl) deps.pageLink = (complaintId, at) => inTransaction(options.db.prisma, (tx) => issueComplaintPageLink({ publicUrl }, tx, complaintId, at));
  return (message, card, now) => deliverToComplainant(deps, message, card, now);
}

/**
 * The cron jobs: the sweep, each group's digest at its local time, and nightly: the audit
 * log's head written to the process log (a record outside the database, to check against
 * later), the calendars' holiday-data horizon checked again (warnings to the log, and by the
 * caller to supervisors' Home), request keys and WeCom send slots no repeat or limit asks about
 * any more forgotten (services/bookkeeping.ts), and on the embedded database its upkeep (a
 * PostgreSQL server has autovacuum for that).
 */
export function scheduledJobs(
  config: ResolvedConfig,
  db: Pick<Db, 'kind' | 'prisma'>,
  services: Pick<Services, 'sweep' | 'sendDigests' | 'pruneBookkeeping'>,
  timeZoneOf: (groupId: string) => string,
  log: (level: 'info' | 'warn', message: string) => void,
  recheckCalendars?: () => string[],
): Job[] {
  const [hour, minute] = config.digest.time.split(':').map(Number);
  return [
    { name: 'sweep', expression: config.schedule.sweep, timezone: config.timezone, run: () => services.sweep() },
    ...config.groups.map((g) => ({
      name: `digest:${g.id}`,
      expression: `${minute} ${hour} * * *`,
      // Each channel reads its digest at that local time in its group's own calendar zone.
      timezone: timeZoneOf(g.id),
      run: () => services.sendDigests([g.id]),
    })),
    { name: 'audit-head', expression: config.schedule.maintenance, timezone: config.timezone, run: () => logAuditHead(db.prisma, log) },
    { name: 'report-marks', expression: config.schedule.maintenance, timezone: config.timezone, run: () => pruneReportMarks(db.prisma, config.timezone) },
    { name: 'bookkeeping', expression: config.schedule.maintenance, timezone: config.timezone, run: async () => void (await services.pruneBookkeeping()) },
    ...(recheckCalendars
      ? [{ name: 'calendar-horizon', expression: config.schedule.maintenance, timezone: config.timezone, run: async () => recheckCalendars().forEach((w) => log('warn', `Pledge: ${w}`)) }]
      : []),
    ...(db.kind === 'embedded' ? [{ name: 'maintenance', expression: config.schedule.maintenance, timezone: config.timezone, run: () => vacuumAnalyze(db.prisma) }] : []),
  ];
}

/** Removing the newest events leaves an intact chain; a head kept outside the database shows it. */
async function logAuditHead(prisma: Db['prisma'], log: (level: 'info', message: string) => void): Promise<void> {
  const head = await auditHead(prisma);
  if (head) log('info', `Pledge: audit head ${head.hash} (event ${head.eventId}); to check later that nothing was cut: pledge audit verify --head ${head.hash}`);
}
