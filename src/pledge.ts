/**
 * Pledge assembled from its parts: services on the database, the outbox dispatcher and its
 * runner, and the Slack app. main.ts builds one from the environment; tests and the demo build
 * one from their own pieces (a fixed clock, a stand-in Slack API, a test database).
 */
import { WebClient } from '@slack/web-api';
import { Dispatcher, type DispatcherOptions } from './chat/dispatcher';
import { OutboxRunner } from './chat/outbox-runner';
import type { Clock } from './clock';
import type { ResolvedConfig, SlackEnv } from './config';
import * as complaints from './db/complaints';
import type { Db } from './db/create-db';
import { createServices, type Services } from './services';
import { groupNameOf } from './services/deps';
import { createSlackApp, type SlackApp } from './slack/app';
import { SlackChat } from './slack/chat-port';

export interface PledgeOptions {
  slack: SlackEnv;
  config: ResolvedConfig;
  db: Db;
  clock: Clock;
  dispatcher?: Partial<DispatcherOptions>;
  outboxIntervalMs?: number;
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  log?: (level: 'info' | 'warn' | 'error', message: string) => void;
}

export interface Pledge {
  services: Services;
  slack: SlackApp;
  dispatcher: Dispatcher;
  outbox: OutboxRunner;
  start(port: number, host?: string): Promise<number>;
  stop(): Promise<void>;
}

export function createPledge(options: PledgeOptions): Pledge {
  const { config, db, clock, slack } = options;
  const log = options.log ?? ((level, message) => console[level](message));
  let outbox: OutboxRunner | undefined;
  const services = createServices({ prisma: db.prisma, clock, config, outboxWritten: () => outbox?.kick() });

  // The dispatcher's own client: rate limits (429 Retry-After) are waited out by @slack/web-api;
  // what still fails after a few quick retries goes back to the outbox's longer backoff.
  const client = new WebClient(slack.botToken, {
    ...(slack.apiUrl ? { slackApiUrl: slack.apiUrl } : {}),
    retryConfig: { retries: 2, factor: 2, minTimeout: 200, maxTimeout: 2_000 },
  });
  const dispatcher = new Dispatcher(
    {
      prisma: db.prisma,
      clock,
      chat: new SlackChat(client, config.locale, config.timezone),
      card: (id) => complaints.findCard(db.prisma, { id }, groupNameOf(config)),
      log: (level, message) => log(level, message),
    },
    options.dispatcher,
  );
  outbox = new OutboxRunner(dispatcher, options.outboxIntervalMs ?? 2_000, (error) => log('error', `outbox: ${String(error)}`));
  const slackApp = createSlackApp({
    slack,
    services,
    locale: config.locale,
    timeZone: config.timezone,
    ping: () => db.ping(),
    logLevel: options.logLevel,
  });

  return {
    services,
    slack: slackApp,
    dispatcher,
    outbox,
    async start(port, host) {
      const bound = await slackApp.start(port, host);
      outbox!.start();
      return bound;
    },
    async stop() {
      // Stop taking requests first, then let in-flight deliveries finish.
      await slackApp.stop();
      await outbox!.stop();
    },
  };
}
