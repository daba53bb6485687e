/**
 * Connections a server has accepted that have not sent a request yet: requests on their way.
 * WeCom opens a connection per callback, so a burst of callbacks shows here as connections a
 * few milliseconds before it shows as requests; the callback route waits that long, at most,
 * to write the burst in one statement (db/batched-write.ts) instead of one row at a time.
 *
 * A connection counts for `forMs` after it was accepted: one that stays silent (a client that
 * connects ahead of need, a port check) stops counting then, and one that already sent a
 * request (kept alive for the next) never counts.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Socket } from 'node:net';

export class Arrivals {
  private readonly silent = new Map<Socket, number>();
  private readonly watched = new WeakSet<Server>();

  constructor(
    private readonly forMs = 100,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /**
   * Watches the server `req` came through, from now on: its new connections, and its requests.
   * The route learns its server from its first request (it is mounted on Pledge's own server,
   * or Bolt's), so the connections of the very first burst go unseen.
   */
  watch(req: IncomingMessage): void {
    // Node sets `server` on each socket its net.Server accepts.
    const server = (req.socket as Socket & { server?: Server }).server;
    this.silent.delete(req.socket);
    if (!server || this.watched.has(server)) return;
    this.watched.add(server);
    server.on('connection', (socket: Socket) => {
      this.silent.set(socket, this.now());
      socket.once('close', () => this.silent.delete(socket));
    });
    server.on('request', (request: IncomingMessage) => this.silent.delete(request.socket));
  }

  /** Whether a connection accepted within the last `forMs` has not sent a request yet. */
  coming(): boolean {
    const now = this.now();
    for (const [socket, at] of this.silent) {
      if (now - at <= this.forMs) return true;
      this.silent.delete(socket);
    }
    return false;
  }
}
