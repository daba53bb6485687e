/**
 * The steps that need typed input, as WeCom pages: the same inputs as Slack's modals
 * (action-modal.ts, escalation-modal.ts, the decline and review modals), each calling the same
 * service. A step's name is the last part of its path (app-links.ts); the ones that answer a
 * request (an escalation, an approval, a review) take its id as `?request=`. Cards and menus
 * link here with these names.
 */
import type { ComplaintCard } from '../../domain/complaint';
import { PRIORITIES, type Priority } from '../../domain/complaint';
import type { Action } from '../../domain/lifecycle';
import type { MessageKey } from '../../i18n';
import type { Services } from '../../services';
import { DELIVERY_CHANNELS, type DeliveryChannel } from '../../services/resolve-complaint';
import { REQUEST_STEPS, TYPED_ACTIONS, type PageStep, type TypedAction } from '../cards/steps';

/** Lifecycle steps on a complaint (no request id): the names cards link with (cards/steps.ts). */
export const COMPLAINT_STEPS = TYPED_ACTIONS satisfies readonly Action[];
export { REQUEST_STEPS };

export type ComplaintStep = TypedAction;
export type Step = PageStep;

export const isStep = (s: string): s is Step => (COMPLAINT_STEPS as readonly string[]).includes(s) || (REQUEST_STEPS as readonly string[]).includes(s);
export const isComplaintStep = (s: Step): s is ComplaintStep => (COMPLAINT_STEPS as readonly string[]).includes(s);

export type FieldName = 'text' | 'basis' | 'notify' | 'delivery' | 'deliveryNote' | 'to' | 'due' | 'evidence' | 'take' | 'priority' | 'note' | 'rating' | 'channel';

export type Field =
  | { name: FieldName; kind: 'textarea'; label: MessageKey; required: boolean; hint?: MessageKey }
  | { name: FieldName; kind: 'checkbox'; label: MessageKey }
  | { name: FieldName; kind: 'select'; label: MessageKey; required: boolean; options: { value: string; label: MessageKey }[] }
  | { name: FieldName; kind: 'radio'; label: MessageKey; options: { value: string; label: MessageKey }[]; initial: string }
  | { name: FieldName; kind: 'person'; label: MessageKey; required: boolean; hint?: MessageKey }
  | { name: FieldName; kind: 'datetime'; label: MessageKey };

const text = (name: FieldName, label: MessageKey, required = true, hint?: MessageKey): Field => ({ name, kind: 'textarea', label, required, ...(hint && { hint }) });

/** The extension's inputs, the handler's and the leader's alike. */
function extension(card: ComplaintCard): Field[] {
  const fields: Field[] = [{ name: 'due', kind: 'datetime', label: 'act.request_extension.due' }, text('text', 'act.request_extension.text')];
  // Only an outside customer's consent can be recorded by staff; left empty, they are asked on their page.
  // With a request already waiting (one at a time), only such a record can extend now: required.
  const waiting = (card.waiting?.length ?? 0) > 0;
  if (card.maskedContact !== null) fields.push(text('evidence', 'act.request_extension.evidence', waiting, waiting ? 'act.request_extension.evidence.waiting' : 'act.request_extension.evidence.hint'));
  return fields;
}

