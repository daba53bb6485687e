import type { KnownBlock, ModalView } from '@slack/types';
import { describe, expect, it } from 'vitest';
import type { ComplaintCard } from '../../src/domain/complaint';
import type { Locale } from '../../src/i18n';
import { ACCEPT_ACTION, FIELD, FILE_COMPLAINT_VIEW, OPEN_FILE_MODAL_ACTION } from '../../src/slack/ids';
import { complaintCard } from '../../src/slack/blocks/complaint-card';
import { complaintModal } from '../../src/slack/blocks/complaint-modal';
import { escapeText } from '../../src/slack/blocks/escape';
import { helpMessage } from '../../src/slack/blocks/help';
import { mineMessage } from '../../src/slack/blocks/mine';
import { filerConfirmation, filingFailedMessage, ownerAssignedMessage } from '../../src/slack/blocks/owner-dm';
import { reactionOffer } from '../../src/slack/blocks/reaction-offer';
import { showMessage } from '../../src/slack/blocks/show';
import type { SlackMessage } from '../../src/slack/blocks/common';
import { complaintCardOf } from '../support/complaint-card';
import { assertActionsListened, messagesAsText } from './message-snapshots';
import { assertMessageLimits, assertModalLimits, mrkdwnTexts, withoutDates } from './slack-limits';

const timeZone = 'Asia/Shanghai';
const RAW_CONTACT = '13812345678';
const card: ComplaintCard = complaintCardOf({
  id: 'cmp_01HZX',
  priority: 'major',
  groupId: 'grp_billing',
  customerName: '王先生',
  maskedContact: '138****5678',
  originPermalink: 'https://acme.slack.com/archives/C0ORIGIN/p1764482400000100?thread_ts=1764482400.000100&cid=C0ORIGIN',
});
const accepted: ComplaintCard = {
  ...card,
  status: 'accepted',
  firstContactId: 'U0OWNER',
  acceptedById: 'U0OWNER',
  followUp: null,
  acceptedAt: new Date('2026-11-30T07:30:00Z'),
  nextDue: { stage: 'solution', dueAt: new Date('2026-12-07T10:00:00Z') },
};
// A card that (wrongly) carries the raw contact: builders must not copy unknown fields out.
const leaky = { ...card, customerContact: RAW_CONTACT } as ComplaintCard;
const categories = ['Billing', 'Service quality', 'Delivery'];
const locales: Locale[] = ['en', 'zh-CN'];

const messages = (locale: Locale): Record<string, SlackMessage> => ({
  cardNew: complaintCard({ locale, timeZone, card }),
  cardAccepted: complaintCard({ locale, timeZone, card: accepted }),
  ownerAssigned: ownerAssignedMessage({ locale, timeZone, card }),
  filerConfirmation: filerConfirmation({ locale, timeZone, card }),
  // Acked, then not stored: the title as typed (masked by the service), escaped here.
  filingFailed: filingFailedMessage(locale, 'Charged twice <!channel>'),
  help: helpMessage(locale),
  mine: mineMessage({ locale, timeZone, filed: [card], owned: [accepted] }),
  mineEmpty: mineMessage({ locale, timeZone, filed: [], owned: [] }),
  showNew: showMessage({ locale, timeZone, card }),
  showAccepted: showMessage({ locale, timeZone, card: accepted }),
  reactionOffer: reactionOffer({ locale, channelId: 'C0ORIGIN', messageTs: '1764482400.000100' }),
});

const modal = (locale: Locale) =>
  complaintModal({
    locale,
    categories,
    prefill: { details: 'The card shows two charges.', permalink: card.originPermalink ?? undefined },
    privateMetadata: '{"c":"C0ORIGIN","t":"1764482400.000100"}',
  });

const actionIds = (blocks: KnownBlock[]) => JSON.stringify(blocks).match(/"action_id":"[^"]+"/g) ?? [];

describe.each(locales)('builders in %s', (locale) => {
  it.each(Object.keys(messages(locale)))('%s stays within Slack limits', (name) => {
    const message = messages(locale)[name];
    if (!message) throw new Error(name);
    assertMessageLimits(message);
  });

  it('modal stays within Slack limits', () => {
    assertModalLimits(modal(locale));
  });

  it('reads as in __messages__/filing', async () => {
    const all = { ...messages(locale), modal: modal(locale), modalEmpty: complaintModal({ locale, categories, privateMetadata: '' }) };
    assertActionsListened(all);
    await expect(messagesAsText(all)).toMatchFileSnapshot(`__messages__/filing.${locale}.txt`);
  });

  it('never shows a raw contact', () => {
    const all = [
      complaintCard({ locale, timeZone, card: leaky }),
      ownerAssignedMessage({ locale, timeZone, card: leaky }),
      filerConfirmation({ locale, timeZone, card: leaky }),
      showMessage({ locale, timeZone, card: leaky }),
      mineMessage({ locale, timeZone, filed: [leaky], owned: [leaky] }),
    ];
    const json = JSON.stringify(all);
    expect(json).not.toContain(RAW_CONTACT);
    expect(json).toContain('138****5678');
  });
});

