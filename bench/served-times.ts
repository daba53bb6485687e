/**
 * How long each request spent in the app's own process: from Node's HTTP server having read its
 * head to its answer's last byte handed to the socket. Read through node:diagnostics_channel, so
 * the app is not touched. Beside the bench client's timing of the same requests it tells what
 * the app spends of an answer's time and what the client's side does (opening the connection,
 * sending, reading the answer, on the same cores as the app).
 */
import { subscribe } from 'node:diagnostics_channel';
import type { IncomingMessage } from 'node:http';
import { performance } from 'node:perf_hooks';

export interface ServedTimes {
  /** The times (ms) of the requests answered since the last take. */
  take(): number[];
}

export function watchServed(pathPrefix: string): ServedTimes {
  const started = new WeakMap<IncomingMessage, number>();
  const served: number[] = [];
  subscribe('http.server.request.start', (message) => {
    const { request } = message as { request: IncomingMessage };
    if (request.url?.startsWith(pathPrefix)) started.set(request, performance.now());
  });
  subscribe('http.server.response.finish', (message) => {
    const at = started.get((message as { request: IncomingMessage }).request);
    if (at !== undefined) served.push(performance.now() - at);
  });
  return { take: () => served.splice(0) };
}
