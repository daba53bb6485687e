import { expect, it } from 'vitest';
import { FIELD, FILE_COMPLAINT_VIEW, FILE_FROM_MESSAGE_CALLBACK, OPEN_FILE_MODAL_ACTION, REACTION_OFFER_BLOCK } from '../../src/slack/ids';
import { describeEachDb } from '../support/db';
import { complaintSubmission, useHarness } from '../support/pledge-harness';
import { blockActionPayload, eventEnvelope, messageShortcutPayload, reactionAddedEnvelope, openedMetadata } from '../support/signed-requests';
import type { RecordedCall } from '../support/slack-stand-in';

const CHANNEL = 'CGENERAL';
const TS = '1700000500.000100';
// Slack sends message text with &, < and > as entities; the modal's plain input must show them decoded.
const SLACK_TEXT = 'Invoice &lt;INV-7&gt; is wrong again &amp; nobody answers (&amp;lt; typed literally)';
const TEXT = 'Invoice <INV-7> is wrong again & nobody answers (&lt; typed literally)';
const PERMALINK = `https://example.slack.com/archives/${CHANNEL}/p1700000500000100`;

interface View {
  callback_id: string;
  private_metadata: string;
  blocks: { block_id?: string; type: string; element?: { initial_value?: string }; elements?: { text: string }[] }[];
}
const viewOf = (call: RecordedCall) => call.args.view as View;
const detailsOf = (view: View) => view.blocks.find((b) => b.block_id === FIELD.details.block)?.element?.initial_value;
const originOf = (view: View) => openedMetadata(view.private_metadata) as unknown;

