/**
 * The steps a WeCom card cannot take with a click, because they need something typed (a reason,
 * a result and its basis, a note, an answer, a person, a new time): the card's button opens
 * Pledge's page for the step inside WeCom instead (app-links.ts, `{ page: 'step', step }`).
 * These names are the contract between the cards that link and the pages that serve them.
 */
import { TYPED_ACTIONS } from '../../domain/lifecycle';

/** Lifecycle steps on a complaint that need something typed, as the lifecycle names them. */
export { TYPED_ACTIONS };
export type TypedAction = (typeof TYPED_ACTIONS)[number];

/**
 * Answers to a request that need words; the link's `requestId` names the request: the approval
 * (declining needs a reason), the escalation (reassign: to whom; extend: until when and why;
 * decline: why; approve with a new handler or priority), the review (confirming needs a note).
 * `survey` is the filer's rating with a comment, `survey_record` the handler's record of an outside
 * customer's follow-up call (回访); for both the complaint is the request.
 */
export const REQUEST_STEPS = ['approval_decline', 'escalation_approve', 'escalation_reassign', 'escalation_extend', 'escalation_decline', 'review_confirm', 'survey', 'survey_record'] as const;
export type RequestStep = (typeof REQUEST_STEPS)[number];

export type PageStep = TypedAction | RequestStep;

export const isTypedAction = (action: string): action is TypedAction => (TYPED_ACTIONS as readonly string[]).includes(action);