describe('complaint modal', () => {
  it('uses the shared ids and sensible defaults', () => {
    const view = modal('en') as ModalView & { blocks: KnownBlock[] };
    expect(view.callback_id).toBe(FILE_COMPLAINT_VIEW);
    const byBlock = Object.fromEntries(view.blocks.map((b) => [b.block_id, b]));
    for (const ids of Object.values(FIELD)) {
      expect(JSON.stringify(byBlock[ids.block])).toContain(`"action_id":"${ids.action}"`);
    }
    expect(JSON.stringify(byBlock[FIELD.priority.block])).toContain('"initial_option":{"text":{"type":"plain_text","text":"Normal"');
    expect(JSON.stringify(byBlock[FIELD.source.block])).toContain('"initial_option":{"text":{"type":"plain_text","text":"Chat"');
    expect(JSON.stringify(byBlock[FIELD.details.block])).toContain('"initial_value":"The card shows two charges."');
  });

  it('caps options at 100 and option text at 75 characters', () => {
    const many = Array.from({ length: 150 }, (_, i) => `Category ${i} ${'x'.repeat(80)}`);
    assertModalLimits(complaintModal({ locale: 'en', categories: many, privateMetadata: '' }));
  });

  it('refuses what Slack would reject', () => {
    expect(() => complaintModal({ locale: 'en', categories: [], privateMetadata: '' })).toThrow(RangeError);
    expect(() => complaintModal({ locale: 'en', categories, privateMetadata: 'x'.repeat(3001) })).toThrow(RangeError);
  });
});

describe('complaint card', () => {
  it('offers Accept only while new, carrying the complaint id', () => {
    const fresh = complaintCard({ locale: 'en', timeZone, card });
    expect(actionIds(fresh.blocks)).toEqual([`"action_id":"${ACCEPT_ACTION}"`, '"action_id":"complaint_act:more"', '"action_id":"contact_reveal"']);
    expect(JSON.stringify(fresh.blocks)).toContain(`"value":"${card.id}"`);
    const done = complaintCard({ locale: 'en', timeZone, card: accepted });
    expect(JSON.stringify(done.blocks)).not.toContain(ACCEPT_ACTION);
    expect(withoutDates(mrkdwnTexts(done))).toContain('Accepted by <@U0OWNER> at Mon 30 Nov, 15:30 (GMT+8)');
  });

  it('offers "Reveal contact" only while a masked contact is there, carrying the complaint id', () => {
    const reveal = (c: ComplaintCard) => JSON.stringify([...complaintCard({ locale: 'en', timeZone, card: c }).blocks, ...showMessage({ locale: 'en', timeZone, card: c }).blocks]);
    expect(reveal(card).match(/"action_id":"contact_reveal","text":\{"type":"plain_text","text":"Reveal contact","emoji":true\},"value":"cmp_01HZX"/g)).toHaveLength(2);
    expect(reveal({ ...card, maskedContact: null })).not.toContain('contact_reveal');
  });

  it('caps a long header at 150 characters', () => {
    const long = complaintCard({ locale: 'zh-CN', timeZone, card: { ...card, title: '投'.repeat(150) } });
    assertMessageLimits(long);
  });
});

describe('escaping user text', () => {
  const hostile: ComplaintCard = {
    ...card,
    title: '<!channel> refund & <https://evil.example|your bank>',
    details: '<!here> call <@U0BOSS> now',
    category: '<#C0GENERAL>',
    groupName: '<!everyone>',
    customerName: '<@U0VIP>',
    originPermalink: 'https://evil.example/x|<!channel>',
  };
  it('leaves no live mention, broadcast or link in mrkdwn', () => {
    for (const locale of locales) {
      for (const message of [
        complaintCard({ locale, timeZone, card: hostile }),
        ownerAssignedMessage({ locale, timeZone, card: hostile }),
        filerConfirmation({ locale, timeZone, card: hostile }),
        showMessage({ locale, timeZone, card: hostile }),
        mineMessage({ locale, timeZone, filed: [hostile], owned: [] }),
      ]) {
        const text = withoutDates(mrkdwnTexts(message));
        expect(text).not.toMatch(/<!|<#|<@U0(BOSS|VIP)|<https:\/\/evil/);
      }
    }
  });
  it('escapes &, < and >', () => {
    expect(escapeText('a & <b> &amp;')).toBe('a &amp; &lt;b&gt; &amp;amp;');
  });
});

describe('mine', () => {
  it('stays within 50 blocks and says how many more there are', () => {
    const cards = Array.from({ length: 35 }, (_, i) => ({ ...card, id: `c${i}`, reference: `PLG-2026-${String(i + 1).padStart(6, '0')}` }));
    const message = mineMessage({ locale: 'en', timeZone, filed: cards, owned: cards });
    assertMessageLimits(message);
    expect(mrkdwnTexts(message).match(/…and 15 more/g)).toHaveLength(2);
  });
});

describe('reaction offer', () => {
  it('carries the message to file from', () => {
    const message = reactionOffer({ locale: 'en', channelId: 'C0ORIGIN', messageTs: '1764482400.000100' });
    const json = JSON.stringify(message.blocks);
    expect(json).toContain(`"action_id":"${OPEN_FILE_MODAL_ACTION}"`);
    const value = /"value":("(?:[^"\\]|\\.)*")/.exec(json)?.[1];
    expect(JSON.parse(JSON.parse(value ?? '""'))).toEqual({ c: 'C0ORIGIN', t: '1764482400.000100' });
  });
});
