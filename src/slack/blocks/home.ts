/**
 * A person's App Home: the approvals and escalations waiting for them, what they own (next due
 * first), their groups' open complaints when they lead, what they filed, and for supervisors
 * the deliveries that failed and the calendar's warnings. Every item carries the same buttons
 * (same action ids) as its message, so one listener serves both. Slack allows 100 blocks in a
 * view: lists are cut from the least urgent end and say how many more there are.
 */
import type { Button, HomeView, KnownBlock } from '@slack/types';
import type { ComplaintCard } from '../../domain/complaint';
import { actionsAvailable, standingOf } from '../../domain/lifecycle';
import { standingLabel, t, type Locale, type MessageKey } from '../../i18n';
import type { HomeModel, PendingApproval, PendingEscalation } from '../../domain/home';
import {
  APPROVAL_ACTIONS_BLOCK,
  APPROVE_ACTION,
  CONSENT_AGREE_ACTION,
  CONSENT_DECLINE_ACTION,
  DECLINE_ACTION,
  ESCALATION_ACTIONS_BLOCK,
  FILER_ACTIONS_BLOCK,
} from '../ids';
import { actionButton, cardActions } from './card-actions';
import { nextDueText } from './card-parts';
import { LIMITS, mrkdwn, plain, truncate } from './common';
import { escapeText } from './escape';
import { bold, code, dateTime, italic } from './markup';
import { COMMAND } from '../ids';
import { escalationButtons } from './escalation';
import { renderLine } from './line';
import { withdrawButton } from './owner-dm';

export const HOME_MAX_BLOCKS = 100;
const TITLE_MAX = 100;
const ERROR_MAX = 300;

export interface HomeInput {
  locale: Locale;
  timeZone: string;
  home: HomeModel;
}

interface List {
  heading: string;
  /** mrkdwn shown when the list is empty (lists without one are only made when they have items). */
  empty?: string;
  items: KnownBlock[][];
}

const section = (text: string): KnownBlock => ({ type: 'section', text: mrkdwn(text) });
const context = (text: string): KnownBlock => ({ type: 'context', elements: [mrkdwn(text)] });
/** Block ids must be unique in a view; the listeners go by action id alone. */
const withBlockId = (blocks: KnownBlock[], id: string): KnownBlock[] => blocks.map((b) => (b.type === 'actions' ? { ...b, block_id: `${b.block_id}:${id}` } : b));
const actions = (id: string, block: string, elements: Button[]): KnownBlock[] => (elements.length ? [{ type: 'actions', block_id: `${block}:${id}`, elements }] : []);

function complaintItem(locale: Locale, timeZone: string, card: ComplaintCard, buttons: KnownBlock[]): KnownBlock[] {
  const head = t(locale, 'home.item', { reference: bold(escapeText(card.reference)), title: escapeText(truncate(card.title, TITLE_MAX)), status: italic(escapeText(standingLabel(locale, card))) });
  const due = nextDueText({ locale, timeZone, card });
  return [section(due ? `${head}\n${due}` : head), ...buttons];
}

/**
 * `list` scopes the block ids: one complaint can be in two lists (a leader who owns a complaint
 * of their own group sees it under "You own" and under "Open in <group>"), and Slack refuses
 * the whole view when a block id repeats.
 */
const handled = (locale: Locale, timeZone: string, list: string) => (card: ComplaintCard) =>
  complaintItem(locale, timeZone, card, withBlockId(cardActions(locale, card), `${list}:${card.id}`));

function filedItem(locale: Locale, timeZone: string, card: ComplaintCard): KnownBlock[] {
  const buttons: Button[] = [];
  if (card.status === 'new') buttons.push(withdrawButton(locale, card));
  if (actionsAvailable(standingOf(card), new Set(['filer'])).includes('reopen')) buttons.push(actionButton(locale, card, 'reopen'));
  return complaintItem(locale, timeZone, card, actions(card.id, FILER_ACTIONS_BLOCK, buttons));
}

const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

function approvalItem(locale: Locale, timeZone: string, a: PendingApproval): KnownBlock[] {
  const key = `home.approval.${a.kind === 'handover' || a.kind === 'extension' ? a.kind : 'rejection'}`;
  const p = a.payload;
  const text = renderLine({ locale, timeZone }, { key, params: { requester: a.requestedBy, reference: a.reference, to: str(p.toOwnerId), stage: str(p.stage), due: str(p.dueAt), text: str(p.reason) } });
  const consent = a.kind === 'extension';
  const button = (action: string, label: MessageKey, style: 'primary' | 'danger'): Button => ({ type: 'button', action_id: action, style, text: plain(t(locale, label), LIMITS.buttonText), value: a.id });
  return [
    section(text),
    ...actions(a.id, APPROVAL_ACTIONS_BLOCK, [
      button(consent ? CONSENT_AGREE_ACTION : APPROVE_ACTION, consent ? 'consent.agree' : 'approval.approve', 'primary'),
      button(consent ? CONSENT_DECLINE_ACTION : DECLINE_ACTION, consent ? 'consent.decline' : 'approval.decline', 'danger'),
    ]),
  ];
}

