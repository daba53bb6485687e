/**
 * App Home over signed HTTP into the real Bolt app, on both databases: published when a person
 * opens it (filer, owner, leader, supervisor each see their lists), re-published through the
 * outbox after a change that concerns them, and its buttons work like the messages' buttons.
 */
import type { HomeView } from '@slack/types';
import { WebClient } from '@slack/web-api';
import { expect, it } from 'vitest';
import { APPROVE_ACTION, ESCALATION_APPROVE_ACTION, ESCALATION_MODAL_VIEW } from '../../src/slack/ids';
import { describeEachDb } from '../support/db';
import { Driver, type Filed } from '../support/lifecycle-driver';
import { useHarness } from '../support/pledge-harness';
import { appHomeOpenedEnvelope, blockActionPayload, openedMetadata } from '../support/signed-requests';
import { withoutDates } from '../support/message-text';

const at = (local: string) => new Date(`${local}+08:00`);

describeEachDb('App Home through Slack', (getDb) => {
  const h = useHarness(getDb);
  const d = new Driver(h, h.settle);

  const published = (userId: string) => h.standIn.callsTo('views.publish').filter((p) => p.args.user_id === userId);
  const homeOf = (userId: string) => published(userId).at(-1)?.args.view as HomeView | undefined;
  const json = (view: HomeView | undefined) => JSON.stringify(view?.blocks ?? []);

  /** Opens the Home tab as Slack reports it, and returns what was published for that person. */
  async function open(userId: string): Promise<HomeView> {
    const before = published(userId).length;
    const res = await h.event(appHomeOpenedEnvelope({ user: userId }));
    expect(res.status).toBe(200);
    await d.settle();
    expect(published(userId)).toHaveLength(before + 1);
    return homeOf(userId)!;
  }

  /** Presses a button on the person's Home (a block action from a view: no response_url). */
  async function pressOnHome(userId: string, actionId: string, value: string) {
    const res = await h.interact(blockActionPayload({ actionId, value, userId, viewId: `VHOME${userId}` }));
    expect(res.status).toBe(200);
    await d.settle();
  }

  it('a filer sees what they filed, with Withdraw while nobody has accepted it; the Messages tab publishes nothing', async () => {
    const c = await d.file({ title: 'Charged twice' });
    const view = await open('UFILER');
    expect(view.type).toBe('home');
    const blocks = json(view);
    expect(blocks).toContain('*You filed*');
    expect(blocks).toContain('*PLG-2026-000001* Charged twice · _New_');
    expect(blocks).toContain(`"value":"withdraw:${c.id}"`);
    expect(blocks).toContain('You own no open complaints.');
    expect(blocks).not.toContain('Waiting for your answer');

    const before = h.standIn.callsTo('views.publish').length;
    await h.event(appHomeOpenedEnvelope({ user: 'UFILER', tab: 'messages' }));
    await d.settle();
    expect(h.standIn.callsTo('views.publish')).toHaveLength(before);
  });

  it('an owner sees what they own, next due first, each with its buttons', async () => {
    // Rotation: UOWN1, UOWN2, then UOWN1 again, whose urgent one is due in 30 minutes.
    const first = await d.file({ title: 'Normal one' });
    await d.file({ title: 'Someone else’s' });
    const urgent = await d.file({ title: 'Urgent one', priority: 'urgent' });
    expect([first.ownerId, urgent.ownerId]).toEqual(['UOWN1', 'UOWN1']);
    const blocks = json(await open('UOWN1'));
    expect(blocks.indexOf('Urgent one')).toBeGreaterThan(-1);
    expect(blocks.indexOf('Urgent one')).toBeLessThan(blocks.indexOf('Normal one'));
    expect(blocks).not.toContain('Someone else’s');
    expect(withoutDates(blocks)).toContain('Accept by Mon 30 Nov, 10:30 (GMT+8)');
    expect(blocks).toContain(`"action_id":"complaint_accept","style":"primary","text":{"type":"plain_text","text":"Accept","emoji":true},"value":"${urgent.id}"`);

    // Its Accept works from Home as from the card.
    await pressOnHome('UOWN1', 'complaint_accept', urgent.id);
    expect(await d.status(urgent.id)).toBe('accepted');
  });

  it('a leader sees the approvals and escalations waiting for them and their group’s open complaints, and answers from there', async () => {
    const c = await d.file({ title: 'Charged as agreed' });
    await d.accept(c.ownerId, c);
    await d.press(c.ownerId, 'start_investigation', c.id);
    await d.act(c.ownerId, 'request_rejection', c.id, { text: 'Charged as agreed in the contract.' });
    const approval = await d.pendingApproval(c.id, 'rejection');
    const late = await d.file({ title: 'Nobody accepted this' });
    h.clock.set(at('2026-12-01T09:00:00'));
    await h.pledge.services.sweep();
    await h.deliver();
    const escalation = await h.db.prisma.escalation.findFirstOrThrow({ where: { complaintId: late.id } });

    const blocks = json(await open('ULEAD1'));
    const order = ['*Waiting for your answer*', '*Escalations before you*', '*You own (next due first)*', '*Open in Billing*', '*You filed*'];
    const positions = order.map((s) => blocks.indexOf(s));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(blocks).toContain(`<@${c.ownerId}> asks to reject *PLG-2026-000001* as unreasonable.\\n>Charged as agreed in the contract.`);
    expect(blocks).toContain(`"action_id":"${APPROVE_ACTION}"`);
    expect(blocks).toContain(`"value":"${approval.id}"`);
    expect(blocks).toContain('*PLG-2026-000002* · level 1 · Accept (at risk)');
    expect(withoutDates(blocks)).toContain('Answer by Tue 1 Dec, 13:00 (GMT+8), or it goes up the chain.');
    expect(blocks).toContain(`"action_id":"${ESCALATION_APPROVE_ACTION}"`);
    expect(blocks).toContain('Nobody accepted this');

    // Approving from Home: decided, and Home is re-published without it.
    await pressOnHome('ULEAD1', APPROVE_ACTION, approval.id);
    expect(await d.status(c.id)).toBe('rejected');
    await h.deliver();
    expect(json(homeOf('ULEAD1'))).not.toContain(approval.id);

    // An escalation's choice opens its modal (no DM to mark afterwards).
    await pressOnHome('ULEAD1', ESCALATION_APPROVE_ACTION, escalation.id);
    const modal = d.lastModal();
    expect(modal.callback_id).toBe(ESCALATION_MODAL_VIEW);
    expect(openedMetadata(modal.private_metadata!)).toEqual({ d: 'approve', id: escalation.id });

    // Someone else's press on Home has no response_url: the refusal opens a small modal.
    const opened = h.standIn.callsTo('views.open').length;
    await pressOnHome('ULEAD2', ESCALATION_APPROVE_ACTION, escalation.id);
    const refusal = h.standIn.callsTo('views.open');
    expect(refusal).toHaveLength(opened + 1);
    expect(JSON.stringify(refusal.at(-1)!.args.view)).toContain('Only the person this request was sent to can answer it.');
  });

  it('a leader who owns a complaint of the group they lead sees it under both lists, and the Home publishes (block ids unique)', async () => {
    const c = await d.file({ title: 'Charged twice' });
    // The leader takes it over on its escalation.
    h.clock.set(at('2026-12-01T09:00:00'));
    await h.pledge.services.sweep();
    const escalation = await h.db.prisma.escalation.findFirstOrThrow({ where: { complaintId: c.id } });
    await h.pledge.services.decideEscalation({ escalationId: escalation.id, actorId: 'ULEAD1', answer: { decision: 'approve', newOwnerId: 'ULEAD1' } });
    expect((await h.db.prisma.complaint.findUniqueOrThrow({ where: { id: c.id } })).ownerId).toBe('ULEAD1');
    await h.deliver();
    const view = await open('ULEAD1');
    const publish = published('ULEAD1').at(-1)!;
    expect(publish.response.body).toMatchObject({ ok: true });
    const blocks = json(view);
    expect(blocks).toContain('*You own (next due first)*');
    expect(blocks).toContain('*Open in Billing*');
    expect(blocks.split('*PLG-2026-000001* Charged twice').length - 1).toBe(2);
    const ids = (view.blocks as { block_id?: string }[]).map((b) => b.block_id).filter(Boolean);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('the stand-in refuses a view with a block_id given twice, as Slack does', async () => {
    const client = new WebClient('xoxb-test', { slackApiUrl: h.standIn.url, retryConfig: { retries: 0 } });
    const twice = { type: 'actions', block_id: 'same', elements: [{ type: 'button', action_id: 'a', text: { type: 'plain_text', text: 'A' } }] };
    await expect(client.views.publish({ user_id: 'UX', view: { type: 'home', blocks: [twice, twice] } as never })).rejects.toMatchObject({ data: { ok: false, error: 'invalid_arguments' } });
  });

  it('a supervisor also sees the deliveries that failed', async () => {
    h.standIn.failNext('chat.postMessage', 1, { body: { ok: false, error: 'channel_not_found' } });
    await d.file();
    const failed = await h.db.prisma.notification.findFirstOrThrow({ where: { failedAt: { not: null } } });
    expect(failed.kind).toBe('complaint.post');
    const blocks = json(await open('USUP1'));
    expect(blocks).toContain('*Deliveries that failed*');
    expect(withoutDates(blocks)).toContain('`complaint.post` to `CBILLING` failed Mon 30 Nov, 10:00 (GMT+8): PermanentDeliveryError: Slack refused: channel_not_found');
    // Nobody else sees that list.
    expect(json(await open('ULEAD1'))).not.toContain('Deliveries that failed');
  });

  it('is re-published through the outbox after a change that concerns the person', async () => {
    const c: Filed = await d.file();
    // Filing concerns the filer and the owner.
    expect(json(homeOf('UFILER'))).toContain('PLG-2026-000001');
    expect(json(homeOf(c.ownerId))).toContain('"action_id":"complaint_accept"');
    const rows = await h.db.prisma.notification.findMany({ where: { kind: 'home.refresh' } });
    expect(rows.map((r) => r.target).sort()).toEqual([c.ownerId, 'UFILER'].sort());
    expect(rows.every((r) => r.sentAt !== null)).toBe(true);

    await d.accept(c.ownerId, c);
    await h.deliver();
    const owner = json(homeOf(c.ownerId));
    expect(owner).not.toContain('"action_id":"complaint_accept"');
    expect(owner).toContain(`"value":"start_investigation:${c.id}"`);
    expect(json(homeOf('UFILER'))).toContain('_Accepted_');
    // Someone it does not concern is left alone.
    expect(published('UOWN3')).toEqual([]);
  });
});
