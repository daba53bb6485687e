import type { KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import { PRIORITIES, SOURCES } from '../../domain/complaint';
import { DRAFT_LIMITS } from '../../domain/validate-complaint';
import { priorityLabel, sourceLabel, t, type Locale } from '../../i18n';
import { FIELD, FILE_COMPLAINT_VIEW } from '../ids';
import { LIMITS, link, plain, truncate } from './common';

export interface ComplaintModalInput {
  locale: Locale;
  /** Offered in order; Slack takes at most 100, and each value must stay ≤ 150 characters. */
  categories: readonly string[];
  /** Display names by category id (pledge.config.yml); a category missing here shows its id. */
  categoryNames?: Readonly<Record<string, string>>;
  prefill?: { title?: string; details?: string; permalink?: string };
  /** Echoed back on submit (e.g. origin channel/ts); Slack allows 3000 characters. */
  privateMetadata: string;
}

const option = (text: string, value: string): PlainTextOption => ({
  text: plain(text, LIMITS.optionText),
  value,
});

/**
 * The form `/complaint` opens: empty, offering the configured categories by their names. One
 * function, so the ack bench's bare app (bench/bare-app.ts) opens exactly the view Pledge opens.
 */
export function filingModal(locale: Locale, config: { categories: readonly string[]; categoryNames?: Readonly<Record<string, string>> }): ModalView {
  return complaintModal({ locale, categories: config.categories, categoryNames: config.categoryNames, privateMetadata: '' });
}

/** The filing form. Block and action ids come from FIELD so the view parser reads the same ones. */
export function complaintModal({ locale, categories, categoryNames = {}, prefill, privateMetadata }: ComplaintModalInput): ModalView {
  if (categories.length === 0) throw new RangeError('Expected at least one category for the complaint modal');
  if (privateMetadata.length > LIMITS.privateMetadata) {
    throw new RangeError(`Expected private_metadata of at most ${LIMITS.privateMetadata} characters`);
  }

  const priorities = PRIORITIES.map((p) => option(priorityLabel(locale, p), p));
  const sources = SOURCES.map((s) => option(sourceLabel(locale, s), s));
  const title = prefill?.title?.trim();
  const details = prefill?.details?.trim();

  const blocks: KnownBlock[] = [
    {
      type: 'input',
      block_id: FIELD.title.block,
      label: plain(t(locale, 'modal.title.label')),
      element: {
        type: 'plain_text_input',
        action_id: FIELD.title.action,
        max_length: DRAFT_LIMITS.titleMax,
        placeholder: plain(t(locale, 'modal.title.placeholder'), LIMITS.placeholder),
        ...(title ? { initial_value: truncate(title, DRAFT_LIMITS.titleMax) } : {}),
      },
    },
    {
      type: 'input',
      block_id: FIELD.details.block,
      optional: true,
      label: plain(t(locale, 'modal.details.label')),
      element: {
        type: 'plain_text_input',
        action_id: FIELD.details.action,
        multiline: true,
        max_length: DRAFT_LIMITS.detailsMax,
        placeholder: plain(t(locale, 'modal.details.placeholder'), LIMITS.placeholder),
        ...(details ? { initial_value: truncate(details, DRAFT_LIMITS.detailsMax) } : {}),
      },
    },
    {
      type: 'input',
      block_id: FIELD.category.block,
      label: plain(t(locale, 'modal.category.label')),
      element: {
        type: 'static_select',
        action_id: FIELD.category.action,
        placeholder: plain(t(locale, 'modal.category.placeholder'), LIMITS.placeholder),
        options: categories.slice(0, LIMITS.options).map((c) => option(categoryNames[c] ?? c, c)),
      },
    },
    {
      type: 'input',
      block_id: FIELD.priority.block,
      label: plain(t(locale, 'modal.priority.label')),
      element: {
        type: 'static_select',
        action_id: FIELD.priority.action,
        options: priorities,
        initial_option: priorities.find((o) => o.value === 'normal'),
      },
    },
    {
      type: 'input',
      block_id: FIELD.source.block,
      label: plain(t(locale, 'modal.source.label')),
      element: {
        type: 'static_select',
        action_id: FIELD.source.action,
        options: sources,
        initial_option: sources.find((o) => o.value === 'chat'),
      },
    },
    {
      type: 'input',
      block_id: FIELD.customerName.block,
      optional: true,
      label: plain(t(locale, 'modal.customer_name.label')),
      element: {
        type: 'plain_text_input',
        action_id: FIELD.customerName.action,
        max_length: DRAFT_LIMITS.customerNameMax,
      },
    },
    {
      type: 'input',
      block_id: FIELD.customerContact.block,
      optional: true,
      label: plain(t(locale, 'modal.customer_contact.label')),
      hint: plain(t(locale, 'modal.customer_contact.hint')),
      // 254 is the longest e-mail address classifyContact accepts.
      element: { type: 'plain_text_input', action_id: FIELD.customerContact.action, max_length: 254 },
    },
  ];

  if (prefill?.permalink) {
    const origin = link(prefill.permalink, t(locale, 'modal.origin.link'));
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: t(locale, 'modal.origin', { link: origin }) }],
    });
  }

  return {
    type: 'modal',
    callback_id: FILE_COMPLAINT_VIEW,
    private_metadata: privateMetadata,
    title: plain(t(locale, 'modal.title'), LIMITS.modalTitle),
    submit: plain(t(locale, 'modal.submit'), LIMITS.modalButton),
    close: plain(t(locale, 'modal.close'), LIMITS.modalButton),
    blocks,
  };
}
