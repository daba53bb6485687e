import { expect } from 'vitest';
import type { SlackMessage } from '../../src/slack/blocks/common';
import * as ids from '../../src/slack/ids';
import { messageAsText, viewAsText } from '../support/message-text';

type View = { type: string; blocks: unknown[] };
const isView = (m: SlackMessage | View): m is View => 'type' in m && (m.type === 'modal' || m.type === 'home');

/**
 * Every message of a suite as one text file a reviewer can read top to bottom: each under its
 * name, with its wiring (⚙ action_id=value). `short` names long fixture ids, so the lines read.
 */
export function messagesAsText(entries: Record<string, SlackMessage | View>, short: Record<string, string> = {}): string {
  const out = Object.entries(entries).map(([name, m]) => {
    const text = isView(m) ? viewAsText(m, { urls: true, wiring: true }) : messageAsText(m, { urls: true, wiring: true });
    return `### ${name}\n${text}\n`;
  });
  let all = out.join('\n');
  for (const [long, name] of Object.entries(short)) all = all.split(long).join(name);
  // Other ids by their last four digits: enough to tell them apart.
  return all.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{8}([0-9a-f]{4})/g, '‹…$1›');
}

/** Names under a prefix, so modals and messages of the same name stay apart in one file. */
export const prefixed = <T>(prefix: string, entries: Record<string, T>): Record<string, T> =>
  Object.fromEntries(Object.entries(entries).map(([name, v]) => [`${prefix}${name}`, v]));

// What the app's listeners answer (src/slack/listeners/actions), and the inputs modals read back.
const LISTENED: (string | RegExp)[] = [
  ids.ACCEPT_ACTION,
  ids.OPEN_FILE_MODAL_ACTION,
  ids.COMPLAINT_ACTION_PATTERN,
  ids.APPROVE_ACTION,
  ids.DECLINE_ACTION,
  ids.CONSENT_AGREE_ACTION,
  ids.CONSENT_DECLINE_ACTION,
  ids.REVEAL_CONTACT_ACTION,
  ids.ESCALATION_APPROVE_ACTION,
  ids.ESCALATION_REASSIGN_ACTION,
  ids.ESCALATION_EXTEND_ACTION,
  ids.ESCALATION_DECLINE_ACTION,
  ids.SURVEY_RATE_PATTERN,
  ids.SURVEY_RECORD_ACTION,
  ids.REVIEW_CONFIRM_ACTION,
];
const INPUTS = new Set<string>([...Object.values(ids.FIELD), ...Object.values(ids.ACTION_FIELD)].map((f) => f.action));

/** Every button or menu leads to a listener, every form field to a field the listener reads. */
export function assertActionsListened(entries: Record<string, SlackMessage | View>): void {
  for (const [name, m] of Object.entries(entries)) {
    for (const block of m.blocks as { type?: string; element?: { action_id?: string }; elements?: { action_id?: string }[]; accessory?: { action_id?: string } }[]) {
      if (block.type === 'input') {
        expect(INPUTS.has(block.element?.action_id ?? ''), `${name}: input ${block.element?.action_id}`).toBe(true);
        continue;
      }
      for (const e of [block.accessory, ...(block.elements ?? [])]) {
        const id = e?.action_id;
        if (id === undefined) continue;
        expect(LISTENED.some((l) => (typeof l === 'string' ? l === id : l.test(id))), `${name}: no listener for ${id}`).toBe(true);
      }
    }
  }
}
