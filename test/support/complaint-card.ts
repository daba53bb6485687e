/**
 * The card of one complaint, as the message builders receive it: a new billing complaint filed
 * by phone on Monday 30 Nov, not yet accepted. Unit tests of messages name only what their
 * story changes (an accepted one, another priority, a customer's details), so the fields every
 * test shares are written once and a new field of ComplaintCard is added in one place.
 */
import type { ComplaintCard } from '../../src/domain/complaint';

export const CARD_ID = '7f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b';

export function complaintCardOf(over: Partial<ComplaintCard> = {}): ComplaintCard {
  return {
    id: CARD_ID,
    reference: 'PLG-2026-000123',
    title: 'Charged twice for one order',
    details: 'The customer paid once on the website but the card shows two charges of ¥268.',
    category: 'Billing',
    priority: 'normal',
    source: 'phone',
    status: 'new',
    filerId: 'U0FILER',
    ownerId: 'U0OWNER',
    firstContactId: null,
    acceptedById: null,
    followUp: null,
    groupId: 'billing',
    groupName: 'Billing team',
    filedAt: new Date('2026-11-30T06:00:00Z'),
    acceptedAt: null,
    ackDueAt: new Date('2026-12-01T06:00:00Z'),
    customerName: null,
    maskedContact: null,
    originPermalink: null,
    solution: null,
    result: null,
    archivedAt: null,
    nextDue: { stage: 'acknowledge', dueAt: new Date('2026-12-01T06:00:00Z') },
    paused: false,
    specialChannelId: null,
    channelId: 'C0BILLING',
    rootMessageId: '1764482400.000200',
    ...over,
  };
}