/** What the step asks, for this complaint as it is now. */
export function fieldsOf(step: Step, card: ComplaintCard): { fields: Field[]; hint?: MessageKey } {
  switch (step) {
    case 'request_info':
      return { fields: [text('text', 'act.request_info.text')], hint: 'act.request_info.hint' };
    case 'answer_info':
      return { fields: [text('text', 'act.answer_info.text')], hint: 'act.answer_info.hint' };
    case 'add_note':
      return { fields: [text('text', 'act.add_note.text'), { name: 'notify', kind: 'checkbox', label: 'act.add_note.notify' }] };
    case 'propose_solution':
      return { fields: [text('text', 'act.propose_solution.text')] };
    case 'resolve': {
      const fields = [text('text', 'act.resolve.text'), text('basis', 'act.resolve.basis', true, 'act.resolve.basis.hint')];
      if (card.maskedContact !== null) {
        const options = DELIVERY_CHANNELS.map((c) => ({ value: c, label: `delivery.${c}` as MessageKey }));
        fields.push({ name: 'delivery', kind: 'select', label: 'act.resolve.delivery', required: true, options }, text('deliveryNote', 'act.resolve.delivery_note', false, 'act.resolve.delivery_note.hint'));
      }
      return { fields, hint: 'act.resolve.hint' };
    }
    case 'request_rejection':
      return { fields: [text('text', 'act.request_rejection.text')], hint: 'act.request_rejection.hint' };
    case 'request_handover':
      return { fields: [{ name: 'to', kind: 'person', label: 'act.request_handover.to', required: true }, text('text', 'act.request_handover.text')], hint: 'act.request_handover.hint' };
    case 'request_extension':
      return { fields: extension(card), ...(card.maskedContact === null && { hint: 'act.request_extension.hint' as MessageKey }) };
    case 'reopen':
      return { fields: [text('text', 'act.reopen.text')] };
    case 'escalation_approve': {
      const higher = PRIORITIES.slice(PRIORITIES.indexOf(card.priority) + 1).map((p) => ({ value: p, label: `priority.${p}` as MessageKey }));
      return {
        fields: [
          { name: 'take', kind: 'radio', label: 'esc.approve.take', initial: 'self', options: (['self', 'assign', 'keep'] as const).map((o) => ({ value: o, label: `esc.approve.take.${o}` as MessageKey })) },
          { name: 'to', kind: 'person', label: 'esc.approve.to', required: false, hint: 'esc.approve.to.hint' },
          // Already urgent: nothing higher to offer.
          ...(higher.length ? [{ name: 'priority', kind: 'select', label: 'esc.approve.priority', required: false, options: higher } as Field] : []),
          text('note', 'esc.note', false),
        ],
      };
    }
    case 'escalation_reassign':
      return { fields: [{ name: 'to', kind: 'person', label: 'esc.reassign.to', required: true }, text('note', 'esc.note', false)] };
    case 'escalation_extend':
      return { fields: extension(card), ...(card.maskedContact === null && { hint: 'act.request_extension.hint' as MessageKey }) };
    case 'escalation_decline':
      return { fields: [text('text', 'esc.decline.text')] };
    case 'approval_decline':
      return { fields: [text('text', 'decline.text')] };
    case 'review_confirm':
      return { fields: [text('text', 'review.confirm.text')] };
    case 'survey':
      return {
        fields: [
          { name: 'rating', kind: 'radio', label: 'survey.rating', initial: '', options: ([1, 2, 3, 4, 5] as const).map((n) => ({ value: String(n), label: `survey.rating.${n}` as MessageKey })) },
          text('text', 'survey.comment', false),
        ],
        hint: 'survey.ask',
      };
    case 'survey_record':
      // Slack's record modal: the rating so far comes chosen (a change), a call's channel, never 'dm'.
      return {
        fields: [
          { name: 'rating', kind: 'radio', label: 'survey.record.rating', initial: card.followUp ? String(card.followUp.rating) : '', options: ([1, 2, 3, 4, 5] as const).map((n) => ({ value: String(n), label: `survey.rating.${n}` as MessageKey })) },
          text('text', 'survey.record.comment', false),
          { name: 'channel', kind: 'select', label: 'survey.record.channel', required: true, options: DELIVERY_CHANNELS.map((c) => ({ value: c, label: `delivery.${c}` as MessageKey })) },
          text('note', 'survey.record.note', false, 'survey.record.note.hint'),
        ],
      };
  }
}

/** The page's title and its button. */
export function wordsOf(step: Step): { title: MessageKey; submit: MessageKey } {
  if (isComplaintStep(step)) return { title: `act.${step}.title`, submit: `act.${step}.submit` };
  switch (step) {
    case 'approval_decline':
      return { title: 'decline.title', submit: 'decline.submit' };
    case 'review_confirm':
      return { title: 'review.confirm.title', submit: 'review.confirm.submit' };
    case 'survey':
      return { title: 'survey.title', submit: 'survey.submit' };
    case 'survey_record':
      return { title: 'survey.record.title', submit: 'survey.record.submit' };
    default: {
      const d = step.slice('escalation_'.length) as 'approve' | 'reassign' | 'extend' | 'decline';
      return { title: `esc.${d}.title`, submit: `esc.${d}.submit` };
    }
  }
}

/** What was typed, checked as the modals check it. */
export interface Typed {
  text: string;
  basis: string;
  note: string;
  notify: boolean;
  to?: string;
  due?: Date;
  evidence?: string;
  delivery?: { channel: DeliveryChannel; note: string };
  take?: 'self' | 'assign' | 'keep';
  priority?: Priority;
  rating?: number;
  /** How an outside customer was reached for the follow-up (survey_record). */
  channel?: DeliveryChannel;
}

/**
 * Before the form is shown: may this member take this step now? The same "prepare" the Slack
 * modals open with; a refusal (an AppError) is shown in words before anything is typed.
 */
