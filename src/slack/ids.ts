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

/** Block ids for message blocks that carry actions, so listeners can tell them apart. */
export const CARD_ACTIONS_BLOCK = 'complaint_actions';
export const REACTION_OFFER_BLOCK = 'complaint_reaction_offer';

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
