import { COMPLAINANT } from '../../domain/access';
import type { KnownBlock, MrkdwnElement } from '@slack/types';
import type { ComplaintCard } from '../../domain/complaint';
import { maskPersonalData } from '../../domain/mask';
import { priorityLabel, sourceLabel, stageLabel, standingLabel, t, type Locale } from '../../i18n';
import { escapeText } from './escape';
import { field, LIMITS, link, mention, mrkdwn, plain, truncate } from './common';
import { PRIORITY_MARK } from './card-link';
import { dateTime } from './markup';

/** Shared pieces of the card, the owner's DM and the detail view, so they never disagree. */
export interface CardContext {
  locale: Locale;
  timeZone: string;
  card: ComplaintCard;
}

export type Fact =
  | 'priority'
  | 'status'
  | 'category'
  | 'source'
  | 'group'
  | 'owner'
  | 'firstContact'
  | 'ackDue'
  | 'nextDue'
  | 'filedBy'
  | 'filedAt'
  | 'acceptedAt'
  | 'archivedAt'
  | 'customer'
  | 'contact'
  | 'reach'
  | 'followUp'
  | 'waiting';

/** One field per fact that applies; facts with nothing to show are left out. */
export function facts({ locale, timeZone, card }: CardContext, wanted: readonly Fact[]): MrkdwnElement[] {
  const when = (d: Date) => dateTime(locale, d, timeZone);
  const value: Record<Fact, string | null> = {
    priority: escapeText(priorityLabel(locale, card.priority)),
    status: escapeText(standingLabel(locale, card)),
    category: escapeText(card.categoryName ?? card.category),
    source: escapeText(sourceLabel(locale, card.source)),
    group: escapeText(card.groupName),
    owner: mention(card.ownerId),
    firstContact: card.firstContactId ? mention(card.firstContactId) : null,
    // Only while waiting for acceptance: afterwards the deadline is met and would mislead.
    ackDue: card.status === 'new' && card.ackDueAt ? when(card.ackDueAt) : null,
    nextDue: nextDueText({ locale, timeZone, card }),
    filedBy: card.filerId === COMPLAINANT ? escapeText(t(locale, 'actor.complainant')) : mention(card.filerId),
    filedAt: when(card.filedAt),
    acceptedAt: card.acceptedAt ? when(card.acceptedAt) : null,
    archivedAt: card.archivedAt ? when(card.archivedAt) : null,
    customer: card.customerName ? escapeText(card.customerName) : null,
    // Masked by the service before it reaches a builder; the raw contact never gets here.
    contact: card.maskedContact ? escapeText(card.maskedContact) : null,
    waiting: card.waiting?.length
      ? card.waiting.map((w) => t(locale, 'card.waiting.value', { approver: w.approverId === COMPLAINANT ? escapeText(t(locale, 'actor.complainant')) : mention(w.approverId), kind: escapeText(t(locale, `history.kind.${w.kind}`)) })).join('\n')
      : null,
    reach: reachText({ locale, timeZone, card }),
    followUp: card.followUp ? t(locale, 'card.follow_up.value', { rating: card.followUp.rating, by: t(locale, `recorded.${card.followUp.by}`) }) : null,
  };
  const label: Record<Fact, string> = {
    priority: t(locale, 'card.priority'),
    status: t(locale, 'card.status'),
    category: t(locale, 'card.category'),
    source: t(locale, 'card.source'),
    group: t(locale, 'card.group'),
    owner: t(locale, 'card.owner'),
    firstContact: t(locale, 'card.first_contact'),
    ackDue: t(locale, 'card.ack_due'),
    nextDue: t(locale, 'card.next_due'),
    filedBy: t(locale, 'card.filed_by'),
    filedAt: t(locale, 'card.filed_at'),
    acceptedAt: t(locale, 'card.accepted_at'),
    archivedAt: t(locale, 'card.archived_at'),
    customer: t(locale, 'card.customer'),
    contact: t(locale, 'card.contact'),
    reach: t(locale, 'card.reach'),
    followUp: t(locale, 'card.follow_up'),
    waiting: t(locale, 'card.waiting'),
  };
  return wanted.flatMap((f) => {
    const v = value[f];
    return v === null ? [] : [field(label[f], v)];
  });
}

/**
 * Header text is plain_text, so user text needs no escaping there, only a length cap. It leads
 * with the priority's colour, so a channel can be scanned for what is urgent.
 */
export const headerBlock = (card: ComplaintCard): KnownBlock => ({
  type: 'header',
  text: plain(`${PRIORITY_MARK[card.priority]} ${card.reference} · ${card.title}`, LIMITS.headerText),
});

/** "Accepted by … at …": whoever pressed Accept (the handler, or the leader for them). */
export function acceptedLine({ locale, timeZone, card }: CardContext): string | undefined {
  if (!card.acceptedAt) return undefined;
  return t(locale, 'card.accepted', {
    user: mention(card.acceptedById ?? card.ownerId),
    time: dateTime(locale, card.acceptedAt, timeZone),
  });
}

export function originLink(locale: Locale, card: ComplaintCard): string | undefined {
  return card.originPermalink ? link(card.originPermalink, t(locale, 'card.origin')) : undefined;
}

export function contextBlock(texts: readonly (string | undefined)[]): KnownBlock[] {
  const elements = texts
    .filter((s): s is string => !!s)
    .slice(0, LIMITS.contextElements)
    .map((s) => mrkdwn(s));
  return elements.length === 0 ? [] : [{ type: 'context', elements }];
}

/** Whether the latest e-mail or SMS to the complainant reached them, and when (or that it is on its way). */
export function reachText({ locale, timeZone, card }: CardContext): string | null {
  if (!card.reach) return null;
  const channel = t(locale, `reach.channel.${card.reach.channel}`);
  const time = card.reach.at ? dateTime(locale, card.reach.at, timeZone) : '';
  return t(locale, `card.reach.${card.reach.state}`, { channel: escapeText(channel), time });
}

/** What is due next and when, or that the clocks are stopped while the complainant is asked. */
export function nextDueText({ locale, timeZone, card }: CardContext): string | null {
  if (card.paused) return escapeText(t(locale, 'card.paused'));
  if (!card.nextDue) return null;
  const due = t(locale, 'card.next_due.value', {
    stage: escapeText(stageLabel(locale, card.nextDue.stage)),
    due: dateTime(locale, card.nextDue.dueAt, timeZone),
  });
  const by = card.nextDue.extendedBy;
  const line = by ? `${due} ${t(locale, `card.extended.${by}`)}` : due;
  return card.unknownYear ? `${line}\n${t(locale, 'card.unknown_year')}` : line;
}

/**
 * The proposed solution and the result (or, once rejected, the reason), when there are any.
 * `mask` for channels, where many people read; `max` keeps a card short.
 */
export function outcomeSections({ locale, card }: CardContext, opts: { mask: boolean; max: number }): KnownBlock[] {
  const section = (label: string, text: string): KnownBlock => {
    const shown = truncate((opts.mask ? maskPersonalData(text) : text).trim(), opts.max);
    return { type: 'section', text: mrkdwn(`*${escapeText(label)}*\n${escapeText(shown)}`) };
  };
  const blocks: KnownBlock[] = [];
  if (card.solution?.trim()) blocks.push(section(t(locale, 'card.solution'), card.solution));
  if (card.result?.trim()) {
    blocks.push(section(t(locale, card.status === 'rejected' ? 'card.rejection_reason' : 'card.result'), card.result));
  }
  return blocks;
}
