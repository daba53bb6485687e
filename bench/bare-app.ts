/**
 * The yardstick for Pledge's ack latency: a Bolt app that does only what `/complaint` (no text)
 * must do — ack, then open the same modal — built the way src/slack/app.ts builds Pledge's
 * (same HTTPReceiver options, same App options, same Web API base URL). Whatever Pledge adds on
 * top (other listeners, the database, the outbox runner) shows up as the difference.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import type { Locale } from '../src/i18n';
import { filingModal } from '../src/slack/blocks/complaint-modal';
import { COMMAND } from '../src/slack/ids';

export interface BareAppOptions {
  botToken: string;
  signingSecret: string;
  apiUrl: string;
  locale: Locale;
  categories: readonly string[];
  categoryNames?: Readonly<Record<string, string>>;
}

export interface BareApp {
  start(port: number, host?: string): Promise<number>;
  stop(): Promise<void>;
}

export function createBareApp(options: BareAppOptions): BareApp {
  const receiver = new HTTPReceiver({
    signingSecret: options.signingSecret,
    endpoints: '/slack/events',
    // Pledge has a /healthz route; keep the route table the same size.
    customRoutes: [{ path: '/healthz', method: ['GET'], handler: (_req, res) => res.end('ok\n') }],
    processBeforeResponse: false,
  });
  const app = new App({
    token: options.botToken,
    receiver,
    clientOptions: { slackApiUrl: options.apiUrl },
    logLevel: LogLevel.ERROR,
    extendedErrorHandler: true,
  });
  app.command(COMMAND, async ({ command, ack, client }) => {
    await ack();
    await client.views.open({
      trigger_id: command.trigger_id,
      // Built by Pledge's own function: a copy drifts (it once lacked the category names).
      view: filingModal(options.locale, options),
    });
  });
  return {
    async start(port, host) {
      const server = (await app.start({ port, host })) as Server;
      return (server.address() as AddressInfo).port;
    },
    async stop() {
      await app.stop();
    },
  };
}
