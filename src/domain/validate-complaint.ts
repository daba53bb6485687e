import { PRIORITIES, SOURCES, type ComplaintDraft, type Priority, type Source } from './complaint';
import { classifyContact } from './mask';

/** What a filer typed, as parsed from the chat platform: any field may be missing. */
export interface RawDraft {
  title?: string | null;
  details?: string | null;
  category?: string | null;
  priority?: string | null;
  source?: string | null;
  customerName?: string | null;
  customerContact?: string | null;
  originChannelId?: string | null;
  originMessageId?: string | null;
  originPermalink?: string | null;
}

export type DraftField =
  | 'title'
  | 'details'
  | 'category'
  | 'priority'
  | 'source'
  | 'customerName'
  | 'customerContact';

/**
 * i18n message keys, named here so the domain holds no text; i18n/index.ts
 * checks at compile time that each exists in the catalogs. The limits are
 * written into the messages, so change both together.
 */
export type DraftErrorKey =
  | 'field.title.required'
  | 'field.title.too_long'
  | 'field.details.too_long'
  | 'field.category.required'
  | 'field.category.invalid'
  | 'field.priority.invalid'
  | 'field.source.invalid'
  | 'field.customer_name.too_long'
  | 'field.customer_contact.invalid';

export const DRAFT_LIMITS = { titleMax: 150, detailsMax: 3000, customerNameMax: 100 } as const;

export type DraftErrors = Partial<Record<DraftField, DraftErrorKey>>;
export type DraftResult = { ok: true; draft: ComplaintDraft } | { ok: false; errors: DraftErrors };

const clean = (s: string | null | undefined): string => (s ?? '').trim();
// Code points, not UTF-16 units, so an emoji counts as one character like Slack shows it.
const length = (s: string): number => Array.from(s).length;

const isPriority = (s: string): s is Priority => (PRIORITIES as readonly string[]).includes(s);
const isSource = (s: string): s is Source => (SOURCES as readonly string[]).includes(s);

export function validateDraft(input: RawDraft, categories: readonly string[]): DraftResult {
  const errors: DraftErrors = {};

  const title = clean(input.title);
  if (title === '') errors.title = 'field.title.required';
  else if (length(title) > DRAFT_LIMITS.titleMax) errors.title = 'field.title.too_long';

  const details = clean(input.details);
  if (length(details) > DRAFT_LIMITS.detailsMax) errors.details = 'field.details.too_long';

  const category = clean(input.category);
  if (category === '') errors.category = 'field.category.required';
  else if (!categories.includes(category)) errors.category = 'field.category.invalid';

  const priority = clean(input.priority);
  if (!isPriority(priority)) errors.priority = 'field.priority.invalid';

  const source = clean(input.source);
  if (!isSource(source)) errors.source = 'field.source.invalid';

  const customerName = clean(input.customerName);
  if (length(customerName) > DRAFT_LIMITS.customerNameMax) errors.customerName = 'field.customer_name.too_long';

  const rawContact = clean(input.customerContact);
  const contact = rawContact === '' ? undefined : classifyContact(rawContact);
  if (rawContact !== '' && !contact) errors.customerContact = 'field.customer_contact.invalid';

  if (Object.keys(errors).length > 0 || !isPriority(priority) || !isSource(source)) {
    return { ok: false, errors };
  }

  const draft: ComplaintDraft = { title, details, category, priority, source };
  if (customerName !== '') draft.customerName = customerName;
  if (contact) draft.customerContact = contact.value;
  const originChannelId = clean(input.originChannelId);
  const originMessageId = clean(input.originMessageId);
  const originPermalink = clean(input.originPermalink);
  if (originChannelId !== '') draft.originChannelId = originChannelId;
  if (originMessageId !== '') draft.originMessageId = originMessageId;
  if (originPermalink !== '') draft.originPermalink = originPermalink;
  return { ok: true, draft };
}
