/**
 * Issue 14, point 1: the dispatcher asks a chat adapter what it can do, and where a capability is
 * missing it does the nearest right thing, never calling what is not there. The adapter here has
 * none of them (no threads, no edits, no home view, no ephemeral messages, no channels of its
 * own), as a WeCom group chat or a plain messaging platform might; every method behind a missing
 * capability throws, so calling one fails the delivery (and the test).
 */
import { beforeEach, expect, it } from 'vitest';
import { Dispatcher } from '../../src/chat/dispatcher';
import type { ChatPort, Line, MessageRef } from '../../src/chat/port';
import * as complaints from '../../src/db/complaints';
import { groupNameOf } from '../../src/services/deps';
import { wecomIds } from '../../src/wecom/chat-ids';
import { describeEachDb } from '../support/db';
import { startHarness } from '../support/pledge-harness';
import { draft, testServices } from '../support/services';

type Sent = { method: string; to: string; key?: string; params?: Line['params'] };

/** A platform with no capabilities beyond posting; what it was asked to post, in order. */
function plainChat(): ChatPort & { sent: Sent[] } {
  const sent: Sent[] = [];
  let n = 0;
  const post = (method: string, to: string, line?: Line): Promise<MessageRef> => {
    sent.push({ method, to, ...(line ? { key: line.key, params: line.params } : {}) });
    return Promise.resolve({ channel: to, id: `m${++n}` });
  };
  const missing = (method: string) => () => Promise.reject(new Error(`${method} called on a platform without it`));
  return {
    sent,
    capabilities: { threads: false, updates: 'none', home: false, ephemeral: false, specialChannels: false },
    postComplaint: (channel) => post('postComplaint', channel),
    notifyOwner: (owner) => post('notifyOwner', owner),
    confirmFiler: (filer) => post('confirmFiler', filer),
    tellFilingFailed: (filer) => post('tellFilingFailed', filer),
    sendNotice: (user, _card, line) => post('sendNotice', user, line),
    askApproval: (user) => post('askApproval', user),
    askConsent: (user) => post('askConsent', user),
    askInfo: (user) => post('askInfo', user),
    reportMajor: (leader) => post('reportMajor', leader),
    askEscalation: (user) => post('askEscalation', user),
    postChannelLine: (channel, _card, line) => post('postChannelLine', channel, line),
    askSurvey: (user) => post('askSurvey', user),
    askReview: (user) => post('askReview', user),
    postDigest: (channel) => post('postDigest', channel),
    updateComplaint: missing('updateComplaint'),
    postThreadLine: missing('postThreadLine'),
    updateOwnerMessage: missing('updateOwnerMessage'),
    closeRequest: missing('closeRequest'),
    createSpecialChannel: missing('createSpecialChannel'),
    showEscalationHandedUp: missing('showEscalationHandedUp'),
    refreshSent: missing('refreshSent'),
    publishHome: missing('publishHome'),
    offerToFile: missing('offerToFile'),
  };
}