describeEachDb('filing from a message: shortcut and reaction', (getDb) => {
  const h = useHarness(getDb);
  const settle = h.settle;

  const react = (user: string, reaction: string, opts: { eventId?: string; retryNum?: number } = {}) =>
    h.event(reactionAddedEnvelope({ user, reaction, channel: CHANNEL, ts: TS, eventId: opts.eventId }), {
      retryNum: opts.retryNum,
      retryReason: opts.retryNum === undefined ? undefined : 'http_timeout',
    });

  it('the message shortcut opens the modal with the text, adds the permalink, and the filing keeps where it came from', async () => {
    const res = await h.interact(
      messageShortcutPayload({ callbackId: FILE_FROM_MESSAGE_CALLBACK, userId: 'UFILER', channelId: CHANNEL, triggerId: 'trig-sc', message: { ts: TS, text: SLACK_TEXT } }),
    );
    expect(res.status).toBe(200);
    await settle();

    const [open] = h.standIn.callsTo('views.open');
    expect(open!.args.trigger_id).toBe('trig-sc');
    expect(viewOf(open!).callback_id).toBe(FILE_COMPLAINT_VIEW);
    expect(detailsOf(viewOf(open!))).toBe(TEXT);
    expect(originOf(viewOf(open!))).toEqual({ c: CHANNEL, t: TS });

    expect(h.standIn.callsTo('chat.getPermalink').map((c) => c.args)).toMatchObject([{ channel: CHANNEL, message_ts: TS }]);
    const updates = h.standIn.callsTo('views.update');
    expect(updates).toHaveLength(1);
    const openedView = open!.response.body as { view: { id: string; hash: string } };
    expect(updates[0]!.args.view_id).toBe(openedView.view.id);
    expect(updates[0]!.args.hash).toBe(openedView.view.hash);
    const updated = viewOf(updates[0]!);
    expect(detailsOf(updated)).toBe(TEXT);
    expect(originOf(updated)).toEqual({ c: CHANNEL, t: TS, p: PERMALINK });
    expect(JSON.stringify(updated.blocks)).toContain(`<${PERMALINK}|this message>`);
    expect(h.standIn.callsTo('conversations.history')).toHaveLength(0); // the shortcut carried the text

    const submitted = await h.interact(complaintSubmission('UFILER', { details: TEXT }, openedView.view.id, updated.private_metadata));
    expect(submitted.status).toBe(200);
    expect(submitted.body).toBe('');
    await h.settle(); // stored after its ack
    const complaint = await h.db.prisma.complaint.findFirstOrThrow();
    expect(complaint).toMatchObject({ originChannelId: CHANNEL, originMessageId: TS, originPermalink: PERMALINK, details: TEXT });
    await h.deliver();
    const card = h.standIn.callsTo('chat.postMessage').find((c) => c.args.channel === 'CBILLING');
    expect(JSON.stringify(card!.args.blocks)).toContain(`<${PERMALINK}|Original message>`);
  });

  it('a forged private_metadata is refused in the modal: nothing is filed (test/integration/forged-metadata.test.ts has more)', async () => {
    const forged = JSON.stringify({ c: CHANNEL, t: TS, p: 'javascript:alert(1)' });
    const res = await h.interact(complaintSubmission('UFILER', {}, 'VFORGED1', forged));
    expect(res.json()).toMatchObject({ response_action: 'errors' });
    expect(await h.db.prisma.complaint.count()).toBe(0);
  });

  it('the configured reaction privately offers the reacting person to file the message', async () => {
    expect(h.config.reaction).toBe('ticket');
    const res = await react('UREACT', 'ticket');
    expect(res.status).toBe(200);
    await settle();
    await h.deliver();
    const offers = h.standIn.callsTo('chat.postEphemeral');
    expect(offers).toHaveLength(1);
    expect(offers[0]!.args).toMatchObject({ channel: CHANNEL, user: 'UREACT' });
    const [section] = offers[0]!.args.blocks as { block_id: string; accessory: { action_id: string; value: string } }[];
    expect(section!.block_id).toBe(REACTION_OFFER_BLOCK);
    expect(section!.accessory.action_id).toBe(OPEN_FILE_MODAL_ACTION);
    expect(JSON.parse(section!.accessory.value)).toEqual({ c: CHANNEL, t: TS });
    expect(h.standIn.callsTo('chat.postMessage')).toHaveLength(0); // never in public
  });

  it('Slack’s retries of the reaction event offer once; another person gets an offer of their own', async () => {
    for (const retryNum of [undefined, 1, 2]) {
      expect((await react('UREACT', 'ticket', { eventId: 'EvSAME', retryNum })).status).toBe(200);
      await settle();
      await h.deliver(); // a retry after the offer went out must not offer again either
    }
    await react('UOTHER', 'ticket');
    await settle();
    await h.deliver();
    const offers = h.standIn.callsTo('chat.postEphemeral');
    expect(offers.map((c) => c.args.user).sort()).toEqual(['UOTHER', 'UREACT']);
    expect(await h.db.prisma.notification.count()).toBe(2);
  });

  it('any other emoji, or a reaction on a file, offers nothing', async () => {
    await react('UREACT', 'thumbsup');
    await h.event(eventEnvelope({ type: 'reaction_added', user: 'UREACT', reaction: 'ticket', item: { type: 'file', file: 'F123' }, event_ts: '1700000001.000001' }));
    await settle();
    await h.deliver();
    expect(await h.db.prisma.notification.count()).toBe(0);
    expect(h.standIn.calls.filter((c) => c.method !== 'auth.test')).toEqual([]);
  });

  it('the offer’s button opens the modal, then fills in the fetched text and the permalink', async () => {
    h.standIn.respond('conversations.history', (args) => ({
      body: { ok: true, has_more: false, messages: [{ type: 'message', user: 'UCUST', ts: String(args.latest), text: SLACK_TEXT }] },
    }));
    await react('UREACT', 'ticket');
    await settle();
    await h.deliver();
    const [offer] = h.standIn.callsTo('chat.postEphemeral');
    const value = (offer!.args.blocks as { accessory: { value: string } }[])[0]!.accessory.value;

    const res = await h.interact(
      blockActionPayload({ actionId: OPEN_FILE_MODAL_ACTION, blockId: REACTION_OFFER_BLOCK, value, userId: 'UREACT', channelId: CHANNEL, triggerId: 'trig-offer' }),
    );
    expect(res.status).toBe(200);
    await settle();
    const [open] = h.standIn.callsTo('views.open');
    expect(open!.args.trigger_id).toBe('trig-offer');
    expect(detailsOf(viewOf(open!))).toBeUndefined(); // opened at once, before any lookup
    expect(h.standIn.callsTo('conversations.history').map((c) => c.args)).toMatchObject([
      { channel: CHANNEL, latest: TS, inclusive: 'true', limit: '1' },
    ]);
    const [update] = h.standIn.callsTo('views.update');
    expect(detailsOf(viewOf(update!))).toBe(TEXT);
    expect(originOf(viewOf(update!))).toEqual({ c: CHANNEL, t: TS, p: PERMALINK });
    expect(h.standIn.callsTo('response_url')).toHaveLength(0);
  });

  it('when the message cannot be read, the modal still gets the permalink', async () => {
    h.standIn.respond('conversations.history', () => ({ body: { ok: false, error: 'not_in_channel' } }));
    await h.interact(blockActionPayload({ actionId: OPEN_FILE_MODAL_ACTION, value: JSON.stringify({ c: CHANNEL, t: TS }), userId: 'UREACT' }));
    await settle();
    expect(h.standIn.callsTo('views.open')).toHaveLength(1);
    const [update] = h.standIn.callsTo('views.update');
    expect(detailsOf(viewOf(update!))).toBeUndefined();
    expect(originOf(viewOf(update!))).toEqual({ c: CHANNEL, t: TS, p: PERMALINK });
  });

  it('a forged offer value gets a clean ephemeral error and opens nothing', async () => {
    const responseUrl = h.standIn.responseUrl('offer');
    await h.interact(blockActionPayload({ actionId: OPEN_FILE_MODAL_ACTION, value: '{"c":"not a channel","t":"x"}', userId: 'UREACT', responseUrl }));
    await settle();
    expect(h.standIn.callsTo('views.open')).toHaveLength(0);
    expect(h.standIn.callsTo('response_url').map((c) => c.args)).toEqual([
      { _path: '/hooks/offer', response_type: 'ephemeral', replace_original: false, text: 'Some of what you entered is not valid. Please check and try again.' },
    ]);
  });
});
