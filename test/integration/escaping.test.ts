/**
 * User text must stay inert in everything the bot posts: a title like `<!channel>` must not ping
 * a channel, `<@U…>` must not mention anyone, `<https://evil|click>` must not become a disguised
 * link. Checked on the real messages as they reach (the stand-in of) Slack's Web API.
 */
import { expect, it } from 'vitest';
import { ACCEPT_ACTION } from '../../src/slack/ids';
import { describeEachDb } from '../support/db';
import { complaintSubmission, useHarness } from '../support/pledge-harness';
import { blockActionPayload } from '../support/signed-requests';

const HOSTILE_TITLE = '<!channel> *bold* <https://evil|click>';
const HOSTILE_DETAILS = 'Hi <!here> and <!everyone>, ask <@UVICTIM> or <#CSECRET|general>, see <https://evil.example/x|your bank> & <mailto:x@evil|mail>';
// Raw control sequences that must never reach Slack from user text.
const FORBIDDEN = ['<!channel>', '<!here>', '<!everyone>', '<@UVICTIM>', '<#CSECRET', '<https://evil', '<mailto:'];

interface TextObject {
  type: 'mrkdwn' | 'plain_text';
  text: string;
}

/** Every text Slack parses for control sequences (top-level text and mrkdwn objects), and every plain_text. */
function texts(args: Record<string, unknown>): { parsed: string[]; plain: string[] } {
  const parsed: string[] = typeof args.text === 'string' ? [args.text] : [];
  const plain: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Partial<TextObject>;
      if (o.type === 'mrkdwn' && typeof o.text === 'string') parsed.push(o.text);
      else if (o.type === 'plain_text' && typeof o.text === 'string') plain.push(o.text);
      Object.values(v).forEach(walk);
    }
  };
  walk(args.blocks);
  walk(args.attachments);
  return { parsed, plain };
}

describeEachDb('user text in messages the bot posts', (getDb) => {
  const h = useHarness(getDb);
  const settle = h.settle;

  it('is escaped in the channel card, the DMs, show, mine and the accepted card', async () => {
    const filed = await h.interact(complaintSubmission('UFILER', { title: HOSTILE_TITLE, details: HOSTILE_DETAILS, customerName: '<!channel> Mr <@UVICTIM>' }));
    expect([filed.status, filed.body]).toEqual([200, '']);
    await h.deliver();
    const row = await h.db.prisma.complaint.findFirstOrThrow();
    // Stored as typed: escaping is the renderer's job, so no double escaping later.
    expect(row.title).toBe(HOSTILE_TITLE);

    await h.command(`show ${row.reference}`, 'UFILER');
    await h.command('mine', 'UFILER');
    await h.interact(blockActionPayload({ actionId: ACCEPT_ACTION, value: row.id, userId: row.ownerId, responseUrl: h.standIn.responseUrl() }));
    await settle();
    await h.deliver();

    const posted = h.standIn.calls.filter((c) => ['chat.postMessage', 'chat.update', 'chat.postEphemeral', 'response_url'].includes(c.method));
    const channelPost = posted.find((c) => c.method === 'chat.postMessage' && c.args.channel === 'CBILLING');
    expect(channelPost, 'the channel card').toBeDefined();
    expect(posted.filter((c) => c.method === 'response_url')).toHaveLength(2); // show and mine
    expect(posted.length).toBeGreaterThanOrEqual(6); // card, owner DM, filer DM, show, mine, card update

    for (const call of posted) {
      const { parsed, plain } = texts(call.args);
      for (const text of parsed) {
        for (const bad of FORBIDDEN) expect(text, `${call.method} ${String(call.args.channel ?? '')}`).not.toContain(bad);
      }
      // plain_text is shown as typed and never parsed: the title may appear there literally.
      for (const text of plain) expect(typeof text).toBe('string');
    }

    // The user's words are still there, visibly, as escaped text.
    const card = texts(channelPost!.args);
    expect(card.parsed.join('\n')).toContain('&lt;!channel&gt; *bold* &lt;https://evil|click&gt;');
    expect(card.plain.join('\n')).toContain(`${row.reference} · ${HOSTILE_TITLE}`);
    // The bot's own mention of the owner is a real one.
    expect(card.parsed.join('\n')).toContain(`<@${row.ownerId}>`);
  });
});
