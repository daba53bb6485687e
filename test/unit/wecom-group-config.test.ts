/**
 * A group's WeCom destination in pledge.config.yml: its group chat's chatid, or robot:<variable>
 * naming the environment variable that holds its robot's webhook address. A key pasted into the
 * file is refused without being repeated; a missing or empty variable stops start-up with one
 * line naming it and the group.
 */
import { describe, expect, it } from 'vitest';
import { loadPledgeConfig, loadRobotKeys } from '../../src/config';
import { wecomIds } from '../../src/wecom/chat-ids';
import { parseDestination, robotSlotName } from '../../src/wecom/group-destination';
import { configProblems as problems } from '../support/config-problems';

const KEY = '693a91f6-7a3c-4bc4-97a0-0ec2f1fa5aaa';
const config = (...channels: string[]) => `
groups:
${channels.map((channel, i) => `  - id: group${i}
    name: Group ${i}
    leader: zhangsan
    members: [lisi]
    channel: "${channel}"
    categories: [c${i}]`).join('\n')}
`;

describe("a group's WeCom destination", () => {
  it('is a group chat id or robot:<variable>', () => {
    const loaded = loadPledgeConfig(config('wrkSFfCgAAxxxx', 'robot:WECOM_ROBOT_BILLING'), 'pledge.config.yml', wecomIds);
    expect(loaded.groups.map((g) => parseDestination(g.channel))).toEqual([
      { kind: 'appchat', chatId: 'wrkSFfCgAAxxxx' },
      { kind: 'robot', variable: 'WECOM_ROBOT_BILLING' },
    ]);
  });

  it('refuses a robot key or webhook address in the file without repeating it, and names what to write instead', () => {
    const found = problems(() => loadPledgeConfig(config(`https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${KEY}`, KEY, `robot:${KEY}`, 'robot:billing'), 'pledge.config.yml', wecomIds));
    expect(found).toHaveLength(4);
    for (const line of found.slice(0, 3)) {
      expect(line).toMatch(/^pledge\.config\.yml: groups\[\d\]\.channel: must not hold a group robot's webhook address or key, .* write robot:WECOM_ROBOT_BILLING here \(line \d+\)$/);
      expect(line).not.toContain(KEY.slice(0, 8));
    }
    expect(found[3]).toMatch(/^pledge\.config\.yml: groups\[3\]\.channel: expected a WeCom group chat id .* such as robot:WECOM_ROBOT_BILLING, got "robot:billing" \(line 25\)$/);
  });

  it("reads each robot's key from its variable, as the webhook address or the key alone", () => {
    const groups = [
      { id: 'billing', channel: 'robot:WECOM_ROBOT_BILLING' },
      { id: 'service', channel: 'robot:WECOM_ROBOT_SERVICE' },
      { id: 'field', channel: 'wrkSFfCgAAxxxx' },
    ];
    const keys = loadRobotKeys(groups, { WECOM_ROBOT_BILLING: ` https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${KEY} `, WECOM_ROBOT_SERVICE: 'c0ffee00-1111-2222-3333-444455556666' });
    expect([...keys]).toEqual([
      ['WECOM_ROBOT_BILLING', KEY],
      ['WECOM_ROBOT_SERVICE', 'c0ffee00-1111-2222-3333-444455556666'],
    ]);
    // The slot table names a robot by a digest of its key, the same whichever variable holds it.
    expect(robotSlotName(KEY)).toMatch(/^robot:[0-9a-f]{24}$/);
    expect(robotSlotName(KEY)).not.toContain(KEY.slice(0, 8));
  });

  it('stops start-up with one line per variable that is missing or holds no key, never echoing its value', () => {
    const groups = [
      { id: 'billing', channel: 'robot:WECOM_ROBOT_BILLING' },
      { id: 'billing-night', channel: 'robot:WECOM_ROBOT_BILLING' },
      { id: 'service', channel: 'robot:WECOM_ROBOT_SERVICE' },
    ];
    expect(problems(() => loadRobotKeys(groups, { WECOM_ROBOT_BILLING: '  ', WECOM_ROBOT_SERVICE: 'secret with spaces!' }))).toEqual([
      'WECOM_ROBOT_BILLING is not set: group "billing" sends to robot:WECOM_ROBOT_BILLING (its channel in pledge.config.yml). Set it to the group chat\'s 群机器人 -> 消息推送 (webhook) address, https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…, or the key alone.',
      'WECOM_ROBOT_SERVICE must hold a group robot\'s webhook address or key (letters, digits and -), as group "service" sends to robot:WECOM_ROBOT_SERVICE (got 19 characters).',
    ]);
  });
});
