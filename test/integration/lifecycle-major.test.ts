import { expect, it } from 'vitest';
import { describeEachDb } from '../support/db';
import { Driver } from '../support/lifecycle-driver';
import { harnessPerTest, testConfig, TEST_CONFIG_YAML } from '../support/pledge-harness';

describeEachDb('major complaints through Slack', (getDb) => {
  const harness = harnessPerTest(getDb);

  async function start(majorChannels: boolean) {
    const config = await testConfig(`${TEST_CONFIG_YAML}majorChannels: ${majorChannels}\n`);
    const h = await harness.start({ config });
    return { h, d: new Driver(h, h.settle) };
  }

  it('the leader is told at once; with majorChannels a private channel is made, its people invited, the summary pinned, and every later step posted there too', async () => {
    const { h, d } = await start(true);
    const c = await d.file({ priority: 'major', title: 'Refund refused for 3 weeks', details: 'Call him on 13812345678.' });

    const report = d.dmsTo('ULEAD1');
    expect(report).toHaveLength(1);
    expect(report[0]!.args.text).toBe('Major complaint PLG-2026-000001: Refund refused for 3 weeks');
    expect(JSON.stringify(report[0]!.args.blocks)).toContain(`<@${c.ownerId}>`);
    const met = await h.db.prisma.deadline.findFirstOrThrow({ where: { complaintId: c.id, stage: 'report_to_leader' } });
    expect(met.metAt).toEqual(h.clock.now());

    const created = h.standIn.callsTo('conversations.create');
    expect(created.map((x) => [x.args.name, String(x.args.is_private)])).toEqual([['plg-2026-000001', 'true']]);
    const channel = (created[0]!.response.body as { channel: { id: string } }).channel.id;
    const invite = h.standIn.callsTo('conversations.invite');
    expect(invite).toHaveLength(1);
    expect(invite[0]!.args.channel).toBe(channel);
    expect(String(invite[0]!.args.users).split(',').sort()).toEqual([c.ownerId, 'ULEAD1'].sort());
    const summary = d.posts((p) => p.args.channel === channel);
    expect(summary).toHaveLength(1);
    expect(JSON.stringify(summary[0]!.args.blocks)).toContain('special handling group for major complaint *PLG-2026-000001*');
    expect(JSON.stringify(summary[0]!.args.blocks)).toContain('138****5678'); // a channel: masked
    expect(JSON.stringify(summary[0]!.args.blocks)).not.toContain('13812345678');
    const pinned = h.standIn.callsTo('pins.add');
    expect(pinned.map((p) => p.args)).toEqual([expect.objectContaining({ channel, timestamp: (summary[0]!.response.body as { ts: string }).ts })]);
    expect((await h.db.prisma.complaint.findUniqueOrThrow({ where: { id: c.id } })).specialChannelId).toBe(channel);

    // Later steps: a line in the group channel's thread and one at the top of the special channel.
    await d.accept(c.ownerId, c);
    await d.press(c.ownerId, 'start_investigation', c.id);
    await h.deliver();
    expect(d.threadPosts(c).map((p) => p.args.text)).toEqual([
      `<@${c.ownerId}> accepted the complaint and handles it.`,
      `<@${c.ownerId}> started the investigation.`,
    ]);
    const inSpecial = d.posts((p) => p.args.channel === channel).slice(1);
    expect(inSpecial.map((p) => [p.args.text, p.args.thread_ts])).toEqual([
      [`<@${c.ownerId}> accepted the complaint and handles it.`, undefined],
      [`<@${c.ownerId}> started the investigation.`, undefined],
    ]);
    // Nothing is created twice.
    expect(h.standIn.callsTo('conversations.create')).toHaveLength(1);
  });

  it('an archived special channel does not hold up (or repeat) the thread line', async () => {
    const { h, d } = await start(true);
    const c = await d.file({ priority: 'major' });
    const special = (await h.db.prisma.complaint.findUniqueOrThrow({ where: { id: c.id } })).specialChannelId!;
    let ts = 0;
    h.standIn.respond('chat.postMessage', (args) =>
      args.channel === special
        ? { body: { ok: false, error: 'is_archived' } }
        : { body: { ok: true, channel: String(args.channel), ts: `1800000000.${String(++ts).padStart(6, '0')}` } },
    );
    await d.accept(c.ownerId, c);
    await h.deliver();
    expect(d.threadPosts(c)).toHaveLength(1);
    expect(await h.db.prisma.notification.count({ where: { kind: 'thread.line', sentAt: null } })).toBe(0);
    expect(await h.db.prisma.notification.count({ where: { lastError: { not: null } } })).toBe(0);
  });

  it('a taken channel name gets a suffix', async () => {
    const { h, d } = await start(true);
    h.standIn.failNext('conversations.create', 1, { body: { ok: false, error: 'name_taken' } });
    const c = await d.file({ priority: 'major' });
    expect(h.standIn.callsTo('conversations.create').map((x) => x.args.name)).toEqual(['plg-2026-000001', 'plg-2026-000001-2']);
    expect((await h.db.prisma.complaint.findUniqueOrThrow({ where: { id: c.id } })).specialChannelId).toMatch(/^C/);
  });

  it('a creation retried after a later step failed finds its channel again: no -2, one summary, one pin', async () => {
    const { h, d } = await start(true);
    // The channel is made, people invited, the summary posted; then the pin fails.
    h.standIn.failNext('pins.add', 1, { body: { ok: false, error: 'internal_error' } });
    const c = await d.file({ priority: 'major' });
    const row = await h.db.prisma.notification.findFirstOrThrow({ where: { kind: 'special.channel' } });
    expect(row.sentAt).toBeNull();
    expect(row.lastError).toContain('internal_error');

    h.clock.advance(60 * 60_000); // past the backoff
    await h.deliver();
    const created = h.standIn.callsTo('conversations.create');
    // The retry's create is refused (the name is its own channel's), and the channel is found again.
    expect(created.map((x) => [x.args.name, (x.response.body as { ok: boolean }).ok])).toEqual([
      ['plg-2026-000001', true],
      ['plg-2026-000001', false],
    ]);
    const channel = (created[0]!.response.body as { channel: { id: string } }).channel.id;
    expect((await h.db.prisma.complaint.findUniqueOrThrow({ where: { id: c.id } })).specialChannelId).toBe(channel);
    expect(d.posts((p) => p.args.channel === channel)).toHaveLength(1); // the summary, found by its outbox key
    expect(h.standIn.callsTo('pins.add').map((p) => [p.args.channel, (p.response.body as { ok: boolean }).ok])).toEqual([
      [channel, false],
      [channel, true],
    ]);
    expect((await h.db.prisma.notification.findUniqueOrThrow({ where: { id: row.id } })).sentAt).not.toBeNull();
  });

  it('a name taken by a channel someone else made still gets a suffix', async () => {
    const { h, d } = await start(true);
    h.standIn.respond('users.conversations', () => ({ body: { ok: true, channels: [{ id: 'CTHEIRS', name: 'plg-2026-000001', creator: 'USOMEONE' }], response_metadata: { next_cursor: '' } } }));
    h.standIn.failNext('conversations.create', 1, { body: { ok: false, error: 'name_taken' } });
    const c = await d.file({ priority: 'major' });
    expect(h.standIn.callsTo('conversations.create').map((x) => x.args.name)).toEqual(['plg-2026-000001', 'plg-2026-000001-2']);
    expect((await h.db.prisma.complaint.findUniqueOrThrow({ where: { id: c.id } })).specialChannelId).not.toBe('CTHEIRS');
  });

  it('without majorChannels the leader is still told, and no channel is made', async () => {
    const { h, d } = await start(false);
    await d.file({ priority: 'major' });
    expect(d.dmsTo('ULEAD1')).toHaveLength(1);
    expect(h.standIn.callsTo('conversations.create')).toHaveLength(0);
  });

  it('a normal complaint is not reported to the leader', async () => {
    const { h, d } = await start(true);
    await d.file({ priority: 'normal' });
    expect(d.dmsTo('ULEAD1')).toHaveLength(0);
    expect(h.standIn.callsTo('conversations.create')).toHaveLength(0);
  });
});
