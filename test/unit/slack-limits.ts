import type { ModalView } from '@slack/types';
import { expect } from 'vitest';
import { LIMITS, type SlackMessage } from '../../src/slack/blocks/common';

/** Checks Slack's documented Block Kit limits by walking the JSON, so new builders get checked too. */
type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const len = (s: unknown) => (typeof s === 'string' ? Array.from(s).length : 0);
const textOf = (v: unknown) => (isObject(v) ? v.text : undefined);

function walk(node: unknown, visit: (o: Json) => void): void {
  if (Array.isArray(node)) node.forEach((n) => walk(n, visit));
  else if (isObject(node)) {
    visit(node);
    Object.values(node).forEach((v) => walk(v, visit));
  }
}

/** Text without Slack's date tokens, whose `{date_short_pretty} {time}` are Slack's, not unfilled placeholders. */
export const withoutDates = (mrkdwn: string): string => mrkdwn.replace(/<!date\^\d+\^[^|>]*\|([^>]*)>/g, '$1');

export function mrkdwnTexts(message: SlackMessage): string {
  const texts = [message.text];
  walk(message.blocks, (o) => {
    if (o.type === 'mrkdwn' && typeof o.text === 'string') texts.push(o.text);
  });
  return texts.join('\n');
}

function assertBlocks(blocks: unknown[], maxBlocks: number, actionIdsUnique: 'everywhere' | 'per block' = 'everywhere'): void {
  expect(blocks.length).toBeGreaterThan(0);
  expect(blocks.length).toBeLessThanOrEqual(maxBlocks);
  const blockIds = blocks.flatMap((b) => (isObject(b) && typeof b.block_id === 'string' ? [b.block_id] : []));
  expect(new Set(blockIds).size, 'block ids unique').toBe(blockIds.length);
  const actionIds: string[] = [];
  walk(blocks, (o) => {
    if (typeof o.action_id === 'string') actionIds.push(o.action_id);
    if (typeof o.block_id === 'string') expect(len(o.block_id)).toBeLessThanOrEqual(255);
    switch (o.type) {
      case 'header':
        expect(len(textOf(o.text))).toBeLessThanOrEqual(LIMITS.headerText);
        break;
      case 'section':
        expect(len(textOf(o.text))).toBeLessThanOrEqual(LIMITS.sectionText);
        if (Array.isArray(o.fields)) {
          expect(o.fields.length).toBeLessThanOrEqual(LIMITS.sectionFields);
          for (const f of o.fields) expect(len(textOf(f))).toBeLessThanOrEqual(LIMITS.fieldText);
        }
        break;
      case 'context':
        expect((o.elements as unknown[]).length).toBeLessThanOrEqual(LIMITS.contextElements);
        break;
      case 'button':
        expect(len(textOf(o.text))).toBeLessThanOrEqual(LIMITS.buttonText);
        expect(len(o.value)).toBeLessThanOrEqual(LIMITS.buttonValue);
        break;
      case 'static_select':
        expect((o.options as unknown[]).length).toBeGreaterThan(0);
        expect((o.options as unknown[]).length).toBeLessThanOrEqual(LIMITS.options);
        for (const opt of o.options as Json[]) {
          expect(len(textOf(opt.text))).toBeLessThanOrEqual(LIMITS.optionText);
          expect(len(opt.value)).toBeLessThanOrEqual(LIMITS.optionValue);
        }
        break;
      case 'plain_text_input':
        if (typeof o.max_length === 'number') expect(len(o.initial_value)).toBeLessThanOrEqual(o.max_length);
        break;
      case 'input':
        expect(len(textOf(o.label))).toBeLessThanOrEqual(LIMITS.inputLabel);
        break;
    }
    if (isObject(o.placeholder)) expect(len(o.placeholder.text)).toBeLessThanOrEqual(LIMITS.placeholder);
  });
  if (actionIdsUnique === 'everywhere') expect(new Set(actionIds).size, 'action ids unique').toBe(actionIds.length);
  else {
    for (const b of blocks.filter(isObject)) {
      const ids: string[] = [];
      walk(b, (o) => typeof o.action_id === 'string' && ids.push(o.action_id));
      expect(new Set(ids).size, 'action ids unique in their block').toBe(ids.length);
    }
  }
  for (const id of actionIds) expect(len(id)).toBeLessThanOrEqual(255);
}

export function assertMessageLimits(message: SlackMessage): void {
  expect(message.text.trim()).not.toBe('');
  assertBlocks(message.blocks, LIMITS.messageBlocks);
}

export function assertModalLimits(view: ModalView): void {
  expect(len(view.title.text)).toBeLessThanOrEqual(LIMITS.modalTitle);
  expect(len(view.submit?.text)).toBeLessThanOrEqual(LIMITS.modalButton);
  expect(len(view.close?.text)).toBeLessThanOrEqual(LIMITS.modalButton);
  expect(len(view.private_metadata)).toBeLessThanOrEqual(LIMITS.privateMetadata);
  expect(len(view.callback_id)).toBeLessThanOrEqual(255);
  assertBlocks(view.blocks, LIMITS.modalBlocks);
}

/** An App Home view: 100 blocks; action ids need only be unique within their block there. */
export function assertHomeLimits(view: { type: string; blocks: unknown[] }): void {
  expect(view.type).toBe('home');
  assertBlocks(view.blocks, LIMITS.modalBlocks, 'per block');
}
