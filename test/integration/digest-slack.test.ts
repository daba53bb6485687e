/**
 * The daily digest through the real Bolt app and the outbox: posted once per group channel
 * however often it is queued, breached before at risk, a quiet channel's one line, Slack's
 * limits with many complaints, and `/complaint digest` answered privately per caller.
 */
import { expect, it } from 'vitest';
import type { SlackMessage } from '../../src/slack/blocks/common';
import { privateReply } from '../support/command-reply';
import { describeEachDb } from '../support/db';
import { complaintSubmission, useHarness } from '../support/pledge-harness';
import type { RecordedCall } from '../support/slack-stand-in';
import { draft } from '../support/services';
import { assertMessageLimits, mrkdwnTexts } from '../unit/slack-limits';

const at = (local: string) => new Date(`${local}+08:00`);
const asMessage = (call: RecordedCall) => ({ text: String(call.args.text), blocks: call.args.blocks }) as SlackMessage;

describeEachDb('the daily digest in Slack', (getDb) => {
  const h = useHarness(getDb, { now: at('2026-11-30T10:00:00') });

  async function file(title: string) {
    expect((await h.interact(complaintSubmission('UFILER', { title }))).status).toBe(200);
    await h.deliver();
    return h.db.prisma.complaint.findFirstOrThrow({ where: { title }, orderBy: { seq: 'desc' } });
  }

  /** Top-level posts in a channel that are digests (not complaint cards, not thread lines). */
  const digestPosts = (channel: string) =>
    h.standIn.callsTo('chat.postMessage').filter((c) => c.args.channel === channel && !c.args.thread_ts && /^Daily digest/.test(String(c.args.text)));

  it('is posted once to each group channel, however often it is queued, breached first', async () => {
    const late = await file('Late one'); // accept due Tue 10:00
    h.clock.set(at('2026-11-30T16:00:00'));
    const risky = await file('Risky one'); // accept due Tue 16:00, last warning (80%) Tue 11:12
    h.clock.set(at('2026-12-01T11:30:00'));
    await h.pledge.services.sweep();
    await h.deliver();

    expect((await h.pledge.services.sendDigests()).map((r) => r.outcome)).toEqual(['queued', 'queued']);
    expect((await h.pledge.services.sendDigests()).map((r) => r.outcome)).toEqual(['already_sent', 'already_sent']);
    await h.deliver();
    await h.deliver();

    const [billing, ...moreBilling] = digestPosts('CBILLING');
    const [service, ...moreService] = digestPosts('CSERVICE');
    expect(moreBilling).toHaveLength(0);
    expect(moreService).toHaveLength(0);
    expect(billing!.args.text).toBe('Daily digest for Billing: 2 open, 1 breached, 1 at risk, 0 due today');
    assertMessageLimits(asMessage(billing!));
    const text = mrkdwnTexts(asMessage(billing!));
    expect(text.indexOf(late.reference)).toBeLessThan(text.indexOf(risky.reference));
    expect(text).toContain(`*<https://slack.com/archives/CBILLING/p${late.rootMessageId!.replace('.', '')}|${late.reference}>* Late one · <@${late.ownerId}> · Accept: overdue by 1 h 30 min`);
    // Only the breached complaint pings its owner; the one at risk names its owner (users.info).
    expect(text).toContain(`${risky.reference}>* Risky one · ${risky.ownerId.toLowerCase()} · Accept:`);
    expect(text.match(/<@\w+>/g)).toEqual([`<@${late.ownerId}>`]);
    expect(h.standIn.callsTo('users.info').map((c) => c.args.user)).toContain(risky.ownerId);
    // The counts, in one line; a first digest looks back a day: Late one is older.
    expect(text).toContain('2 open · 1 breached · 1 at risk · 0 due today · 1 new · 0 resolved · 0 awaiting follow-up');

    // The service group had nothing: its channel still hears from Pledge, in one line.
    expect(service!.args.text).toBe('Daily digest for Service: nothing new, nothing resolved, no open complaints');
    expect(mrkdwnTexts(asMessage(service!))).toContain(':white_check_mark: *Service*, Tue 1 Dec: nothing new, nothing resolved, no open complaints.');
    expect(service!.args.blocks).toHaveLength(1);
    expect(await h.db.prisma.notification.count({ where: { kind: 'digest.post', sentAt: { not: null } } })).toBe(2);
  });

  it('stays within Slack limits with many open complaints, and counts the rest', async () => {
    for (let i = 0; i < 45; i++) {
      const r = await h.pledge.services.fileComplaint({ filerId: 'UFILER', submissionKey: `bulk-${i}`, draft: draft({ title: `Bulk <${i}> & more` }) });
      expect(r.ok).toBe(true);
    }
    await h.deliver();
    h.clock.set(at('2026-12-01T09:00:00'));
    await h.pledge.services.sendDigests(['billing']);
    await h.deliver();
    const [post] = digestPosts('CBILLING');
    const message = asMessage(post!);
    assertMessageLimits(message);
    const text = mrkdwnTexts(message);
    expect(text).toContain(':large_yellow_circle: *Due today (45)*');
    expect(text).toContain('…and 15 more not listed here (15 due today).');
    expect(text).toContain('Bulk &lt;0&gt; &amp; more');
  });

  const reply = (text: string, userId: string) => privateReply(h, text, userId);

  it('/complaint digest shows the caller their groups, privately, and queues nothing', async () => {
    const c = await file('Charged twice');
    const posts = h.standIn.callsTo('chat.postMessage').length;

    const member = await reply('digest', 'UOWN1');
    expect(member.args.text).toBe('Daily digest for Billing: 1 open, 0 breached, 0 at risk, 0 due today');
    assertMessageLimits(member.args as unknown as SlackMessage);
    expect(mrkdwnTexts(member.args as unknown as SlackMessage)).toContain(`|${c.reference}>* Charged twice · ${c.ownerId.toLowerCase()} ·`);

    const supervisor = await reply('digest', 'USUP1');
    expect(supervisor.args.text).toBe('Digest of your groups');
    const both = mrkdwnTexts(supervisor.args as unknown as SlackMessage);
    expect(both).toContain('*Billing*: 1 open · 0 breached');
    expect(both).toContain('*Service*: nothing new, nothing resolved, no open complaints.');

    const leader = await reply('digest Service', 'ULEAD2'); // by name, as well as by id
    expect(leader.args.text).toBe('Daily digest for Service: nothing new, nothing resolved, no open complaints');
    expect((await reply('digest service', 'UOWN1')).args.text).toBe('None of your groups is called "service".');
    expect((await reply('digest', 'UNOBODY')).args.text).toBe(
      'You are not in any group, so there is no digest for you. Members and leaders of a group see its digest here.',
    );

    expect(h.standIn.callsTo('chat.postMessage')).toHaveLength(posts);
    expect(await h.db.prisma.notification.count({ where: { kind: 'digest.post' } })).toBe(0);
    expect(await h.db.prisma.digestRun.count()).toBe(0);
  });
});