describeEachDb('a chat platform without threads, edits, home view or ephemeral messages', (getDb) => {
  let t: Awaited<ReturnType<typeof testServices>>;
  let chat: ReturnType<typeof plainChat>;
  let dispatcher: Dispatcher;
  const at = (local: string) => new Date(`${local}+08:00`);

  beforeEach(async () => {
    t = await testServices(getDb(), { now: at('2026-11-30T10:00:00') });
    chat = plainChat();
    dispatcher = new Dispatcher({
      prisma: getDb().prisma,
      clock: t.clock,
      chat,
      card: (id) => complaints.findCard(getDb().prisma, { id }, groupNameOf(t.config)),
      home: (userId) => t.services.homeFor(userId),
      groupChannel: (groupId) => t.config.groups.find((g) => g.id === groupId)?.channel,
    });
  });

  async function deliver(): Promise<Sent[]> {
    const from = chat.sent.length;
    const counts = await dispatcher.drain();
    expect(counts, 'nothing retried or given up: no missing capability was called').toMatchObject({ retry: 0, failed: 0 });
    return chat.sent.slice(from);
  }

  async function file(over: Record<string, string> = {}) {
    const filed = await t.services.fileComplaint({ filerId: 'UFILER', submissionKey: `cap-${Math.random()}`, draft: draft(over) });
    if (!filed.ok) throw new Error('filing failed');
    return filed.complaint;
  }

  it("posts each step as a line of its own in the group's channel, and pushes no home view and no card edits", async () => {
    const c = await file();
    const filed = await deliver();
    expect(filed.map((s) => s.method)).toEqual(expect.arrayContaining(['postComplaint', 'notifyOwner']));
    expect(filed.find((s) => s.method === 'postComplaint')?.to).toBe('CBILLING');

    await t.services.acceptComplaint({ complaintId: c.id, actorId: c.ownerId! });
    const accepted = await deliver();
    expect(accepted).toContainEqual({ method: 'postChannelLine', to: 'CBILLING', key: 'line.accepted', params: expect.objectContaining({ actor: c.ownerId }) });
    // Their message cannot lose its Accept, so the handler is told anew what is open to them now.
    expect(accepted.filter((s) => s.method === 'notifyOwner').map((s) => s.to)).toEqual([c.ownerId]);
    // Every home.refresh and complaint.refresh was settled without a call.
    expect(await getDb().prisma.notification.count({ where: { sentAt: null } })).toBe(0);
    expect(await getDb().prisma.notification.count({ where: { kind: { in: ['home.refresh', 'complaint.refresh'] } } })).toBeGreaterThan(0);
  });

  it('tells the leader in a new message that a request they were asked is closed, as the ask cannot lose its buttons', async () => {
    const c = await file();
    await t.services.acceptComplaint({ complaintId: c.id, actorId: c.ownerId! });
    await t.services.startInvestigation({ complaintId: c.id, actorId: c.ownerId! });
    await t.services.requestRejection({ complaintId: c.id, actorId: c.ownerId!, reason: 'Charged as agreed.' });
    expect((await deliver()).filter((s) => s.method === 'askApproval').map((s) => s.to)).toEqual(['ULEAD1']);

    await t.services.proposeSolution({ complaintId: c.id, actorId: c.ownerId!, solution: 'Refund the fee.' });
    const moved = await deliver();
    expect(moved).toContainEqual({ method: 'sendNotice', to: 'ULEAD1', key: 'line.rejection_superseded', params: { leader: 'ULEAD1' } });
    expect(moved.filter((s) => s.method === 'postChannelLine').map((s) => s.key)).toEqual(['line.solution', 'line.rejection_superseded']);
  });

  it('tells the level below in a new message whom an escalation is before now, once it is handed up', async () => {
    const c = await file({ priority: 'urgent' });
    await deliver();
    t.clock.set(at('2026-11-30T10:25:00'));
    await t.services.sweep();
    expect((await deliver()).filter((s) => s.method === 'askEscalation').map((s) => s.to)).toEqual(['ULEAD1']);

    t.clock.set(at('2026-12-01T10:30:00'));
    expect((await t.services.sweep()).handedUp).toBe(1);
    const up = await deliver();
    expect(up.filter((s) => s.method === 'askEscalation').map((s) => s.to)).toEqual(['USUP1']);
    expect(up).toContainEqual({ method: 'sendNotice', to: 'ULEAD1', key: 'line.handed_up', params: { from: 'ULEAD1', leader: 'USUP1' } });
    expect((await getDb().prisma.escalation.findMany({ where: { complaintId: c.id }, orderBy: { level: 'asc' } })).map((e) => e.approverId)).toEqual(['ULEAD1', 'USUP1']);
  });
});

describeEachDb('createPledge with a chat adapter of its own', (getDb) => {
  it('delivers through that adapter, made with the groups\' zones, and never through Slack', async () => {
    const chat = plainChat();
    const zones: string[] = [];
    const h = await startHarness(getDb(), {
      chat: {
        ids: wecomIds,
        create: ({ timeZoneOf }) => {
          zones.push(timeZoneOf('billing'));
          return chat;
        },
      },
    });
    try {
      const filed = await h.pledge.services.fileComplaint({ filerId: 'zhang.san', submissionKey: 'own-adapter', draft: draft() });
      expect(filed.ok).toBe(true);
      await h.deliver();
      expect(chat.sent.map((s) => s.method)).toEqual(expect.arrayContaining(['postComplaint', 'notifyOwner', 'confirmFiler']));
      expect(chat.sent.find((s) => s.method === 'confirmFiler')?.to).toBe('zhang.san');
      expect(h.standIn.callsTo('chat.postMessage')).toEqual([]);
      expect(zones).toEqual(['Asia/Shanghai']);
    } finally {
      await h.stop();
    }
  });
});

