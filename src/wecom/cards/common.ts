/**
 * What every WeCom card shares: its context (locale, zone, links), plain text (a template card
 * renders no markdown, so user text needs no escaping, only WeCom's length limits), the
 * complaint's facts as label and value pairs, and the links to Pledge's pages in WeCom.
 */
import { createHash } from 'node:crypto';
import { COMPLAINANT } from '../../domain/access';
import type { ComplaintCard } from '../../domain/complaint';
import { renderLineWith, type Markup } from '../../chat/render/line-params';
import type { Line } from '../../chat/port';
import { formatDateTime, priorityLabel, sourceLabel, stageLabel, standingLabel, t, type Locale, type MessageKey } from '../../i18n';
import { appLink, type AppLinkSettings } from '../app-links';
import type { ButtonCard, CardButton } from '../messages';
import type { PageStep } from './steps';

export interface CardContext {
  locale: Locale;
  /** The zone of the complaint's group. */
  timeZone: string;
  /** Links to Pledge's pages in WeCom; without them (no PLEDGE_PUBLIC_URL) a card offers only its clicks. */
  links?: AppLinkSettings;
  /** Unique within the app (WeCom refuses a task_id used before): see taskIdFor. */
  taskId: string;
  card: ComplaintCard;
}

/** Text as a template card shows it: as typed, people by their UserID. */
export const plainMarkup: Markup = {
  escape: (text) => text,
  mention: (personId) => personId,
  bold: (safe) => safe,
  quote: (text) => `“${text}”`,
  dateTime: (locale, date, timeZone) => (Number.isNaN(date.getTime()) ? '–' : formatDateTime(locale, date, timeZone)),
  // A card's text holds 112 characters; a quote may take most of them.
  maxText: 80,
};

export function plainLine(ctx: Pick<CardContext, 'locale' | 'timeZone'>, line: Line): string {
  return renderLineWith(plainMarkup, { locale: ctx.locale, timeZone: ctx.timeZone }, line);
}

export const when = (ctx: Pick<CardContext, 'locale' | 'timeZone'>, date: Date): string => formatDateTime(ctx.locale, date, ctx.timeZone);

/** The card's title: which complaint. */
export const heading = ({ locale, card }: CardContext): string => t(locale, 'notice.heading', { reference: card.reference, title: card.title });

/**
 * A task_id for the card an outbox row sends: the same for every retry of that row (so WeCom's
 * duplicate check sees one card), different for every other row.
 */
export function taskIdFor(deliveryKey: string): string {
  return `pledge-${createHash('sha256').update(deliveryKey).digest('base64url').slice(0, 40)}`;
}

export type Fact = 'priority' | 'status' | 'category' | 'source' | 'owner' | 'firstContact' | 'nextDue' | 'filedBy' | 'customer' | 'contact';

const LABEL: Record<Fact, MessageKey> = {
  priority: 'card.priority',
  status: 'card.status',
  category: 'card.category',
  source: 'card.source',
  owner: 'card.owner',
  firstContact: 'card.first_contact',
  nextDue: 'card.next_due',
  filedBy: 'card.filed_by',
  customer: 'card.customer',
  contact: 'card.contact',
};

/** The facts that apply, in the order asked (a card shows at most six). */
export function facts(ctx: CardContext, wanted: readonly Fact[]): NonNullable<ButtonCard['facts']> {
  const { locale, card } = ctx;
  const value: Record<Fact, string | null> = {
    priority: priorityLabel(locale, card.priority),
    status: standingLabel(locale, card),
    category: card.categoryName ?? card.category,
    source: sourceLabel(locale, card.source),
    owner: card.ownerId,
    firstContact: card.firstContactId,
    nextDue: card.paused
      ? t(locale, 'card.paused')
      : card.nextDue
        ? t(locale, 'card.next_due.value', { stage: stageLabel(locale, card.nextDue.stage), due: when(ctx, card.nextDue.dueAt) })
        : null,
    filedBy: card.filerId === COMPLAINANT ? t(locale, 'actor.complainant') : card.filerId,
    customer: card.customerName,
    // Masked by the service before it reaches a builder; the raw contact never gets here.
    contact: card.maskedContact,
  };
  return wanted.flatMap((f) => (value[f] ? [{ label: t(locale, LABEL[f]), value: value[f]! }] : []));
}

/** Tapping the card opens the complaint's page in WeCom. */
export const complaintUrl = ({ links, card }: CardContext): string | undefined => (links ? appLink(links, { page: 'complaint', complaintId: card.id }) : undefined);

/** A button that opens the page of a step needing typed input; none without links. */
export function stepButton(ctx: CardContext, step: PageStep, label: MessageKey, requestId?: string, style?: CardButton['style']): CardButton[] {
  if (!ctx.links) return [];
  const url = appLink(ctx.links, { page: 'step', complaintId: ctx.card.id, step, ...(requestId && { requestId }) });
  return [{ text: t(ctx.locale, label), url, ...(style && { style }) }];
}

/** The card as WeCom takes it, its facts and the complaint's page link filled in. */
export function cardOf(ctx: CardContext, parts: { text: string; description?: string; facts?: readonly Fact[]; buttons: CardButton[] }): ButtonCard {
  const url = complaintUrl(ctx);
  return {
    taskId: ctx.taskId,
    title: heading(ctx),
    ...(parts.description && { description: parts.description }),
    text: parts.text,
    ...(parts.facts && { facts: facts(ctx, parts.facts) }),
    ...(url && { url }),
    buttons: parts.buttons.slice(0, 6),
  };
}

/** Words someone typed, set apart below the card's text (nothing when there are none). */
export function withQuote(card: ButtonCard, text: string | null | undefined, title?: string): ButtonCard {
  return text?.trim() ? { ...card, quote: { ...(title && { title }), text: text.trim() } } : card;
}
