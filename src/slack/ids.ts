import type { DraftField } from '../domain/validate-complaint';

/**
 * Every id Slack echoes back to us, in one place, so builders and listeners
 * cannot drift apart. Changing a value breaks buttons on messages already
 * posted, so treat these as a stable contract.
 */
export const COMMAND = '/complaint';

export const FILE_COMPLAINT_VIEW = 'file_complaint';
export const FILE_FROM_MESSAGE_CALLBACK = 'file_complaint_from_message';

export const ACCEPT_ACTION = 'complaint_accept';
export const OPEN_FILE_MODAL_ACTION = 'complaint_open_file_modal';

/**
 * Every other step on a complaint. Buttons and overflow options carry `<action>:<complaintId>`
 * as their value; each button's action_id is `complaint_act:<action>` (Slack wants action ids
 * unique within a message), the overflow menu's `complaint_act:more`. One listener takes them all.
 */
export const COMPLAINT_ACTION = 'complaint_act';
export const COMPLAINT_ACTION_PATTERN = /^complaint_act(?::[a-z_]+)?$/;
export const complaintActionId = (suffix: string) => `${COMPLAINT_ACTION}:${suffix}`;

/** The modal behind a complaint action; private_metadata is `{"a": action, "id": complaintId}`. */
export const ACTION_MODAL_VIEW = 'complaint_action_modal';

/** A leader's answer to a request (rejection, handover); the value is the approval's id. */
export const APPROVE_ACTION = 'approval_approve';
export const DECLINE_ACTION = 'approval_decline';
/** The decline reason modal; private_metadata is `{"id": approvalId, "c": dm channel, "t": ask ts}`. */
export const DECLINE_MODAL_VIEW = 'approval_decline_modal';
/** The complainant's answer to an extension; the value is the approval's id. */
export const CONSENT_AGREE_ACTION = 'consent_agree';
export const CONSENT_DECLINE_ACTION = 'consent_decline';

/** Block ids for message blocks that carry actions, so listeners can tell them apart. */
export const CARD_ACTIONS_BLOCK = 'complaint_actions';
export const REACTION_OFFER_BLOCK = 'complaint_reaction_offer';
export const APPROVAL_ACTIONS_BLOCK = 'approval_actions';
export const FILER_ACTIONS_BLOCK = 'filer_actions';
/** "Reveal contact" on the card and the detail view; the value is the complaint's id. */
export const CONTACT_ACTIONS_BLOCK = 'contact_actions';
export const REVEAL_CONTACT_ACTION = 'contact_reveal';

export interface FieldIds {
  readonly block: string;
  readonly action: string;
}

/** Modal inputs: `view.state.values[block][action]` is where each answer arrives. */
export const FIELD = {
  title: { block: 'title', action: 'title' },
  details: { block: 'details', action: 'details' },
  category: { block: 'category', action: 'category' },
  priority: { block: 'priority', action: 'priority' },
  source: { block: 'source', action: 'source' },
  customerName: { block: 'customer_name', action: 'customer_name' },
  customerContact: { block: 'customer_contact', action: 'customer_contact' },
} as const satisfies Record<DraftField, FieldIds>;

export type FieldName = keyof typeof FIELD;

/** Inputs of the action modals (which appear depends on the action). */
export const ACTION_FIELD = {
  text: { block: 'act_text', action: 'act_text' },
  basis: { block: 'act_basis', action: 'act_basis' },
  notify: { block: 'act_notify', action: 'act_notify' },
  delivery: { block: 'act_delivery', action: 'act_delivery' },
  deliveryNote: { block: 'act_delivery_note', action: 'act_delivery_note' },
  to: { block: 'act_to', action: 'act_to' },
  due: { block: 'act_due', action: 'act_due' },
  evidence: { block: 'act_evidence', action: 'act_evidence' },
  take: { block: 'act_take', action: 'act_take' },
  priority: { block: 'act_priority', action: 'act_priority' },
  rating: { block: 'act_rating', action: 'act_rating' },
  channel: { block: 'act_channel', action: 'act_channel' },
  note: { block: 'act_note', action: 'act_note' },
} as const satisfies Record<string, FieldIds>;

export type ActionFieldName = keyof typeof ACTION_FIELD;

/** The one checkbox option of the note modal's "also send to the complainant". */
export const NOTIFY_OPTION = 'notify';

/**
 * An escalation's choices, from the DM that asked (or the major report, or App Home); the
 * value is the escalation's id. Each opens its modal; private_metadata is
 * `{"d": decision, "id": escalationId, "c": dm channel, "t": ask ts}`.
 */
export const ESCALATION_APPROVE_ACTION = 'escalation_approve';
export const ESCALATION_REASSIGN_ACTION = 'escalation_reassign';
export const ESCALATION_EXTEND_ACTION = 'escalation_extend';
export const ESCALATION_DECLINE_ACTION = 'escalation_decline';
export const ESCALATION_ACTIONS_BLOCK = 'escalation_actions';
export const ESCALATION_MODAL_VIEW = 'escalation_modal';
/** Options of the approve modal's "who handles it now". */
export const TAKE_OPTIONS = ['self', 'assign', 'keep'] as const;

/**
 * The satisfaction follow-up: the filer's 1-5 buttons (`survey_rate:<n>`, value the complaint
 * id) and the owner's "Record follow-up" for an outside customer. Both open the survey modal;
 * private_metadata is `{"id": complaintId, "m": "dm" | "record", "c": dm channel, "t": ask ts}`.
 */
export const SURVEY_RATE_ACTION = 'survey_rate';
export const SURVEY_RATE_PATTERN = /^survey_rate:[1-5]$/;
export const surveyRateActionId = (rating: number) => `${SURVEY_RATE_ACTION}:${rating}`;
export const SURVEY_RECORD_ACTION = 'survey_record';
export const SURVEY_ACTIONS_BLOCK = 'survey_actions';
export const SURVEY_MODAL_VIEW = 'survey_modal';

/**
 * A review (复核) before the group leader after a low rating: Reopen (the complaint action
 * `complaint_act:reopen`) and Confirm closure, whose value is the review's id and which opens the
 * note modal; private_metadata is `{"id": reviewId}` (the DM is brought up to date by the outbox).
 */
export const REVIEW_CONFIRM_ACTION = 'review_confirm';
export const REVIEW_ACTIONS_BLOCK = 'review_actions';
export const REVIEW_CONFIRM_VIEW = 'review_confirm_modal';
