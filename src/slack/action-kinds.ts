/**
 * Which lifecycle actions Slack offers, and how: at once on a press, or through a modal that
 * asks for the text the service needs. Accepting keeps its own button (ids.ts ACCEPT_ACTION).
 */
import type { Action } from '../domain/lifecycle';

export const IMMEDIATE_ACTIONS = ['start_investigation', 'withdraw'] as const satisfies readonly Action[];

export const MODAL_ACTIONS = [
  'request_info',
  'answer_info',
  'add_note',
  'propose_solution',
  'resolve',
  'request_rejection',
  'request_handover',
  'request_extension',
  'reopen',
] as const satisfies readonly Action[];

export type ImmediateAction = (typeof IMMEDIATE_ACTIONS)[number];
export type ModalAction = (typeof MODAL_ACTIONS)[number];
export type ButtonAction = ImmediateAction | ModalAction;

export const BUTTON_ACTIONS: readonly ButtonAction[] = [...IMMEDIATE_ACTIONS, ...MODAL_ACTIONS];

export const isModalAction = (a: string): a is ModalAction => (MODAL_ACTIONS as readonly string[]).includes(a);
