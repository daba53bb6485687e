/**
 * The daily digest as Block Kit: the counts in one line, then the complaints that need eyes,
 * breached and at risk first, each with its owner, the working time left (or overdue) and a link
 * to its thread. Owners are named, not mentioned: a daily ping of everyone with an open complaint
 * is noise people learn to ignore. Only a breached complaint mentions its owner. A group's digest may list thousands of complaints; Slack takes 50 blocks and 3,000
 * characters per text, so the lists stop at DIGEST_SHOWN and the rest is counted by state.
 */
import type { KnownBlock } from '@slack/types';
import type { DigestCounts, DigestItem, DigestModel, DigestState } from '../../domain/digest';
import { maskPersonalData } from '../../domain/mask';
import { slackMessageLink } from '../../reports/sample';
import { formatDay, formatTimeLeft, stageLabel, t, type Locale, type TimeLeftText } from '../../i18n';
import { COMMAND } from '../ids';
import { LIMITS, link, mention, mrkdwn, packedSections, plain, truncate, type SlackMessage } from './common';
import { escapeText } from './escape';
import { bold, code, EMOJI, withEmoji } from './markup';

/** Complaints listed by name in a channel's digest; more than this is a wall nobody reads. */
export const DIGEST_SHOWN = 30;
/** Per group when one message holds several groups' digests (`/complaint digest` for a supervisor). */
export const DIGEST_SHOWN_PER_GROUP = 5;
/** Groups in one such message: 1 header + 15 × 3 blocks + 1 pointer stays inside 50 blocks. */
export const DIGEST_GROUPS_SHOWN = 15;
const TITLE_MAX = 80;
/** Blocks kept free for the pointer to the rest, whatever the lists took. */
const BLOCK_BUDGET = LIMITS.messageBlocks - 2;

const STATES: readonly DigestState[] = ['breached', 'at_risk', 'due_today', 'open'];

export interface DigestContext {
  locale: Locale;
  /** Display names of the owners, by user id; an owner missing here is shown by id, still without a ping. */
  names?: ReadonlyMap<string, string>;
}

const STATE_EMOJI: Record<DigestState, keyof typeof EMOJI> = { breached: 'breached', at_risk: 'atRisk', due_today: 'dueToday', open: 'open' };

/** Who owns an item: a mention only where the limit is already breached. */
function ownerOf({ names }: DigestContext, item: DigestItem): string {
  if (item.state === 'breached') return mention(item.ownerId);
  return escapeText(names?.get(item.ownerId) ?? item.ownerId);
}

function countOf(counts: DigestCounts, state: DigestState): number {
  if (state === 'breached') return counts.breached;
  if (state === 'at_risk') return counts.atRisk;
  if (state === 'due_today') return counts.dueToday;
  return Math.max(0, counts.open - counts.breached - counts.atRisk - counts.dueToday);
}

/**
 * The thread's link is built, not asked for: chat.getPermalink would cost one call per item on
 * every digest (and a permalink needs the workspace's domain, which Pledge does not know);
 * slack.com/archives/<channel>/p<ts> redirects any member to the same message.
 */
export function itemLine(ctx: DigestContext, item: DigestItem): string {
  const { locale } = ctx;
  const reference = item.channelId && item.rootMessageId ? link(slackMessageLink(item.channelId, item.rootMessageId), item.reference) : escapeText(item.reference);
  // A channel has many readers: a phone number typed into a title is masked, as on the card.
  const title = escapeText(truncate(maskPersonalData(item.title.replace(/\s+/g, ' ').trim()), TITLE_MAX));
  const when =
    item.stage !== null && item.workingLeftMs !== null
      ? t(locale, 'digest.when', { stage: escapeText(stageLabel(locale, item.stage)), time: escapeText(formatTimeLeft(locale, item.left ?? fromWorkingMs(item.workingLeftMs))) })
      : t(locale, 'digest.no_clock');
  return t(locale, 'digest.item', { reference: bold(reference), title, owner: ownerOf(ctx, item), when });
}

/** A digest queued before items carried `left`: working time, overdue by its sign. */
const fromWorkingMs = (ms: number): TimeLeftText => ({ clock: 'working', minutes: Math.abs(ms) / 60_000, overdue: ms < 0 });

/** Every count in one line: seven boxes of numbers took half a screen to say the same. */
function countsLine(locale: Locale, c: DigestCounts): string {
  return t(locale, 'digest.counts', { ...c });
}

function breakdown(locale: Locale, notShown: Record<DigestState, number>): string {
  const sep = locale === 'en' ? ', ' : '，';
  return STATES.filter((s) => notShown[s] > 0)
    .map((s) => t(locale, `digest.more.${s}`, { count: notShown[s] }))
    .join(sep);
}

function stateHeading(locale: Locale, state: DigestState, count: number, onlyOpen: boolean): string {
  const label = t(locale, state === 'open' && onlyOpen ? 'digest.state.open_only' : `digest.state.${state}`, { count });
  return withEmoji(STATE_EMOJI[state], bold(label));
}

