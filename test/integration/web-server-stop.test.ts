/**
 * Pledge's own HTTP server (WeCom; Slack in Socket Mode) stops without waiting for connections
 * nobody is using, and still answers what is under way (web/connections.ts). The Slack app's
 * server is checked in http.test.ts.
 */
import { expect, it } from 'vitest';
import { createWebServer, type Mount } from '../../src/web/http-server';
import { spareConnection } from '../support/spare-connection';

it('ends a connection that sent no request at stop, without an answer', async () => {
  const server = createWebServer({ ping: async () => true });
  const baseUrl = `http://127.0.0.1:${await server.start(0, '127.0.0.1')}`;
  expect((await fetch(`${baseUrl}/healthz`)).status).toBe(200); // and a used keep-alive one
  const spare = await spareConnection(baseUrl);
  await server.stop();
  expect(await spare.closed).toBe('');
});

it('answers a request under way at stop in full, then stops', async () => {
  let answer!: () => void;
  let arrived!: () => void;
  const underWay = new Promise<void>((resolve) => (arrived = resolve));
  const slow: Mount = {
    prefix: '/slow',
    handle: (_req, res) => {
      answer = () => res.end('all of it');
      arrived();
    },
  };
  const server = createWebServer({ ping: async () => true, mounts: [slow] });
  const baseUrl = `http://127.0.0.1:${await server.start(0, '127.0.0.1')}`;
  const response = fetch(`${baseUrl}/slow`);
  await underWay;
  const stopped = server.stop();
  answer();
  expect(await (await response).text()).toBe('all of it');
  await stopped;
});
