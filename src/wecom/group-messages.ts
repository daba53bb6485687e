/**
 * What a group's WeCom chat reads, as markdown: a new complaint, a line about one (an
 * escalation's ping, or what Slack would put in its thread: WeCom has no threads), and the daily
 * digest. Each item links to the complaint's page in WeCom (app-links.ts), since a group message
 * can be neither updated nor replied under.
 *
 * Many people read a group chat, so typed text is masked as in Slack's channel. A robot's
 * markdown mentions a member (<@userid>); an app's group message cannot, so there a person
 * shows as their UserID. A message holds at most `maxBytes` (UTF-8): a robot's markdown takes
 * 4096, appchat's 2048. A digest longer than that goes as several messages, in order, each cut
 * only between lines and numbered (1/3, 2/3, ...).
 */
import type { Line } from '../chat/port';
import { renderLineWith, type Markup } from '../chat/render/line-params';
import type { ComplaintCard } from '../domain/complaint';
import type { DigestCounts, DigestItem, DigestModel, DigestState } from '../domain/digest';
import { maskPersonalData } from '../domain/mask';
import { formatDateTime, formatDay, formatTimeLeft, priorityLabel, stageLabel, t, type Locale } from '../i18n';
import { escapeMarkdown, weComMarkup } from './markup';
import { clip } from './messages';

export interface GroupMessageContext {
  locale: Locale;
  /** The group's zone: dates read in it. */
  timeZone: string;
  /** A robot's markdown mentions members; an app's group message shows their UserID. */
  mentions: boolean;
  /** The link to a complaint's page in WeCom; absent where Pledge has no public address. */
  linkTo?: (complaintId: string) => string;
  /** WeCom's limit for one message's content, in bytes. */
  maxBytes: number;
}

/** A robot's markdown (群机器人 markdown): 4096 bytes. */
export const ROBOT_MARKDOWN_MAX_BYTES = 4096;
/** appchat/send's markdown: 2048 bytes, as an app message's. */
export const GROUP_CHAT_MARKDOWN_MAX_BYTES = 2048;
/** Complaints listed by name in a digest, as in Slack's: more is a wall nobody reads. */
export const DIGEST_SHOWN = 30;

const TITLE_MAX = 80;
const EXCERPT_MAX = 300;
const STATES: readonly DigestState[] = ['breached', 'at_risk', 'due_today', 'open'];

export function groupMarkup(ctx: Pick<GroupMessageContext, 'mentions'>): Markup {
  return ctx.mentions ? { ...weComMarkup, mention: (id) => `<@${escapeMarkdown(id)}>` } : weComMarkup;
}

const title = (text: string) => escapeMarkdown(cutChars(maskPersonalData(text.replace(/\s+/g, ' ').trim()), TITLE_MAX));
const fact = (locale: Locale, label: string, value: string) => t(locale, 'group.fact', { label, value });

/** A link line to the complaint's page, or nothing without a public address. */
function linkLine(ctx: GroupMessageContext, complaintId: string): string {
  return ctx.linkTo ? `[${t(ctx.locale, 'group.open')}](${ctx.linkTo(complaintId)})` : '';
}

/** Text, then the link, which clipping never cuts (a half link opens nowhere). */
function withLink(ctx: GroupMessageContext, text: string, complaintId: string): string {
  const link = linkLine(ctx, complaintId);
  if (!link) return clip(text, ctx.maxBytes);
  return `${clip(text, ctx.maxBytes - Buffer.byteLength(link) - 1)}\n${link}`;
}

/** A new complaint in its group's chat: what, how urgent, whose, by when, and where to open it. */
export function complaintPost(ctx: GroupMessageContext, card: ComplaintCard): string {
  const { locale } = ctx;
  const m = groupMarkup(ctx);
  const when = (date: Date) => m.bold(escapeMarkdown(formatDateTime(locale, date, ctx.timeZone)));
  const heading = t(locale, 'card.fallback', { reference: m.bold(escapeMarkdown(card.reference)), priority: escapeMarkdown(priorityLabel(locale, card.priority)), title: title(card.title) });
  const facts = [fact(locale, t(locale, 'card.owner'), m.mention(card.ownerId))];
  if (card.status === 'new' && card.ackDueAt) facts.push(fact(locale, t(locale, 'card.ack_due'), when(card.ackDueAt)));
  else if (card.nextDue && !card.paused) {
    facts.push(fact(locale, t(locale, 'card.next_due'), t(locale, 'card.next_due.value', { stage: escapeMarkdown(stageLabel(locale, card.nextDue.stage)), due: when(card.nextDue.dueAt) })));
  }
  facts.push(fact(locale, t(locale, 'card.category'), escapeMarkdown(card.categoryName ?? card.category)));
  const details = card.details.trim() ? m.quote(cutChars(maskPersonalData(card.details.trim()), EXCERPT_MAX)) : '';
  return withLink(ctx, `${heading}\n${facts.join('\n')}${details}`, card.id);
}

