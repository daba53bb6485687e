/**
 * Start-up with and without a data key (src/crypto/load-keyring.ts). The start that runs is a
 * real process; the refusals are read in-process from the settings main.ts reads
 * (startupRefusal), since process.test.ts shows how a refusal is printed and a process costs seconds.
 */
import { existsSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEV_KEY_FILE } from '../../src/crypto/load-keyring';
import { TEST_CONFIG_YAML } from '../support/pledge-harness';
import { freePort, startMain, PROCESS_TEST_TIMEOUT_MS } from '../support/processes';
import { startSlackStandIn, type SlackStandIn } from '../support/slack-stand-in';
import { copyEmbeddedTemplate } from '../support/db';
import { scratchDir } from '../support/scratch';
import { startupRefusal } from '../support/startup-in-process';

describe('start-up and the data key', { timeout: PROCESS_TEST_TIMEOUT_MS }, () => {
  let dir: string;
  let standIn: SlackStandIn;
  let base: Record<string, string>;
  beforeAll(async () => {
    dir = scratchDir('pledge-key-startup-');
    writeFileSync(join(dir, 'pledge.config.yml'), TEST_CONFIG_YAML);
    standIn = await startSlackStandIn();
    base = { SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: 'secret', SLACK_API_URL: standIn.url, PLEDGE_CONFIG: join(dir, 'pledge.config.yml') };
  });
  afterAll(async () => {
    await standIn.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a PostgreSQL server without PLEDGE_DATA_KEY, in one line, before connecting', async () => {
    // Nothing listens there: the refusal must come before any connection attempt.
    const output = await startupRefusal({ ...base, DATABASE_URL: `postgresql://pledge:pw@127.0.0.1:${await freePort()}/pledge` });
    expect(output.trim()).toMatch(/^PLEDGE_DATA_KEY is not set\. With a PostgreSQL server [^\n]*SECURITY\.md\)\.$/);
  });

  it('refuses a malformed key in one line that does not repeat it', async () => {
    const output = await startupRefusal({ ...base, PLEDGE_DATA_KEY: 'hunter2hunter2' });
    expect(output.trim()).toBe(
      'PLEDGE_DATA_KEY must be 32 random bytes written as base64 (44 characters) or as 64 hex characters; generate one with `openssl rand -base64 32` (got 14 characters).',
    );
  });

  it('on the embedded database without a key: generates one beside the data, warns, and runs', async () => {
    const dataDir = join(dir, 'data');
    copyEmbeddedTemplate(dataDir);
    const p = startMain({ ...base, PLEDGE_DATA_DIR: dataDir, PORT: String(await freePort()), LOG_LEVEL: 'error' });
    await p.waitFor(/listening on port/);
    expect(p.output()).toMatch(/WARNING: PLEDGE_DATA_KEY is not set\. .*anyone with a copy of .* can read them/);
    const file = join(dataDir, DEV_KEY_FILE);
    expect(existsSync(file)).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
  });
});