function escalationItem(locale: Locale, timeZone: string, e: PendingEscalation): KnownBlock[] {
  const params = { reference: e.reference, level: e.level, stage: e.stage, reason: e.reason };
  const head = renderLine({ locale, timeZone }, { key: 'home.escalation', params });
  const by = e.respondBy ? `\n${renderLine({ locale, timeZone }, { key: 'home.escalation.respond_by', params: { due: e.respondBy.toISOString() } })}` : '';
  return [section(`${head}${by}`), { ...escalationButtons(locale, e.id), block_id: `${ESCALATION_ACTIONS_BLOCK}:${e.id}` }];
}

function lists({ locale, timeZone, home }: HomeInput): List[] {
  const out: List[] = [];
  if (home.approvals.length) out.push({ heading: t(locale, 'home.approvals'), items: home.approvals.map((a) => approvalItem(locale, timeZone, a)) });
  if (home.escalations.length) out.push({ heading: t(locale, 'home.escalations'), items: home.escalations.map((e) => escalationItem(locale, timeZone, e)) });
  out.push({ heading: t(locale, 'home.owned'), empty: t(locale, 'home.none_owned'), items: home.owned.map(handled(locale, timeZone, 'owned')) });
  for (const g of home.led) {
    const group = escapeText(g.groupName);
    out.push({ heading: t(locale, 'home.led', { group }), empty: t(locale, 'home.none_led', { group }), items: g.open.map(handled(locale, timeZone, `led:${g.groupId}`)) });
  }
  out.push({ heading: t(locale, 'home.filed'), empty: t(locale, 'home.none_filed'), items: home.filed.map((c) => filedItem(locale, timeZone, c)) });
  if (home.supervisor) {
    const failed = home.supervisor.failedDeliveries.map((f) => [
      context(
        t(locale, 'home.failed.item', {
          kind: code(escapeText(f.kind)),
          target: code(escapeText(f.target)),
          time: dateTime(locale, f.failedAt, timeZone),
          error: escapeText(truncate(f.lastError ?? '', ERROR_MAX)),
        }),
      ),
    ]);
    out.push({ heading: t(locale, 'home.failed'), empty: t(locale, 'home.none_failed'), items: failed });
    const stuck = home.supervisor.stuckClocks.map((c) => [
      context(renderLine({ locale, timeZone }, { key: 'home.stuck.item', params: { reference: c.reference, stage: c.stage, due: c.dueForCheckAt.toISOString() } })),
    ]);
    if (stuck.length) out.push({ heading: t(locale, 'home.stuck'), items: stuck });
    const unknownYear = home.supervisor.unknownYearDeadlines.map((d) => [
      context(renderLine({ locale, timeZone }, { key: 'home.unknown_year.item', params: { reference: d.reference, stage: d.stage, due: d.dueAt.toISOString(), years: d.years.join(', ') } })),
    ]);
    if (unknownYear.length) out.push({ heading: t(locale, 'home.unknown_year'), items: unknownYear });
    if (home.supervisor.calendarWarnings.length) out.push({ heading: t(locale, 'home.calendar'), items: home.supervisor.calendarWarnings.map((w) => [context(escapeText(w))]) });
  }
  return out;
}

export function homeView(input: HomeInput): HomeView {
  const { locale } = input;
  const all = lists(input);
  const blocks: KnownBlock[] = [{ type: 'header', text: plain(t(locale, 'home.title'), LIMITS.headerText) }, context(t(locale, 'home.intro', { command: code(COMMAND) }))];
  // What every list needs at least: a divider, its heading, and an "empty" or "N more" line.
  const floor = (l: List) => 2 + (l.items.length || l.empty ? 1 : 0);
  all.forEach((list, i) => {
    const reserved = all.slice(i + 1).reduce((n, l) => n + floor(l), 0);
    blocks.push({ type: 'divider' }, section(bold(list.heading)));
    if (list.items.length === 0) {
      if (list.empty) blocks.push(context(list.empty));
      return;
    }
    let shown = 0;
    for (const item of list.items) {
      const moreLine = shown + 1 < list.items.length ? 1 : 0;
      if (blocks.length + item.length + moreLine + reserved > HOME_MAX_BLOCKS) break;
      blocks.push(...item);
      shown++;
    }
    if (shown < list.items.length) blocks.push(context(t(locale, 'home.more', { count: list.items.length - shown })));
  });
  return { type: 'home', blocks };
}
