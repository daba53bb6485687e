/**
 * The yardstick for the complainant's page: a bare Node HTTP server that answers every GET with
 * one fixed page, the same bytes and headers Pledge's page had, in a process of its own like
 * Pledge's. No database, no rendering: what is left is what serving 50 requests at once costs
 * on this machine at this moment, so on a busy machine the page's figures read against it.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StaticPage {
  start(port: number, host?: string): Promise<number>;
  stop(): Promise<void>;
}

export function createStaticPage(body: string, headers: Record<string, string>): StaticPage {
  const bytes = Buffer.from(body, 'utf8');
  let server: Server | undefined;
  return {
    start(port, host) {
      server = createServer((req, res) => {
        res.writeHead(200, headers);
        res.end(bytes);
      });
      return new Promise((resolve) => server!.listen(port, host, () => resolve((server!.address() as AddressInfo).port)));
    },
    stop() {
      return new Promise((resolve) => (server ? server.close(() => resolve()) : resolve()));
    },
  };
}