/** A line about one complaint, top level in its group's chat: which complaint, what happened. */
export function channelLinePost(ctx: GroupMessageContext, card: ComplaintCard, line: Line): string {
  const m = groupMarkup(ctx);
  const heading = t(ctx.locale, 'notice.heading', { reference: m.bold(escapeMarkdown(card.reference)), title: title(card.title) });
  const words = renderLineWith(m, { locale: ctx.locale, timeZone: ctx.timeZone, mask: true }, line);
  return withLink(ctx, `${heading}\n${words}`, card.id);
}

/** The daily digest as one or more messages, in the order they are to be sent. */
export function digestPosts(ctx: GroupMessageContext, d: DigestModel): string[] {
  const { locale } = ctx;
  const m = groupMarkup(ctx);
  const date = escapeMarkdown(formatDay(locale, d.localDate));
  // A quiet day still gets its line: silence would read as "the bot is down".
  if (d.quiet) return [clip(t(locale, 'digest.quiet', { group: m.bold(escapeMarkdown(d.groupName)), date }), ctx.maxBytes)];
  const heading = t(locale, 'digest.title', { group: escapeMarkdown(d.groupName), date });
  const { counts } = d;
  // Blocks are never split between messages: a state's heading goes with its first complaint.
  const blocks: string[] = [t(locale, 'digest.counts', { ...counts })];
  if (counts.open === 0) blocks.push(t(locale, 'digest.none_open'));
  const onlyOpen = counts.breached + counts.atRisk + counts.dueToday === 0;
  const notShown: Record<DigestState, number> = { breached: 0, at_risk: 0, due_today: 0, open: 0 };
  let shown = 0;
  for (const state of STATES) {
    const total = countOf(counts, state);
    if (total === 0) continue;
    const items = d.items.filter((i) => i.state === state).slice(0, Math.max(0, DIGEST_SHOWN - shown));
    shown += items.length;
    notShown[state] = total - items.length;
    if (items.length === 0) continue;
    const label = m.bold(t(locale, state === 'open' && onlyOpen ? 'digest.state.open_only' : `digest.state.${state}`, { count: total }));
    const lines = items.map((i) => itemLine(ctx, m, i));
    blocks.push(`${label}\n${lines[0]}`, ...lines.slice(1));
  }
  const rest = STATES.reduce((n, s) => n + notShown[s], 0);
  if (rest > 0) blocks.push(t(locale, 'group.digest.more', { count: rest, breakdown: breakdown(locale, notShown) }));
  return pack(ctx, heading, blocks);
}

/** Blocks into as few messages as hold them, each under its numbered heading. */
function pack(ctx: GroupMessageContext, heading: string, blocks: string[]): string[] {
  const head = (part: number, parts: number) => `### ${parts > 1 ? t(ctx.locale, 'group.digest.part', { title: heading, part, parts }) : heading}`;
  // Room for the longest heading a part can get ("(99/99)").
  const room = ctx.maxBytes - Buffer.byteLength(head(99, 99)) - 1;
  const bodies: string[] = [];
  let body = '';
  for (const raw of blocks) {
    const block = clip(raw, room);
    if (body && Buffer.byteLength(body) + 1 + Buffer.byteLength(block) > room) {
      bodies.push(body);
      body = '';
    }
    body = body ? `${body}\n${block}` : block;
  }
  if (body) bodies.push(body);
  return bodies.map((b, i) => `${head(i + 1, bodies.length)}\n${b}`);
}

function itemLine(ctx: GroupMessageContext, m: Markup, item: DigestItem): string {
  const { locale } = ctx;
  // A digest queued before items carried their id names its complaint without a link.
  const reference = item.id && ctx.linkTo ? `[${escapeMarkdown(item.reference)}](${ctx.linkTo(item.id)})` : m.bold(escapeMarkdown(item.reference));
  // Only a breached limit mentions its handler: a daily ping of everyone is noise people learn to ignore.
  const owner = item.state === 'breached' ? m.mention(item.ownerId) : escapeMarkdown(item.ownerId);
  const left = item.left ?? (item.workingLeftMs === null ? null : { clock: 'working' as const, minutes: Math.abs(item.workingLeftMs) / 60_000, overdue: item.workingLeftMs < 0 });
  const when =
    item.stage !== null && left
      ? t(locale, 'digest.when', { stage: escapeMarkdown(stageLabel(locale, item.stage)), time: escapeMarkdown(formatTimeLeft(locale, left)) })
      : t(locale, 'digest.no_clock');
  return t(locale, 'digest.item', { reference, title: title(item.title), owner, when });
}

function countOf(counts: DigestCounts, state: DigestState): number {
  if (state === 'breached') return counts.breached;
  if (state === 'at_risk') return counts.atRisk;
  if (state === 'due_today') return counts.dueToday;
  return Math.max(0, counts.open - counts.breached - counts.atRisk - counts.dueToday);
}

function breakdown(locale: Locale, notShown: Record<DigestState, number>): string {
  const sep = locale === 'en' ? ', ' : '，';
  return STATES.filter((s) => notShown[s] > 0)
    .map((s) => t(locale, `digest.more.${s}`, { count: notShown[s] }))
    .join(sep);
}

function cutChars(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}
