/**
 * Pledge as a process, the way `npm start` runs it: start-up from the environment and
 * pledge.config.yml, /healthz, graceful shutdown on SIGTERM, and one-line start-up errors.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { TEST_CONFIG_YAML } from '../support/pledge-harness';
import { freePort, startMain, PROCESS_TEST_TIMEOUT_MS } from '../support/processes';
import { startSlackStandIn, type SlackStandIn } from '../support/slack-stand-in';

describe('the pledge process', { timeout: PROCESS_TEST_TIMEOUT_MS }, () => {
  let dir: string;
  let standIn: SlackStandIn;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pledge-process-'));
    cpSync(inject('embeddedTemplate'), join(dir, 'data'), { recursive: true });
    writeFileSync(join(dir, 'pledge.config.yml'), TEST_CONFIG_YAML);
    standIn = await startSlackStandIn();
  });
  afterAll(async () => {
    await standIn.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts on the embedded database, answers /healthz, and shuts down cleanly on SIGTERM', async () => {
    const port = await freePort();
    const p = startMain({
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_SIGNING_SECRET: 'secret',
      SLACK_API_URL: standIn.url,
      PORT: String(port),
      PLEDGE_DATA_DIR: join(dir, 'data'),
      PLEDGE_CONFIG: join(dir, 'pledge.config.yml'),
      LOG_LEVEL: 'error',
    });
    await p.waitFor(/listening on port/);
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
    expect(p.output()).toMatch(/SIGTERM received/);
  });

  it('stops with one line naming the bad setting', async () => {
    const p = startMain({ SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: 'secret', PORT: 'eighty' });
    expect(await p.exited).toBe(1);
    expect(p.output().trim()).toBe('PORT must be a whole number from 1 to 65535 (got "eighty").');
  });

  it('names the bad field of pledge.config.yml by its path', async () => {
    const bad = join(dir, 'bad.yml');
    writeFileSync(bad, TEST_CONFIG_YAML.replace('leader: ULEAD2', 'leader: bob'));
    const p = startMain({ SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: 'secret', PLEDGE_CONFIG: bad });
    expect(await p.exited).toBe(1);
    expect(p.output()).toMatch(/groups\[1\]\.leader: expected a Slack user id/);
  });

  it('resolves people written as e-mails with users.lookupByEmail, and names one nobody has', async () => {
    standIn.users.set('li.wei@example.com', 'ULIWEI1');
    const withEmails = join(dir, 'emails.yml');
    writeFileSync(withEmails, TEST_CONFIG_YAML.replace('leader: ULEAD2', 'leader: li.wei@example.com').replace('[USRV1]', '[nobody@example.com]'));
    const p = startMain({
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_SIGNING_SECRET: 'secret',
      SLACK_API_URL: standIn.url,
      PLEDGE_CONFIG: withEmails,
      PLEDGE_DATA_DIR: join(dir, 'data'),
    });
    expect(await p.exited).toBe(1);
    expect(p.output()).toMatch(/groups\[1\]\.members\[0\]: no Slack user with e-mail nobody@example.com/);
    expect(p.output()).not.toMatch(/li\.wei/);
    const lookups = standIn.callsTo('users.lookupByEmail').map((c) => c.args.email);
    expect(lookups.sort()).toEqual(['li.wei@example.com', 'nobody@example.com']);
  });
});
