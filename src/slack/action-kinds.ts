/**
 * Which lifecycle actions Slack offers, and how: at once on a press, or through a modal that
 * asks for the text the service needs. Accepting keeps its own button (ids.ts ACCEPT_ACTION).
 */
import { TYPED_ACTIONS, type Action } from '../domain/lifecycle';

export const IMMEDIATE_ACTIONS = ['start_investigation', 'withdraw'] as const satisfies readonly Action[];

export const MODAL_ACTIONS = TYPED_ACTIONS;

export type ImmediateAction = (typeof IMMEDIATE_ACTIONS)[number];
export type ModalAction = (typeof MODAL_ACTIONS)[number];
export type ButtonAction = ImmediateAction | ModalAction;

export const BUTTON_ACTIONS: readonly ButtonAction[] = [...IMMEDIATE_ACTIONS, ...MODAL_ACTIONS];

export const isModalAction = (a: string): a is ModalAction => (MODAL_ACTIONS as readonly string[]).includes(a);