export async function prepareStep(services: Services, step: Step, userId: string, complaintId: string, requestId: string | undefined): Promise<ComplaintCard> {
  if (isComplaintStep(step)) return services.prepareAction({ complaintId, actorId: userId, action: step });
  const card = await (async () => {
    // The follow-up's request is the complaint itself: the filer rates in their own words ('dm', as in chat).
    if (step === 'survey') return (await services.prepareSurvey({ complaintId, actorId: userId, channel: 'dm' })).card;
    // Any channel but 'dm' asks "may this person record a call?" (the handler or the leader), as Slack's button does.
    if (step === 'survey_record') return (await services.prepareSurvey({ complaintId, actorId: userId, channel: 'phone' })).card;
    if (!requestId) return undefined;
    if (step === 'approval_decline') {
      await services.prepareDecision({ approvalId: requestId, actorId: userId, expects: 'approval' });
      return services.complaintFor(userId, complaintId);
    }
    if (step === 'review_confirm') return (await services.prepareReview({ reviewId: requestId, actorId: userId })).card;
    const decision = step.slice('escalation_'.length) as 'approve' | 'reassign' | 'extend' | 'decline';
    return (await services.prepareEscalation({ escalationId: requestId, actorId: userId, decision })).card;
  })();
  // A request id from another complaint's link: nothing to show under this one.
  if (!card || card.id !== complaintId) throw new StepNotFound();
  return card;
}

export class StepNotFound extends Error {
  override name = 'StepNotFound';
}

/** Calls the one service the step names. `key` makes a resent note land once. */
export async function submitStep(services: Services, step: Step, userId: string, complaintId: string, requestId: string | undefined, v: Typed, key: string): Promise<void> {
  const act = { complaintId, actorId: userId };
  switch (step) {
    case 'request_info':
      return services.requestInfo({ ...act, question: v.text });
    case 'answer_info':
      return services.answerInfo({ ...act, answer: v.text });
    case 'add_note':
      await services.addNote({ ...act, note: v.text, toComplainant: v.notify, requestKey: key });
      return;
    case 'propose_solution':
      return services.proposeSolution({ ...act, solution: v.text });
    case 'resolve':
      return services.resolveComplaint({ ...act, result: v.text, basis: v.basis, ...(v.delivery && { delivery: v.delivery }) });
    case 'request_rejection':
      return services.requestRejection({ ...act, reason: v.text });
    case 'request_handover':
      await services.requestHandover({ ...act, toOwnerId: v.to ?? '', reason: v.text });
      return;
    case 'request_extension':
      await services.requestExtension({ ...act, newDueAt: v.due ?? new Date(0), reason: v.text, ...(v.evidence && { consentEvidence: v.evidence }) });
      return;
    case 'reopen':
      return services.reopenComplaint({ ...act, reason: v.text });
    case 'approval_decline':
      await services.decideApproval({ approvalId: requestId ?? '', actorId: userId, approve: false, note: v.text, expects: 'approval' });
      return;
    case 'review_confirm':
      return services.confirmReview({ reviewId: requestId ?? '', actorId: userId, note: v.text });
    case 'escalation_approve': {
      // "I take it over myself": the member signed in, never something the form says.
      const newOwnerId = v.take === 'self' ? userId : v.take === 'assign' ? v.to : undefined;
      await services.decideEscalation({ escalationId: requestId ?? '', actorId: userId, answer: { decision: 'approve', ...(newOwnerId && { newOwnerId }), ...(v.priority && { priority: v.priority }), ...(v.note && { note: v.note }) } });
      return;
    }
    case 'escalation_reassign':
      await services.decideEscalation({ escalationId: requestId ?? '', actorId: userId, answer: { decision: 'reassign', newOwnerId: v.to ?? '', ...(v.note && { note: v.note }) } });
      return;
    case 'escalation_extend':
      await services.decideEscalation({ escalationId: requestId ?? '', actorId: userId, answer: { decision: 'extend', newDueAt: v.due ?? new Date(0), reason: v.text, ...(v.evidence && { consentEvidence: v.evidence }) } });
      return;
    case 'escalation_decline':
      await services.decideEscalation({ escalationId: requestId ?? '', actorId: userId, answer: { decision: 'decline', note: v.text } });
      return;
    case 'survey':
      await services.recordSurvey({ complaintId, actorId: userId, rating: v.rating ?? 0, channel: 'dm', ...(v.text && { comment: v.text }) });
      return;
    case 'survey_record':
      await services.recordSurvey({ complaintId, actorId: userId, rating: v.rating ?? 0, channel: v.channel ?? 'other', ...(v.text && { comment: v.text }), ...(v.note && { note: v.note }) });
      return;
  }
}