function quietLine(locale: Locale, d: DigestModel): string {
  return withEmoji('done', t(locale, 'digest.quiet', { group: bold(escapeText(d.groupName)), date: escapeText(formatDay(locale, d.localDate)) }));
}

/** One group's digest, as posted in its channel (and shown by `/complaint digest` for one group). */
export function digestMessage(ctx: DigestContext, d: DigestModel): SlackMessage {
  const { locale } = ctx;
  const group = d.groupName;
  // `text` is the notification's fallback and is read as mrkdwn: escaped like everything else.
  const safeGroup = escapeText(group);
  if (d.quiet) {
    // A quiet day still gets its line: silence would read as "the bot is down".
    return { text: t(locale, 'digest.quiet.fallback', { group: safeGroup }), blocks: [{ type: 'section', text: mrkdwn(quietLine(locale, d)) }] };
  }
  const { counts } = d;
  const blocks: KnownBlock[] = [
    { type: 'header', text: plain(t(locale, 'digest.title', { group, date: formatDay(locale, d.localDate) }), LIMITS.headerText) },
    { type: 'section', text: mrkdwn(countsLine(locale, counts)) },
  ];
  // "Other open complaints" reads oddly with no other list above it.
  const onlyOpen = counts.breached + counts.atRisk + counts.dueToday === 0;
  if (counts.open === 0) blocks.push({ type: 'context', elements: [mrkdwn(t(locale, 'digest.none_open'))] });
  const notShown: Record<DigestState, number> = { breached: 0, at_risk: 0, due_today: 0, open: 0 };
  let shown = 0;
  for (const state of STATES) {
    const total = countOf(counts, state);
    if (total === 0) continue;
    const items = d.items.filter((i) => i.state === state);
    const room = Math.max(0, DIGEST_SHOWN - shown);
    const section = [
      { type: 'section', text: mrkdwn(stateHeading(locale, state, total, onlyOpen)) } as KnownBlock,
      ...packedSections(items.slice(0, room).map((i) => itemLine(ctx, i))),
    ];
    // Whatever the texts' lengths, the message never passes 50 blocks: a list that would is cut whole.
    const fits = room > 0 && blocks.length + section.length <= BLOCK_BUDGET;
    const listed = fits ? Math.min(room, items.length) : 0;
    if (fits) blocks.push(...section);
    shown += listed;
    notShown[state] = total - listed;
  }
  const rest = STATES.reduce((n, s) => n + notShown[s], 0);
  if (rest > 0) {
    blocks.push({ type: 'context', elements: [mrkdwn(t(locale, 'digest.more', { count: rest, breakdown: breakdown(locale, notShown) }))] });
  }
  return {
    text: t(locale, 'digest.fallback', { group: safeGroup, open: counts.open, breached: counts.breached, atRisk: counts.atRisk, dueToday: counts.dueToday }),
    blocks,
  };
}

/**
 * Several groups' digests in one ephemeral answer (a leader of two groups, a supervisor): per
 * group a line of counts and its most urgent few. One message, because a response_url takes
 * only five answers; a single group gets the full channel layout instead.
 */
export function digestsMessage(ctx: DigestContext, digests: readonly DigestModel[]): SlackMessage {
  const { locale } = ctx;
  if (digests.length === 1) return digestMessage(ctx, digests[0]!);
  const date = formatDay(locale, digests[0]?.localDate ?? '');
  const blocks: KnownBlock[] = [{ type: 'header', text: plain(t(locale, 'digest.mine.title', { date }), LIMITS.headerText) }];
  for (const d of digests.slice(0, DIGEST_GROUPS_SHOWN)) {
    const group = bold(escapeText(d.groupName));
    if (d.quiet) {
      blocks.push({ type: 'section', text: mrkdwn(t(locale, 'digest.group_quiet', { group })) });
      continue;
    }
    const c = d.counts;
    blocks.push({ type: 'section', text: mrkdwn(t(locale, 'digest.group_line', { group, counts: countsLine(locale, c) })) });
    const lines: string[] = [];
    for (const item of d.items.slice(0, DIGEST_SHOWN_PER_GROUP)) {
      const line = itemLine(ctx, item);
      if (Array.from([...lines, line].join('\n')).length > LIMITS.sectionText) break;
      lines.push(line);
    }
    if (lines.length > 0) blocks.push({ type: 'section', text: mrkdwn(lines.join('\n')) });
    if (c.open > lines.length) {
      blocks.push({ type: 'context', elements: [mrkdwn(t(locale, 'digest.group_more', { count: c.open - lines.length, group, command: code(`${COMMAND} digest ${escapeText(d.groupId)}`) }))] });
    }
  }
  const hidden = digests.slice(DIGEST_GROUPS_SHOWN);
  if (hidden.length > 0) {
    blocks.push({ type: 'context', elements: [mrkdwn(t(locale, 'digest.more_groups', { count: hidden.length, command: code(`${COMMAND} digest ${escapeText(hidden[0]!.groupId)}`) }))] });
  }
  return { text: t(locale, 'digest.mine.fallback'), blocks };
}
