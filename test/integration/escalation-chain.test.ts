/**
 * Escalations that reach the right person (issue 11, points 5 and 6), over signed HTTP into the
 * real Bolt app with the sweep at injected instants, night-time ones included, on both
 * databases: a limit the leader is accountable for goes past them, and an escalation handed up
 * (once, twice) says why now and takes the lower levels' buttons away.
 */
import { expect, it } from 'vitest';
import { ACTION_FIELD, ESCALATION_APPROVE_ACTION, ESCALATION_DECLINE_ACTION } from '../../src/slack/ids';
import { describeEachDb } from '../support/db';
import { Driver, type Filed } from '../support/lifecycle-driver';
import { TEST_CONFIG_YAML, testConfig, useHarness } from '../support/pledge-harness';
import { withoutDates } from '../support/message-text';

const at = (local: string) => new Date(`${local}+08:00`);

// Everyone in Claims is away, so its leader handles what is filed there; a department head sits
// between the leaders and the supervisor.
const CONFIG = `${TEST_CONFIG_YAML.replace(
  'supervisors:',
  `  - id: claims
    name: Claims
    leader: ULEAD3
    members: [UCLM1]
    away: [UCLM1]
    channel: CCLAIMS
    categories: [claims]
supervisors:`,
)}
escalation:
  departmentHead: UHEAD1
`;

