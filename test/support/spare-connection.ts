/**
 * A connection that sends no request, as a browser or a proxy keeps spares (and undici opens
 * one after a request it cut): what the server sent on it by the time it closed.
 */
import { once } from 'node:events';
import { connect } from 'node:net';

export async function spareConnection(baseUrl: string): Promise<{ closed: Promise<string> }> {
  const url = new URL(baseUrl);
  const socket = connect(Number(url.port), url.hostname);
  await once(socket, 'connect');
  let received = '';
  socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
  socket.on('error', () => {}); // a reset is a close too
  return { closed: new Promise((resolve) => socket.once('close', () => resolve(received))) };
}
