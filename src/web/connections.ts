/**
 * Node's server.close() waits for every open connection to end. It closes the idle keep-alive
 * ones itself, but not a connection that has not sent a request yet: a browser's or a proxy's
 * spare, or the one a client opens after cutting another. Its client may hold it as long as it
 * likes, and a stop (SIGTERM, a deploy) waited for it: over ten minutes in web-server-stop.test,
 * where Node's own timeouts never ended it.
 */
import type { Server } from 'node:http';
import type { Socket } from 'node:net';

/**
 * Follows `server`'s connections; the function returned, called once close() has been, ends
 * those with no request under way now and each other one once its last answer is out.
 */
export function endUnusedConnections(server: Server): () => void {
  const requests = new Map<Socket, number>(); // requests under way on each open connection
  let closing = false;
  server.on('connection', (socket: Socket) => {
    requests.set(socket, 0);
    socket.once('close', () => requests.delete(socket));
  });
  server.on('request', (req, res) => {
    const socket = req.socket;
    if (!requests.has(socket)) return;
    requests.set(socket, requests.get(socket)! + 1);
    res.once('close', () => {
      if (!requests.has(socket)) return;
      const left = requests.get(socket)! - 1;
      requests.set(socket, left);
      if (closing && left === 0) end(socket);
    });
  });
  return () => {
    closing = true;
    for (const [socket, left] of requests) if (left === 0) end(socket);
  };
}

/** Once what was written to it has gone out (the last answer), not before. */
const end = (socket: Socket) => socket.end(() => socket.destroy());
