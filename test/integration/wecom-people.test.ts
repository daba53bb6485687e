/**
 * People written as e-mail addresses in pledge.config.yml on a WeCom deployment, found through
 * the stand-in of WeCom's API: an address-shaped UserID is a member (user/get) without any
 * get_userid_by_email; a work address (企业邮箱) and a personal one (个人邮箱) find their member;
 * one nobody has is named with its path and WeCom's words, never Slack's; another error names
 * the address and what WeCom said.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FixedClock } from '../../src/clock';
import { ConfigError, loadPledgeConfig, resolvePeople } from '../../src/config';
import { WeComApi } from '../../src/wecom/api-client';
import { wecomIds } from '../../src/wecom/chat-ids';
import { weComMemberLookup } from '../../src/wecom/member-lookup';
import { startWeComStandIn, WECOM_CORP_ID, WECOM_SECRET, type WeComStandIn } from '../support/wecom-stand-in';

const yaml = (leader: string, members: string[]) => `
groups:
  - id: billing
    name: Billing
    leader: ${leader}
    members: [${members.join(', ')}]
    channel: wrbilling01
    categories: [billing]
`;

describe('people by e-mail on WeCom', () => {
  let standIn: WeComStandIn;
  let lookup: ReturnType<typeof weComMemberLookup>;

  beforeEach(async () => {
    const clock = new FixedClock(new Date('2026-11-30T02:00:00Z'));
    standIn = await startWeComStandIn({ members: ['zhangsan', 'LiWei', 'wangwu', 'chen.jie@corp.example'], now: () => clock.now() });
    standIn.emails.set('li.wei@corp.example', { userid: 'LiWei', type: 1 });
    standIn.emails.set('wangwu@qq.example', { userid: 'wangwu', type: 2 });
    lookup = weComMemberLookup(new WeComApi({ corpId: WECOM_CORP_ID, secret: WECOM_SECRET, apiUrl: standIn.url, clock }));
  });
  afterEach(() => standIn.close());

  const emailCalls = () => standIn.calls('user/get_userid_by_email').map((c) => c.body);

  it('resolves work and personal addresses, and an address-shaped UserID, to members', async () => {
    const config = await resolvePeople(loadPledgeConfig(yaml('li.wei@corp.example', ['wangwu@qq.example', 'Chen.Jie@corp.example', 'zhangsan']), 'pledge.config.yml', wecomIds), lookup, wecomIds);
    expect(config.groups[0]).toMatchObject({ leader: 'LiWei', members: ['wangwu', 'chen.jie@corp.example', 'zhangsan'] });
    // The UserID was found as one (no e-mail asked for it); the personal address after the work one.
    expect(emailCalls()).toEqual([
      { email: 'li.wei@corp.example', email_type: 1 },
      { email: 'wangwu@qq.example', email_type: 1 },
      { email: 'wangwu@qq.example', email_type: 2 },
    ]);
    expect(standIn.calls('user/get').map((c) => c.query.userid).sort()).toEqual(['chen.jie@corp.example', 'li.wei@corp.example', 'wangwu@qq.example']);
  });

  it('names an address no member has, with its path and in WeCom\'s words', async () => {
    const run = resolvePeople(loadPledgeConfig(yaml('zhangsan', ['nobody@corp.example']), 'pledge.config.yml', wecomIds), lookup, wecomIds);
    await expect(run).rejects.toBeInstanceOf(ConfigError);
    const problems = await run.then(() => [] as readonly string[], (e: ConfigError) => e.problems);
    expect(problems).toEqual([
      'groups[0].members[0]: no WeCom member with e-mail nobody@corp.example (user/get_userid_by_email found nobody with it as 企业邮箱 or 个人邮箱, and no member has it as UserID)',
    ]);
    expect(problems.join('\n')).not.toMatch(/Slack/);
  });

  it('names the address and what WeCom said when asking fails (the app may not see that member)', async () => {
    standIn.failNext('user/get_userid_by_email', 60011, 'no privilege to access/modify contact/party/agent');
    const run = resolvePeople(loadPledgeConfig(yaml('zhangsan', ['li.wei@corp.example']), 'pledge.config.yml', wecomIds), lookup, wecomIds);
    const problems = await run.then(() => [] as readonly string[], (e: ConfigError) => e.problems);
    expect(problems).toEqual([
      'groups[0].members[0]: could not look up li.wei@corp.example: user/get_userid_by_email: errcode 60011 no privilege to access/modify contact/party/agent',
    ]);
  });
});
