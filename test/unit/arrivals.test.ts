/**
 * web/arrivals.ts: connections a server accepted that have sent no request yet count as
 * requests on their way, until they send one, close, or have been silent for `forMs`.
 */
import { createServer, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Arrivals } from '../../src/web/arrivals';

const LONG_MS = 600_000;

describe('Arrivals', () => {
  let server: Server;
  let port: number;
  let clock: number;
  let arrivals: Arrivals;
  const sockets: Socket[] = [];

  beforeEach(async () => {
    clock = 0;
    arrivals = new Arrivals(100, () => clock);
    server = createServer((req, res) => {
      arrivals.watch(req);
      res.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
    // The first request tells it which server to watch.
    expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe('ok');
  });

  afterEach(async () => {
    for (const s of sockets.splice(0)) s.destroy();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const open = () =>
    new Promise<Socket>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => resolve(socket)).on('error', reject);
      sockets.push(socket);
    });
  const send = (socket: Socket) => socket.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
  const waitFor = (assertion: () => void) => vi.waitFor(assertion, { timeout: LONG_MS, interval: 2 });

  it('counts a connection as a request on its way until it sends one', async () => {
    expect(arrivals.coming()).toBe(false);
    const socket = await open();
    await waitFor(() => expect(arrivals.coming()).toBe(true));
    send(socket);
    await waitFor(() => expect(arrivals.coming()).toBe(false));
  });

  it('stops counting a connection that closes, or stays silent past forMs', async () => {
    const closing = await open();
    await waitFor(() => expect(arrivals.coming()).toBe(true));
    closing.destroy();
    await waitFor(() => expect(arrivals.coming()).toBe(false));

    await open();
    await waitFor(() => expect(arrivals.coming()).toBe(true));
    clock += 101;
    expect(arrivals.coming()).toBe(false);
  });
});
