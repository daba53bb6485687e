/**
 * The app's menu (自定义菜单, issue 14 point 5): a Pledge on WeCom sets it at start-up with
 * menu/create, 登记投诉 and 我的投诉 as `view` items that open the filing form and 我的投诉
 * through WeCom's OAuth, in the team's language. menu/create replaces the whole menu, so each
 * start sets the same one. A refusal stops start-up with one line; WECOM_MENU=off leaves the
 * menu to the admin console, and without PLEDGE_PUBLIC_URL there are no pages to link to.
 */
import { afterEach, expect, it } from 'vitest';
import { FixedClock } from '../../src/clock';
import { ConfigError } from '../../src/config';
import type { WeComEnv } from '../../src/config/wecom-env';
import { createPledge, type Pledge } from '../../src/pledge';
import { describeEachDb } from '../support/db';
import { WECOM_AES_KEY, WECOM_TOKEN } from '../support/wecom-callbacks';
import { PUBLIC_URL, weComOneGroupConfig } from '../support/wecom-pledge';
import { startWeComStandIn, WECOM_AGENT_ID, WECOM_CORP_ID, WECOM_SECRET, type WeComStandIn } from '../support/wecom-stand-in';

describeEachDb('the WeCom app menu', (getDb) => {
  let standIn: WeComStandIn | undefined;
  const started: Pledge[] = [];
  afterEach(async () => {
    for (const p of started.splice(0)) await p.stop();
    await standIn?.close();
    standIn = undefined;
  });

  async function pledgeOn(over: { env?: Partial<WeComEnv>; publicUrl?: URL | null; log?: string[] } = {}) {
    standIn ??= await startWeComStandIn({ members: ['zhangsan', 'lisi', 'wangwu'] });
    const config = await weComOneGroupConfig();
    const env: WeComEnv = { corpId: WECOM_CORP_ID, agentId: WECOM_AGENT_ID, secret: WECOM_SECRET, token: WECOM_TOKEN, encodingAesKey: WECOM_AES_KEY, apiUrl: standIn.url, ...over.env };
    const publicUrl = over.publicUrl === null ? undefined : (over.publicUrl ?? PUBLIC_URL);
    return createPledge({
      wecom: { env },
      config,
      db: getDb(),
      clock: new FixedClock(new Date('2026-11-30T02:00:00Z')),
      ...(publicUrl && { publicUrl }),
      log: (_level, message) => over.log?.push(message),
      outboxIntervalMs: 3_600_000,
      schedules: false,
    });
  }
  async function start(p: Pledge) {
    const port = await p.start(0, '127.0.0.1');
    started.push(p);
    return port;
  }
  /** Where a view item leads: WeCom's authorize page, back to one of Pledge's pages. */
  const opens = (url: string) => {
    const link = new URL(url);
    expect(`${link.origin}${link.pathname}`).toBe('https://open.weixin.qq.com/connect/oauth2/authorize');
    expect(link.searchParams.get('appid')).toBe(WECOM_CORP_ID);
    expect(link.searchParams.get('agentid')).toBe(String(WECOM_AGENT_ID));
    expect(link.searchParams.get('scope')).toBe('snsapi_base');
    return link.searchParams.get('redirect_uri');
  };

  it('sets 登记投诉 and 我的投诉 as view items opening their pages, and the same menu again at the next start', async () => {
    await start(await pledgeOn());
    const menu = standIn!.menu(WECOM_AGENT_ID) as { button: { type: string; name: string; url: string }[] };
    expect(menu.button.map((b) => [b.type, b.name, opens(b.url)])).toEqual([
      ['view', '登记投诉', 'https://pledge.example.cn/wecom/app/file'],
      ['view', '我的投诉', 'https://pledge.example.cn/wecom/app/mine'],
    ]);
    expect(standIn!.calls('menu/create').map((c) => [c.query.agentid, c.errcode])).toEqual([[String(WECOM_AGENT_ID), 0]]);

    await start(await pledgeOn());
    expect(standIn!.calls('menu/create')).toHaveLength(2);
    expect(standIn!.menu(WECOM_AGENT_ID)).toEqual(menu);
  });

  it('stops start-up with one line when WeCom refuses the menu, before it serves anything', async () => {
    standIn = await startWeComStandIn({ members: ['zhangsan', 'lisi', 'wangwu'] });
    standIn.failNext('menu/create', 60020, 'not allow to access from your ip');
    const p = await pledgeOn();
    const refused = await p.start(0, '127.0.0.1').then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(ConfigError);
    const { problems } = refused as ConfigError;
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^WeCom refused the app's menu \(menu\/create\): errcode 60020 not allow to access from your ip\. .*WECOM_MENU=off/);
    expect(standIn.menu(WECOM_AGENT_ID)).toBeUndefined();
    // Nothing half-started: stopping it is a no-op, and a later start with the menu accepted works.
    await p.stop();
    await start(await pledgeOn());
    expect(standIn.menu(WECOM_AGENT_ID)).toBeDefined();
  });

  it('leaves the menu alone with WECOM_MENU=off, and without PLEDGE_PUBLIC_URL (nothing to link to), saying why', async () => {
    await start(await pledgeOn({ env: { menu: false } }));
    const log: string[] = [];
    await start(await pledgeOn({ publicUrl: null, log }));
    expect(standIn!.calls('menu/create')).toEqual([]);
    expect(log.filter((l) => l.includes('menu'))).toEqual([expect.stringContaining('PLEDGE_PUBLIC_URL')]);
  });
});
