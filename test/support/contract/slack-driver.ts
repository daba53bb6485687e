/**
 * The contract's person on Slack: presses the buttons of the messages they received (signed
 * block_actions to the real Bolt app), fills the modals those open (view_submission), and reads
 * what the Slack stand-in received, as text (message-text.ts).
 */
import { expect } from 'vitest';
import type { ModalView } from '@slack/types';
import { ACCEPT_ACTION, APPROVE_ACTION, complaintActionId, DECLINE_ACTION, ESCALATION_APPROVE_ACTION, SURVEY_RATE_PATTERN } from '../../../src/slack/ids';
import type { TestDb } from '../db';
import { Driver } from '../lifecycle-driver';
import { messageAsText } from '../message-text';
import { startHarness, testConfig } from '../pledge-harness';
import type { RecordedCall } from '../slack-stand-in';
import { inputValue } from '../signed-requests';
import { BILLING_CHAT, CONTRACT_YAML, FILING, type ChatDriver, type Decision, type Filed, type Filing, type PressStep, type TypedStep } from './chat-driver';

interface SlackButton {
  decision: Decision;
  target: string;
  actionId: string;
  value: string;
  /** Where the message with the button is. */
  channel: string;
  ts: string;
}

/** Slack's action ids, by the decision they stand for. */
const DECISIONS: [RegExp, Decision][] = [
  [new RegExp(`^${ACCEPT_ACTION}$`), 'accept'],
  [new RegExp(`^${complaintActionId('start_investigation')}$`), 'start_investigation'],
  [new RegExp(`^${complaintActionId('withdraw')}$`), 'withdraw'],
  [new RegExp(`^${APPROVE_ACTION}$`), 'approve'],
  [new RegExp(`^${DECLINE_ACTION}$`), 'decline'],
  [new RegExp(`^${ESCALATION_APPROVE_ACTION}$`), 'escalation_approve'],
  [SURVEY_RATE_PATTERN, 'rate'],
];

export async function startSlackDriver(db: TestDb, now?: Date): Promise<ChatDriver> {
  const h = await startHarness(db, { config: await testConfig(CONTRACT_YAML), ...(now && { now }) });
  const d = new Driver(h, h.settle);
  const posts = () => h.standIn.callsTo('chat.postMessage');
  /** A posted message as it reads now: its latest chat.update, or the post itself. */
  const shown = (p: RecordedCall) => {
    const { channel, ts } = p.response.body as { channel: string; ts: string };
    return (d.updatesOf({ channel, ts }).at(-1) ?? p).args as { text?: string; blocks?: unknown };
  };

  function buttonsIn(p: RecordedCall): SlackButton[] {
    const { channel, ts } = p.response.body as { channel: string; ts: string };
    const found: SlackButton[] = [];
    const visit = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(visit);
      if (typeof node !== 'object' || node === null) return;
      const o = node as Record<string, unknown>;
      if (o.type === 'button' && typeof o.action_id === 'string') {
        const decision = DECISIONS.find(([re]) => re.test(o.action_id as string))?.[1];
        // A complaint step's button carries `<step>:<complaint id>`; the contract names the complaint.
        const target = String(o.value).replace(/^[a-z_]+:/, '');
        if (decision) found.push({ decision, target, actionId: o.action_id, value: String(o.value), channel, ts });
      }
      Object.values(o).forEach(visit);
    };
    visit(shown(p).blocks);
    return found;
  }

  /** The channels of the groups `personId` leads or belongs to: they see the cards posted there. */
  const channelsOf = (personId: string) => h.config.groups.filter((g) => g.leader === personId || g.members.includes(personId)).map((g) => g.channel);
  /** Buttons a person sees: in their DMs, and on the cards in their groups' channels. */
  const buttonsSeenBy = (personId: string) =>
    posts()
      .filter((p) => p.args.channel === personId || (channelsOf(personId).includes(String(p.args.channel)) && !p.args.thread_ts))
      .flatMap(buttonsIn);

  function find(personId: string, decision: Decision, target: string, actionId?: string): SlackButton {
    const button = buttonsSeenBy(personId).find((b) => b.decision === decision && b.target === target && (!actionId || b.actionId === actionId));
    expect(button, `a ${decision} button for ${target} where ${personId} sees it`).toBeDefined();
    return button!;
  }

  /** Presses the button as `personId`; returns the modal it opened, if it opened one. */
  async function pressButton(personId: string, b: SlackButton): Promise<ModalView | undefined> {
    const before = h.standIn.callsTo('views.open').length;
    await d.pressInDm(personId, b.actionId, b.value, b.channel, b.ts);
    const opened = h.standIn.callsTo('views.open');
    return opened.length > before ? (opened.at(-1)!.args.view as ModalView) : undefined;
  }

  async function submit(personId: string, modal: ModalView | undefined, values: Parameters<Driver['submitOpened']>[2]) {
    expect(modal, 'the press opened a form').toBeDefined();
    expect(await d.submitOpened(personId, modal!, values)).toEqual({ status: 200, errors: undefined });
    await h.deliver();
  }

  return {
    platform: 'slack',
    pledge: h.pledge,
    db,
    clock: h.clock,

    async file(filerId, filing: Partial<Filing> = {}): Promise<Filed> {
      const { id, reference, ownerId } = await d.file({ ...FILING, ...filing }, filerId);
      return { id, reference, ownerId };
    },
    async accept(personId, c) {
      await pressButton(personId, find(personId, 'accept', c.id));
      await h.deliver();
    },
    async press(personId, step: PressStep, c) {
      await pressButton(personId, find(personId, step, c.id));
      await h.deliver();
    },
    async act(personId, c, typed: TypedStep) {
      const values = typed.step === 'resolve' ? { text: typed.text, basis: typed.basis } : { text: typed.text };
      await d.act(personId, typed.step, c.id, values);
      await h.deliver();
    },
    async answerApproval(personId, approvalId, answer) {
      if ('approve' in answer) {
        await pressButton(personId, find(personId, 'approve', approvalId));
        return h.deliver();
      }
      const b = find(personId, 'decline', approvalId);
      await pressButton(personId, b);
      const modal = d.lastModal();
      expect(await d.submitDecline(personId, modal.private_metadata ?? '', answer.decline)).toEqual({ status: 200, errors: undefined });
      await h.deliver();
    },
    async takeOverEscalation(personId, escalationId, note) {
      const modal = await pressButton(personId, find(personId, 'escalation_approve', escalationId));
      await submit(personId, modal, { take: inputValue.radio('self'), note });
    },
    async rate(personId, c, rating, comment) {
      const modal = await pressButton(personId, find(personId, 'rate', c.id, `survey_rate:${rating}`));
      await submit(personId, modal, { rating: inputValue.radio(String(rating)), text: comment });
    },

    deliver: () => h.deliver(),

    messagesTo: (personId) => posts().filter((p) => p.args.channel === personId).map((p) => messageAsText(p.args as never)),
    groupChat: (chat = BILLING_CHAT) => posts().filter((p) => p.args.channel === chat).map((p) => messageAsText(p.args as never)),
    buttonsFor: (personId) => buttonsSeenBy(personId).map(({ decision, target }) => ({ decision, target })),

    stop: () => h.stop(),
  };
}
