/**
 * Pledge's own HTTP server, for a deployment whose chat platform has no server of its own to
 * mount on (WeCom; Slack in Socket Mode): GET /healthz, and the mounted routes (the pages, the
 * public form, WeCom's callback), each taking the paths under its prefix. On Slack over HTTP the
 * Bolt app's server mounts the same routes (slack/app.ts), so every platform serves them alike.
 */
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { endUnusedConnections } from './connections';

export interface Mount {
  prefix: string;
  handle: RequestListener;
}

export const HEALTH_PATH = '/healthz';

/** 200 while the database answers, 503 when it does not: what a load balancer or Kubernetes asks. */
export function healthz(ping: () => Promise<boolean>): (req: IncomingMessage, res: ServerResponse) => void {
  return (_req, res) => {
    ping().then(
      (ok) => answer(res, ok),
      () => answer(res, false),
    );
  };
}

function answer(res: ServerResponse, ok: boolean): void {
  res.writeHead(ok ? 200 : 503, { 'content-type': 'text/plain' });
  res.end(ok ? 'ok\n' : 'database unavailable\n');
}

/**
 * Requests under a mount's prefix go to it, before `next`: a platform's own routing (Bolt's)
 * would log an unmatched URL, and the pages' URLs carry the complainant's token.
 */
export function withMounts(mounts: Mount[] | undefined, next: RequestListener): RequestListener {
  if (!mounts?.length) return next;
  return (req, res) => {
    const mount = mounts.find((m) => (req.url ?? '').startsWith(m.prefix));
    return mount ? mount.handle(req, res) : next(req, res);
  };
}

export interface WebServer {
  /** Starts listening; returns the port actually bound (useful with port 0). */
  start(port: number, host?: string): Promise<number>;
  /** Stops taking connections and resolves once the requests in flight have been answered. */
  stop(): Promise<void>;
}

export function createWebServer(options: { ping(): Promise<boolean>; mounts?: Mount[] }): WebServer {
  const health = healthz(options.ping);
  const listener = withMounts(options.mounts, (req, res) => {
    if ((req.url ?? '').split('?')[0] === HEALTH_PATH && (req.method === 'GET' || req.method === 'HEAD')) return health(req, res);
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
  });
  let server: Server | undefined;
  let endUnused = () => {};
  return {
    async start(port, host) {
      const started = createServer(listener);
      endUnused = endUnusedConnections(started);
      await new Promise<void>((resolve, reject) => {
        started.once('error', reject);
        started.listen(port, host, () => {
          started.off('error', reject);
          resolve();
        });
      });
      server = started;
      return (started.address() as AddressInfo).port;
    },
    async stop() {
      const stopping = server;
      server = undefined;
      if (!stopping) return;
      // close() waits for open requests to be answered, and for connections nobody uses (connections.ts).
      const closed = new Promise<void>((resolve) => stopping.close(() => resolve()));
      endUnused();
      await closed;
    },
  };
}
