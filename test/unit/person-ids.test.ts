import { describe, expect, it } from 'vitest';
import { configProblems as problems } from '../support/config-problems';
import { loadPledgeConfig } from '../../src/config';
import { shownParams } from '../../src/services/complaint-history';
import { slackIds } from '../../src/slack/chat-ids';
import { wecomIds } from '../../src/wecom/chat-ids';

const config = (leader: string, channel: string, members: string[]) => `
groups:
  - id: billing
    name: Billing
    leader: ${leader}
    members: [${members.join(', ')}]
    channel: ${channel}
    categories: [billing]
`;

describe("each chat platform's ids", () => {
  it('Slack takes U… and W… user ids and C…/G… channels, nothing else', () => {
    expect(['U0LEAD', 'W0GRID'].map(slackIds.isPersonId)).toEqual([true, true]);
    expect(['zhangsan', 'u0lead', 'U', 'C0CHAN'].map(slackIds.isPersonId)).toEqual([false, false, false, false]);
    expect(['C0CHAN', 'G0PRIV', 'wrbilling'].map(slackIds.isChannelId)).toEqual([true, true, false]);
  });

  it("WeCom takes a member's UserID (letters, digits, _-@.; first a letter or digit, at most 64) and a group chat id", () => {
    expect(['zhangsan', 'ZhangSan', 'li.si@corp', 'wang_wu-2', '1001', 'U0LEAD'].map(wecomIds.isPersonId)).toEqual([true, true, true, true, true, true]);
    expect(['', '_lead', 'has space', '张三', 'a'.repeat(65)].map(wecomIds.isPersonId)).toEqual([false, false, false, false, false]);
    expect(['wrbilling01', 'a'.repeat(32), 'a'.repeat(33), 'wr-billing'].map(wecomIds.isChannelId)).toEqual([true, true, false, false]);
  });

  it('pledge.config.yml takes the chosen platform\'s ids and names them when it refuses one', () => {
    const wecom = loadPledgeConfig(config('zhangsan', 'wrbilling01', ['lisi', 'wang.wu']), 'pledge.config.yml', wecomIds);
    expect(wecom.groups[0]).toMatchObject({ leader: { kind: 'id', id: 'zhangsan' }, members: [{ kind: 'id', id: 'lisi' }, { kind: 'id', id: 'wang.wu' }], channel: 'wrbilling01' });
    expect(problems(() => loadPledgeConfig(config('zhangsan', 'wrbilling01', ['lisi'])))).toEqual([
      'pledge.config.yml: groups[0].leader: expected a Slack user id (U…) or an e-mail address, got "zhangsan" (line 5)',
      'pledge.config.yml: groups[0].members[0]: expected a Slack user id (U…) or an e-mail address, got "lisi" (line 6)',
      `pledge.config.yml: groups[0].channel: expected a Slack channel id (C… or G…; in Slack, open the channel's details to copy it), got "wrbilling01" (line 7)`,
    ]);
    expect(problems(() => loadPledgeConfig(config('张三', 'wr-billing', ['lisi']), 'pledge.config.yml', wecomIds))).toEqual([
      `pledge.config.yml: groups[0].leader: expected a WeCom member's UserID (账号, in the admin console's member details) or an e-mail address, got "张三" (line 5)`,
      `pledge.config.yml: groups[0].channel: expected a WeCom group chat id (chatid: up to 32 letters and digits) or robot:<environment variable> naming the variable that holds the group robot's webhook address, such as robot:WECOM_ROBOT_BILLING, got "wr-billing" (line 7)`,
    ]);
  });

  it("a complaint's history shows people by the platform's ids, and never an escalation id as a person", () => {
    const payload = { ownerId: 'zhangsan', approverId: 'U0LEAD' };
    expect(shownParams(payload, wecomIds.isPersonId)).toEqual({ owner: 'zhangsan', approver: 'U0LEAD' });
    expect(shownParams(payload, slackIds.isPersonId)).toEqual({ approver: 'U0LEAD' });
    const handedUp = { from: 'cmescalation1', escalationId: 'cmescalation2', level: 2, approverId: 'lisi' };
    expect(shownParams(handedUp, wecomIds.isPersonId, 'escalation.handed_up')).toEqual({ level: 2, approver: 'lisi' });
    expect(shownParams({ from: 'lisi' }, wecomIds.isPersonId, 'approval.decided')).toEqual({ from: 'lisi' });
  });
});
