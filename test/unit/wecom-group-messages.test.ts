/**
 * A group's WeCom chat as it reads: the new complaint, an escalation's ping and the digest, as
 * markdown, in both languages (snapshots); a robot mentions, an app's group message cannot; a
 * long digest goes as numbered parts within WeCom's byte limit, cut only between lines.
 */
import { describe, expect, it } from 'vitest';
import type { ComplaintCard } from '../../src/domain/complaint';
import type { DigestItem, DigestModel, DigestState } from '../../src/domain/digest';
import type { Locale } from '../../src/i18n';
import { appLink } from '../../src/wecom/app-links';
import { channelLinePost, complaintPost, DIGEST_SHOWN, digestPosts, GROUP_CHAT_MARKDOWN_MAX_BYTES, ROBOT_MARKDOWN_MAX_BYTES, type GroupMessageContext } from '../../src/wecom/group-messages';
import { complaintCardOf } from '../support/complaint-card';
import { digestItemOf, digestModelOf, quietDigestOf, workingLeft } from '../support/digest';

const links = { corpId: 'ww0a1b2c3d4e5f6a7b', agentId: 1000002, publicUrl: new URL('https://pledge.example.cn') };
const linkTo = (complaintId: string) => appLink(links, { page: 'complaint', complaintId });
const [before, after] = linkTo('CID').split('CID').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
const linkPattern = new RegExp(`${before}(\\w+)${after}`, 'g');

// A new urgent complaint as the team reads it in WeCom: Chinese names, WeCom UserIDs, a title to escape.
const card: ComplaintCard = complaintCardOf({
  id: 'cmp01',
  title: '重复扣费 **请回电** 13812345678',
  details: '客户在官网付款一次，银行卡却显示两笔 268 元扣款。<font color="warning">x</font>',
  category: 'billing',
  categoryName: '账务',
  priority: 'urgent',
  filerId: 'lisi',
  ownerId: 'zhangsan',
  groupName: '账务组',
  ackDueAt: new Date('2026-11-30T06:30:00Z'),
  nextDue: { stage: 'acknowledge', dueAt: new Date('2026-11-30T06:30:00Z') },
  channelId: null,
  rootMessageId: null,
});

// Items with an id (a link to the page) and their clock as it stands, in the group's own words.
const item = (n: number, state: DigestState, over: Partial<DigestItem> = {}): DigestItem =>
  digestItemOf(n, state, { id: `cmp${n}`, title: `第 ${n} 条投诉：话费多扣`, ownerId: `owner${n % 3}`, left: workingLeft(state), ...over });
const model = (items: DigestItem[], over: Partial<DigestModel> = {}): DigestModel => digestModelOf(items, { groupName: '账务组', ...over });

const small = model([item(1, 'breached'), item(2, 'at_risk'), item(3, 'due_today', { id: undefined }), item(4, 'open', { stage: null, workingLeftMs: null, left: null })]);
const quiet = quietDigestOf({ groupName: '账务组' });
const states: DigestState[] = ['breached', 'at_risk', 'due_today', 'open'];
const large = model(Array.from({ length: 45 }, (_, i) => item(i + 1, states[Math.floor((i * 4) / 45)]!, { title: `第 ${i + 1} 条投诉：`.padEnd(40, '长') })));

const escalated = { key: 'channel.escalated', params: { leader: 'wangwu', stage: 'acknowledge', reason: 'breached', left: -30, overdue: 1, leftClock: 'elapsed' } };

describe.each<Locale>(['en', 'zh-CN'])('group chat messages (%s)', (locale) => {
  const robot: GroupMessageContext = { locale, timeZone: 'Asia/Shanghai', mentions: true, linkTo, maxBytes: ROBOT_MARKDOWN_MAX_BYTES };
  const appchat: GroupMessageContext = { ...robot, mentions: false, maxBytes: GROUP_CHAT_MARKDOWN_MAX_BYTES };

  it('reads as the snapshot', async () => {
    const out = {
      'complaint (robot)': [complaintPost(robot, card)],
      'complaint (app group chat)': [complaintPost(appchat, card)],
      'complaint, accepted, no public address': [complaintPost({ ...appchat, linkTo: undefined }, { ...card, status: 'accepted', nextDue: { stage: 'solution', dueAt: new Date('2026-12-03T10:00:00Z') } })],
      'escalation ping (robot)': [channelLinePost(robot, card, escalated)],
      'digest (robot)': digestPosts(robot, small),
      'digest, quiet': digestPosts(robot, quiet),
      'digest, long (app group chat)': digestPosts(appchat, large),
    };
    const text = Object.entries(out)
      .map(([name, parts]) => `### ${name}\n${parts.map((p, i) => (parts.length > 1 ? `--- message ${i + 1}\n${p}` : p)).join('\n')}\n`)
      .join('\n')
      // Each link shortened to the complaint it opens: the whole OAuth address is asserted below.
      .replace(linkPattern, '‹page of $1›');
    await expect(text).toMatchFileSnapshot(`__messages__/wecom-group.${locale}.txt`);
  });

  it('mentions the handler only through a robot, and masks and neutralises typed text', () => {
    expect(complaintPost(robot, card)).toContain('<@zhangsan>');
    expect(complaintPost(appchat, card)).not.toContain('<@');
    for (const text of [complaintPost(robot, card), channelLinePost(robot, card, escalated)]) {
      expect(text).not.toContain('13812345678');
      expect(text).not.toContain('**请回电**');
      expect(text).not.toContain('<font');
      expect(text).toContain(`](${linkTo('cmp01')})`);
    }
  });

  it('splits a long digest into numbered parts within the limit, every line whole, in order, the rest counted', () => {
    for (const ctx of [robot, appchat]) {
      const parts = digestPosts(ctx, large);
      expect(parts.length).toBeGreaterThan(1);
      parts.forEach((p, i) => {
        expect(Buffer.byteLength(p)).toBeLessThanOrEqual(ctx.maxBytes);
        expect(p.split('\n')[0]).toMatch(new RegExp(`${i + 1}/${parts.length}`));
      });
      const listed = parts.join('\n').match(/PLG-2026-\d{6}/g) ?? [];
      expect(listed).toEqual(large.items.slice(0, DIGEST_SHOWN).map((i) => i.reference));
      // Every listed complaint links to its page, whole.
      for (const i of large.items.slice(0, DIGEST_SHOWN)) expect(parts.join('\n')).toContain(`[${i.reference}](${linkTo(i.id!)})`);
      expect(parts.at(-1)).toContain(String(large.items.length - DIGEST_SHOWN));
    }
  });

  it('keeps one message when the digest fits, and a quiet day to one line', () => {
    expect(digestPosts(robot, small)).toHaveLength(1);
    expect(digestPosts(robot, quiet)).toHaveLength(1);
  });
});
