/**
 * The Slack adapter: a Bolt app on HTTP (POST /slack/events, signatures checked by Bolt) or on
 * Socket Mode when an app-level token is set. GET /healthz answers 200 only while the database
 * does. Listeners are registered one folder per Slack surface.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import type { SlackEnv } from '../config';
import { endUnusedConnections } from '../web/connections';
import { healthz as healthCheck, withMounts, type Mount } from '../web/http-server';
import type { SlackContext } from './context';
import { registerErrorHandler } from './error-handler';
import { answerUnacknowledged, answerUnhandled, answerUnroutable, guardSlackRequests, MAX_BODY_BYTES } from './request-guard';
import { metadataSeal, requireSealedMetadata } from './sealed-metadata';
import { ACTION_MODAL_VIEW, DECLINE_MODAL_VIEW, ESCALATION_MODAL_VIEW, FILE_COMPLAINT_VIEW, REVIEW_CONFIRM_VIEW, SURVEY_MODAL_VIEW } from './ids';
import * as acceptAction from './listeners/actions/accept';
import * as approvalActions from './listeners/actions/approval';
import * as complaintAction from './listeners/actions/complaint-action';
import * as escalationActions from './listeners/actions/escalation';
import * as reviewActions from './listeners/actions/review';
import * as surveyActions from './listeners/actions/survey';
import * as openFileModalAction from './listeners/actions/open-file-modal';
import * as revealContactAction from './listeners/actions/reveal-contact';
import * as complaintCommand from './listeners/commands/complaint';
import * as appHomeOpened from './listeners/events/app-home-opened';
import * as reactionAdded from './listeners/events/reaction-added';
import * as fileFromMessage from './listeners/shortcuts/file-from-message';
import * as complaintActionView from './listeners/views/complaint-action';
import * as declineView from './listeners/views/decline';
import * as escalationView from './listeners/views/escalation';
import * as reviewView from './listeners/views/review';
import * as surveyView from './listeners/views/survey';
import * as fileComplaintView from './listeners/views/file-complaint';

const EVENTS_PATH = '/slack/events';

export interface SlackAppOptions extends Omit<SlackContext, 'seal'> {
  slack: SlackEnv;
  /** True while the database answers. */
  ping(): Promise<boolean>;
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  /** Served beside Slack's endpoint, on the same port: the pages (src/web), WeCom's callback; each takes the paths under its `prefix`. */
  web?: Mount[];
}

export interface SlackApp {
  app: App;
  /** Starts listening; returns the port actually bound (useful with port 0). */
  start(port: number, host?: string): Promise<number>;
  stop(): Promise<void>;
  /** Resolves once every request taken so far is fully processed: answered, and its listeners' work after the answer done. */
  settled(): Promise<void>;
}

export function createSlackApp(options: SlackAppOptions): SlackApp {
  const { slack } = options;
  const healthz = healthCheck(() => options.ping());
  const receiver =
    slack.mode === 'http'
      ? new HTTPReceiver({
          signingSecret: slack.signingSecret ?? '',
          endpoints: EVENTS_PATH,
          customRoutes: [{ path: '/healthz', method: ['GET'], handler: healthz }],
          // Ack goes out as soon as ack() is called; the listener's work continues after it.
          processBeforeResponse: false,
          // Hostile input: see request-guard.ts for what each of these covers.
          bodyLimit: MAX_BODY_BYTES,
          processEventErrorHandler: answerUnroutable,
          unhandledRequestHandler: answerUnhandled,
        })
      : undefined;
  if (receiver) receiver.requestListener = withMounts(options.web, guardSlackRequests(EVENTS_PATH, slack.signingSecret ?? '', receiver.requestListener));
  const app = new App({
    token: slack.botToken,
    ...(receiver ? { receiver } : { socketMode: true, appToken: slack.appToken }),
    clientOptions: slack.apiUrl ? { slackApiUrl: slack.apiUrl } : {},
    logLevel: toBoltLevel(options.logLevel ?? 'info'),
    extendedErrorHandler: true,
  });
  if (receiver) answerUnacknowledged(app);

  const seal = metadataSeal(slack.botToken);
  requireSealedMetadata(app, seal, [FILE_COMPLAINT_VIEW, ACTION_MODAL_VIEW, DECLINE_MODAL_VIEW, ESCALATION_MODAL_VIEW, SURVEY_MODAL_VIEW, REVIEW_CONFIRM_VIEW], options.locale);
  for (const listener of [
    complaintCommand,
    fileComplaintView,
    acceptAction,
    complaintAction,
    approvalActions,
    complaintActionView,
    declineView,
    escalationActions,
    escalationView,
    surveyActions,
    surveyView,
    reviewActions,
    reviewView,
    appHomeOpened,
    openFileModalAction,
    revealContactAction,
    fileFromMessage,
    reactionAdded,
  ]) {
    listener.register(app, { ...options, seal });
  }
  registerErrorHandler(app, options.locale);
  const inFlight = trackInFlight(app);

  // Socket Mode has no HTTP server of its own; health checks still need one.
  let healthServer: Server | undefined;
  let endUnused = () => {};
  return {
    app,
    async start(port, host) {
      if (slack.mode === 'http') {
        const server = (await app.start({ port, host })) as Server;
        endUnused = endUnusedConnections(server);
        return (server.address() as AddressInfo).port;
      }
      await app.start();
      healthServer = createServer(withMounts(options.web, (req, res) => (req.url === '/healthz' ? healthz(req, res) : (res.writeHead(404), res.end()))));
      await new Promise<void>((resolve) => healthServer!.listen(port, host, resolve));
      return (healthServer.address() as AddressInfo).port;
    },
    async stop() {
      // Bolt's stop is the server's close(), which waits for every connection (web/connections.ts).
      const stopped = app.stop();
      endUnused();
      await stopped;
      // Answered is not done: a filing is stored after its ack (views/file-complaint.ts), and a
      // stop that did not wait for it would lose a complaint Slack told the filer was sent.
      await inFlight();
      await new Promise<void>((resolve) => (healthServer ? healthServer.close(() => resolve()) : resolve()));
    },
    settled: inFlight,
  };
}

/**
 * Every request the app is still working on, answered or not: Bolt's receivers (HTTP and Socket
 * Mode) hand each one to `app.processEvent`, whose promise settles once its listeners are done.
 * The returned function resolves once none is left.
 */
function trackInFlight(app: App): () => Promise<void> {
  const inFlight = new Set<Promise<void>>();
  const processEvent = app.processEvent.bind(app);
  app.processEvent = (event) => {
    const done = processEvent(event);
    inFlight.add(done);
    const forget = () => void inFlight.delete(done);
    done.then(forget, forget);
    return done;
  };
  return async () => {
    while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
  };
}

/**
 * Bolt and its WebClient never go below INFO: at DEBUG @slack/web-api logs every request body,
 * and those carry what people typed (a modal prefilled from a message quoting a customer's phone
 * number, a revealed contact). LOG_LEVEL=debug still applies to Pledge's own logs.
 */
function toBoltLevel(level: 'debug' | 'info' | 'warn' | 'error'): LogLevel {
  return { debug: LogLevel.INFO, info: LogLevel.INFO, warn: LogLevel.WARN, error: LogLevel.ERROR }[level];
}
