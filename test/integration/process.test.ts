/**
 * Pledge as a process, the way `npm start` runs it: start-up from the environment and
 * pledge.config.yml, /healthz, graceful shutdown on SIGTERM, and one-line start-up errors.
 * Processes where only a process shows it: a Slack and a WeCom deployment that run and stop on
 * SIGTERM, one that refuses its settings (how a refusal is printed, and the exit code), and one
 * refused after the database opened (WeCom's menu). The other refusals of the settings are read
 * in-process from the same function main.ts reads them with (startupRefusal): a process costs
 * seconds each and would show nothing more about which line it prints.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_CONFIG_YAML } from '../support/pledge-harness';
import { freePort, startMain, PROCESS_TEST_TIMEOUT_MS } from '../support/processes';
import { startSlackStandIn, type SlackStandIn } from '../support/slack-stand-in';
import { urlCheck, WECOM_AES_KEY, WECOM_TOKEN } from '../support/wecom-callbacks';
import { startWeComStandIn, WECOM_AGENT_ID, WECOM_CORP_ID, WECOM_SECRET, type WeComStandIn } from '../support/wecom-stand-in';
import { NO_CHAT_PLATFORM } from '../../src/config/chat-platform';
import { copyEmbeddedTemplate } from '../support/db';
import { scratchDir } from '../support/scratch';
import { startupRefusal } from '../support/startup-in-process';

describe('the pledge process', { timeout: PROCESS_TEST_TIMEOUT_MS }, () => {
  let dir: string;
  let standIn: SlackStandIn;
  let wecomStandIn: WeComStandIn;
  beforeAll(async () => {
    dir = scratchDir('pledge-process-');
    copyEmbeddedTemplate(join(dir, 'data'));
    writeFileSync(join(dir, 'pledge.config.yml'), TEST_CONFIG_YAML);
    standIn = await startSlackStandIn();
    wecomStandIn = await startWeComStandIn();
  });
  /** What a Slack deployment needs at least; the start-up error tests add or break one setting. */
  const SLACK = { SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: 'secret' };
  /** Everything for a process that starts and listens on `port`, on this suite's database and config. */
  const runningEnv = (port: number) => ({
    ...SLACK,
    SLACK_API_URL: standIn.url,
    PORT: String(port),
    PLEDGE_DATA_DIR: join(dir, 'data'),
    PLEDGE_CONFIG: join(dir, 'pledge.config.yml'),
    LOG_LEVEL: 'error',
  });
  /** What a WeCom deployment needs: the self-built app's five settings, and no SLACK_* at all. */
  const WECOM = {
    WECOM_CORP_ID: WECOM_CORP_ID,
    WECOM_AGENT_ID: String(WECOM_AGENT_ID),
    WECOM_SECRET: WECOM_SECRET,
    WECOM_TOKEN: WECOM_TOKEN,
    WECOM_ENCODING_AES_KEY: WECOM_AES_KEY,
  };
  /** A WeCom process that starts and listens on `port`, against the stand-in of WeCom's API. */
  const weComRunningEnv = (port: number) => {
    const { SLACK_BOT_TOKEN: _token, SLACK_SIGNING_SECRET: _secret, SLACK_API_URL: _api, ...rest } = runningEnv(port);
    return { ...rest, ...WECOM, WECOM_API_URL: wecomStandIn.url };
  };
  afterAll(async () => {
    await standIn.close();
    await wecomStandIn.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts on the embedded database, answers /healthz, and shuts down cleanly on SIGTERM', async () => {
    const port = await freePort();
    const p = startMain(runningEnv(port));
    await p.waitFor(/listening on port/);
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
    expect(p.output()).toMatch(/SIGTERM received/);
  });

  it('stops with one line naming the bad setting', async () => {
    const output = await startupRefusal({ ...SLACK, PORT: 'eighty' });
    expect(output.trim()).toBe('PORT must be a whole number from 1 to 65535 (got "eighty").');
  });

  it('stops with one line per bad or missing WeCom setting once any WECOM_* is set', async () => {
    // The refusal that runs as a process: main.ts prints a refusal's lines and nothing else, and exits 1.
    const p = startMain({ WECOM_CORP_ID: WECOM_CORP_ID, WECOM_AGENT_ID: 'abc', WECOM_SECRET: WECOM_SECRET });
    expect(await p.exited).toBe(1);
    const lines = p.output().trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe('WECOM_AGENT_ID must be the app\'s AgentId, a whole number such as 1000002 (got "abc").');
    expect(lines[1]).toMatch(/^WECOM_TOKEN is not set\./);
    expect(lines[2]).toMatch(/^WECOM_ENCODING_AES_KEY is not set\./);
    expect(p.output()).not.toContain(WECOM_SECRET);
  });

  it('runs on WeCom with only WECOM_* set: /healthz, the callback URL check, a clean SIGTERM', async () => {
    const port = await freePort();
    const env = weComRunningEnv(port);
    expect(Object.keys(env).filter((name) => name.startsWith('SLACK_'))).toEqual([]);
    const p = startMain(env);
    await p.waitFor(/listening on port \d+ for WeCom: callbacks at \/wecom\/callback/);
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.text()).toBe('ok\n');
    const res = await urlCheck(`http://127.0.0.1:${port}`, '5927217183093', { timestamp: Math.floor(Date.now() / 1000), receiverId: WECOM_CORP_ID });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('5927217183093');
    // No Slack endpoint: Slack's path is not served at all on a WeCom deployment.
    expect((await fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST', body: '{}' })).status).toBe(404);
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
    expect(p.output()).toMatch(/SIGTERM received/);
    expect(p.output()).not.toMatch(/Slack|SLACK_/);
    expect(p.output()).not.toContain(WECOM_SECRET);
  });

  it('on WeCom, stops with one line naming a group robot\'s variable that is not set', async () => {
    const withRobot = join(dir, 'robot.yml');
    writeFileSync(withRobot, TEST_CONFIG_YAML.replace('channel: CBILLING', 'channel: robot:WECOM_ROBOT_BILLING'));
    const output = await startupRefusal({ ...weComRunningEnv(await freePort()), PLEDGE_CONFIG: withRobot });
    expect(output.trim()).toMatch(/^WECOM_ROBOT_BILLING is not set: group "billing" sends to robot:WECOM_ROBOT_BILLING \(its channel in pledge\.config\.yml\)\. Set it to [^\n]+$/);
  });

  it('on WeCom, stops with one line when WeCom refuses the app\'s menu, having served nothing', async () => {
    wecomStandIn.failNext('menu/create', 60020, 'not allow to access from your ip');
    const port = await freePort();
    const p = startMain({ ...weComRunningEnv(port), PLEDGE_PUBLIC_URL: 'https://pledge.example.cn/' });
    expect(await p.exited).toBe(1);
    const lines = p.output().trim().split('\n');
    expect(lines.filter((l) => l.includes('menu'))).toEqual([expect.stringMatching(/^WeCom refused the app's menu \(menu\/create\): errcode 60020 not allow to access from your ip\. .*WECOM_MENU=off/)]);
    expect(lines.at(-1)).toMatch(/^WeCom refused the app's menu/);
    expect(p.output()).not.toMatch(/listening on port/);
    expect(p.output()).not.toContain(WECOM_SECRET);
  });

  it('on WeCom, resolves people written as e-mails among WeCom\'s members, and names one nobody has in WeCom\'s words', async () => {
    wecomStandIn.emails.set('li.wei@example.com', { userid: 'zhangsan', type: 1 });
    const withEmails = join(dir, 'wecom-emails.yml');
    writeFileSync(withEmails, TEST_CONFIG_YAML.replace('leader: ULEAD2', 'leader: li.wei@example.com').replace('[USRV1]', '[nobody@example.com]'));
    const output = await startupRefusal({ ...weComRunningEnv(await freePort()), PLEDGE_CONFIG: withEmails });
    expect(output.trim()).toBe(
      'groups[1].members[0]: no WeCom member with e-mail nobody@example.com (user/get_userid_by_email found nobody with it as 企业邮箱 or 个人邮箱, and no member has it as UserID)',
    );
    const asked = wecomStandIn.calls('user/get_userid_by_email').map((c) => c.body);
    expect(asked).toContainEqual({ email: 'li.wei@example.com', email_type: 1 });
    expect(asked).toContainEqual({ email: 'nobody@example.com', email_type: 2 });
  });

  it('stops with one line naming both platforms when SLACK_* and WECOM_* are both set', async () => {
    const output = await startupRefusal({ ...SLACK, ...WECOM });
    expect(output.trim()).toBe(
      'Both Slack (SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET) and WeCom (WECOM_*) are set up: one deployment runs on one chat platform, so unset the settings of the one this deployment does not use.',
    );
  });

  it('stops with one line when no chat platform is set up', async () => {
    const output = await startupRefusal({ PORT: '3000' });
    expect(output.trim()).toBe(NO_CHAT_PLATFORM);
  });

  it('names the bad field of pledge.config.yml by its path', async () => {
    const bad = join(dir, 'bad.yml');
    writeFileSync(bad, TEST_CONFIG_YAML.replace('leader: ULEAD2', 'leader: bob'));
    const output = await startupRefusal({ ...SLACK, PLEDGE_CONFIG: bad });
    expect(output).toMatch(/groups\[1\]\.leader: expected a Slack user id/);
  });

  it('resolves people written as e-mails with users.lookupByEmail, and names one nobody has', async () => {
    standIn.users.set('li.wei@example.com', 'ULIWEI1');
    const withEmails = join(dir, 'emails.yml');
    writeFileSync(withEmails, TEST_CONFIG_YAML.replace('leader: ULEAD2', 'leader: li.wei@example.com').replace('[USRV1]', '[nobody@example.com]'));
    const output = await startupRefusal({
      ...SLACK,
      SLACK_API_URL: standIn.url,
      PLEDGE_CONFIG: withEmails,
      PLEDGE_DATA_DIR: join(dir, 'data'),
    });
    expect(output).toMatch(/groups\[1\]\.members\[0\]: no Slack user with e-mail nobody@example.com/);
    expect(output).not.toMatch(/li\.wei/);
    const lookups = standIn.callsTo('users.lookupByEmail').map((c) => c.args.email);
    expect(lookups.sort()).toEqual(['li.wei@example.com', 'nobody@example.com']);
  });
});