describeEachDb('escalations reach the right person', (getDb) => {
  const h = useHarness(getDb, async () => ({ config: await testConfig(CONFIG) })); // Monday 30 Nov, 10:00 in Shanghai
  const d = new Driver(h, h.settle);

  const sweepAt = async (local: string) => {
    h.clock.set(at(local));
    const report = await h.pledge.services.sweep();
    await h.deliver();
    return report;
  };
  const isAsk = (p: { args: Record<string, unknown> }) => JSON.stringify(p.args.blocks).includes(`"action_id":"${ESCALATION_APPROVE_ACTION}"`);
  const asks = (userId: string) => d.dmsTo(userId).filter(isAsk);
  const askText = (userId: string) => withoutDates(JSON.stringify(asks(userId).at(-1)?.args.blocks ?? null));
  const notices = (userId: string) => d.dmsTo(userId).filter((p) => !isAsk(p)).map((p) => withoutDates(String(p.args.text)));
  const openEscalation = (c: Filed) => h.db.prisma.escalation.findFirstOrThrow({ where: { complaintId: c.id, decision: null, handedUpAt: null } });

  it('everyone away, the leader handles it: an urgent limit at night goes to the department head (level 2), then the supervisor, never to the leader', async () => {
    h.clock.set(at('2026-12-01T23:00:00'));
    const c = await d.file({ category: 'claims', priority: 'urgent' });
    expect(c.ownerId).toBe('ULEAD3');

    await sweepAt('2026-12-01T23:24:00'); // 80% of the urgent 30 minutes, at night
    expect(asks('ULEAD3')).toEqual([]);
    expect(askText('UHEAD1')).toContain('Complaint *PLG-2026-000001* is escalated to you (level 2): *Accept* is at risk of missing its time limit.');
    expect(await openEscalation(c)).toMatchObject({ level: 2, approverId: 'UHEAD1' });
    expect(d.posts((p) => p.args.channel === 'CCLAIMS' && !p.args.thread_ts).map((p) => String(p.args.text))).toContain(
      'PLG-2026-000001 · :rotating_light: Escalated to <@UHEAD1>: Accept (at risk), 6 min left.',
    );

    await sweepAt('2026-12-01T23:31:00'); // the breach: the leader is told who knows, not "the group leader"
    const told = notices('ULEAD3').filter((t) => t.includes('time limit passed'));
    expect(told).toEqual(['PLG-2026-000001 · The Accept time limit passed at Tue 1 Dec, 23:30 (GMT+8). Please act now; <@UHEAD1> has been told.']);
    expect(asks('ULEAD3')).toEqual([]);

    // The head's 4 working hours run from 09:00: at 13:00 it is the supervisor's (level 3).
    expect((await sweepAt('2026-12-02T13:00:00')).handedUp).toBe(1);
    expect(asks('USUP1')).toHaveLength(1);
    expect(askText('USUP1')).toContain('is escalated to you (level 3)');
    expect(asks('ULEAD3')).toEqual([]);
  });

  it('the leader took it over: its next limit goes past them to the department head', async () => {
    const c = await d.file();
    await sweepAt('2026-12-01T09:00:00'); // the Accept limit at risk: before the leader
    const asked = await openEscalation(c);
    expect(asked).toMatchObject({ level: 1, approverId: 'ULEAD1' });
    await h.pledge.services.decideEscalation({ escalationId: asked.id, actorId: 'ULEAD1', answer: { decision: 'approve', newOwnerId: 'ULEAD1' } });
    await h.deliver();
    expect((await h.db.prisma.complaint.findUniqueOrThrow({ where: { id: c.id } })).ownerId).toBe('ULEAD1');
    const before = asks('ULEAD1').length;

    await sweepAt('2026-12-01T11:00:00'); // now the leader's own limit has passed
    expect(asks('ULEAD1')).toHaveLength(before);
    expect(await openEscalation(c)).toMatchObject({ level: 2, approverId: 'UHEAD1', reason: 'breached' });
    expect(askText('UHEAD1')).toContain('is escalated to you (level 2): the *Accept* time limit has passed.');
    expect(notices('ULEAD1').filter((t) => t.includes('has been told'))).toEqual([
      'PLG-2026-000001 · The Accept time limit passed at Tue 1 Dec, 10:00 (GMT+8). Please act now; <@UHEAD1> has been told.',
    ]);
  });

  it('handed to the leader on escalation: the breach goes to the department head', async () => {
    const c = await d.file();
    await sweepAt('2026-12-01T09:00:00');
    const asked = await openEscalation(c);
    await h.pledge.services.decideEscalation({ escalationId: asked.id, actorId: 'ULEAD1', answer: { decision: 'reassign', newOwnerId: 'ULEAD1' } });
    await sweepAt('2026-12-01T11:00:00');
    expect(await openEscalation(c)).toMatchObject({ level: 2, approverId: 'UHEAD1' });
    expect(askText('UHEAD1')).toContain('is escalated to you (level 2)');
  });

  it('handed up twice: each level is told why now, and every lower level’s DM and buttons say who has it', async () => {
    const c = await d.file();
    await sweepAt('2026-12-01T09:00:00'); // at risk: before the leader (level 1)
    const first = await openEscalation(c);
    const [leaderAsk] = asks('ULEAD1');
    const leaderDm = { channel: 'DULEAD1', ts: String((leaderAsk!.response.body as { ts: string }).ts) };
    expect(askText('ULEAD1')).toContain('*Accept* is at risk of missing its time limit.');
    // The leader opens the decline form, and sends it only after the escalation went up.
    await d.pressInDm('ULEAD1', ESCALATION_DECLINE_ACTION, first.id, leaderDm.channel, leaderDm.ts);
    const lateForm = d.lastModal();
    const modals = h.standIn.callsTo('views.open').length;

    expect((await sweepAt('2026-12-01T13:00:00')).handedUp).toBe(1); // the leader's 4 working hours are up
    expect(await openEscalation(c)).toMatchObject({ level: 2, approverId: 'UHEAD1', reason: 'breached' });
    expect(askText('UHEAD1')).toContain('is escalated to you (level 2): the *Accept* time limit has passed.');
    expect(askText('UHEAD1')).toContain('Due Tue 1 Dec, 10:00 (GMT+8): overdue by 3 h.');
    expect(askText('UHEAD1')).not.toContain('at risk');
    const [headAsk] = asks('UHEAD1');
    const headDm = { channel: 'DUHEAD1', ts: String((headAsk!.response.body as { ts: string }).ts) };

    const shown = (dm: { channel: string; ts: string }) => d.updatesOf(dm);
    expect(shown(leaderDm)).toHaveLength(1);
    expect(JSON.stringify(shown(leaderDm)[0]!.args.blocks)).toContain('Not answered in time: it is now before <@UHEAD1>.');
    expect(JSON.stringify(shown(leaderDm)[0]!.args.blocks)).not.toContain(ESCALATION_APPROVE_ACTION);

    await d.pressInDm('ULEAD1', ESCALATION_APPROVE_ACTION, first.id, leaderDm.channel, leaderDm.ts);
    expect(d.replies().map((r) => r.args.text)).toEqual(['This escalation was not answered in time and is now before <@UHEAD1>, so nothing was changed.']);
    // A form's field error is plain text: the person is named, not mentioned.
    expect(await d.submitOpened('ULEAD1', lateForm, { text: 'Too late.' })).toEqual({
      status: 200,
      errors: { [ACTION_FIELD.text.block]: 'This escalation was not answered in time and is now before uhead1, so nothing was changed.' },
    });
    expect(await h.db.prisma.escalation.findUniqueOrThrow({ where: { id: first.id } })).toMatchObject({ decision: null });

    expect((await sweepAt('2026-12-01T17:00:00')).handedUp).toBe(1); // and the head's
    expect(await openEscalation(c)).toMatchObject({ level: 3, approverId: 'USUP1', reason: 'breached' });
    expect(askText('USUP1')).toContain('is escalated to you (level 3): the *Accept* time limit has passed.');
    expect(askText('USUP1')).toContain('Due Tue 1 Dec, 10:00 (GMT+8): overdue by 7 h.');
    for (const dm of [leaderDm, headDm]) {
      expect(JSON.stringify(shown(dm).at(-1)?.args.blocks)).toContain('Not answered in time: it is now before <@USUP1>.');
      expect(JSON.stringify(shown(dm).at(-1)?.args.blocks)).not.toContain(ESCALATION_APPROVE_ACTION);
    }
    await d.pressInDm('ULEAD1', ESCALATION_APPROVE_ACTION, first.id, leaderDm.channel, leaderDm.ts);
    expect(d.replies().at(-1)?.args.text).toBe('This escalation was not answered in time and is now before <@USUP1>, so nothing was changed.');
    expect(h.standIn.callsTo('views.open')).toHaveLength(modals);
  });
});
