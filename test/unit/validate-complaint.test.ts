import { describe, expect, it } from 'vitest';
import { t, type MessageKey } from '../../src/i18n';
import { validateDraft, type RawDraft } from '../../src/domain/validate-complaint';

const categories = ['Billing', 'Service quality'];
const valid: RawDraft = {
  title: '  Charged twice  ',
  details: ' Card charged twice on 3 Nov. ',
  category: 'Billing',
  priority: 'major',
  source: 'phone',
};

const errorsOf = (input: RawDraft) => {
  const result = validateDraft(input, categories);
  if (result.ok) throw new Error('expected errors');
  return result.errors;
};

describe('validateDraft', () => {
  it('accepts a valid draft, trimmed, without empty optionals', () => {
    expect(validateDraft(valid, categories)).toEqual({
      ok: true,
      draft: { title: 'Charged twice', details: 'Card charged twice on 3 Nov.', category: 'Billing', priority: 'major', source: 'phone' },
    });
  });

  it('keeps customer and origin fields, normalising the contact', () => {
    const result = validateDraft(
      { ...valid, customerName: ' 王先生 ', customerContact: '+86 138-1234-5678', originChannelId: 'C1', originMessageId: '1.2', originPermalink: 'https://x.slack.com/archives/C1/p12' },
      categories,
    );
    expect(result.ok && result.draft).toMatchObject({
      customerName: '王先生',
      customerContact: '+8613812345678',
      originChannelId: 'C1',
      originMessageId: '1.2',
      originPermalink: 'https://x.slack.com/archives/C1/p12',
    });
  });

  it('lowercases an e-mail contact domain', () => {
    const result = validateDraft({ ...valid, customerContact: 'Bob@Example.COM' }, categories);
    expect(result.ok && result.draft.customerContact).toBe('Bob@example.com');
  });

  it('allows a contact without a name and a name without a contact', () => {
    expect(validateDraft({ ...valid, customerContact: 'a@b.cn' }, categories).ok).toBe(true);
    expect(validateDraft({ ...valid, customerName: 'Ann' }, categories).ok).toBe(true);
  });

  it('treats missing details as empty', () => {
    const result = validateDraft({ ...valid, details: null }, categories);
    expect(result.ok && result.draft.details).toBe('');
  });

  it.each<[string, RawDraft, Record<string, MessageKey>]>([
    ['title missing', { ...valid, title: undefined }, { title: 'field.title.required' }],
    ['title blank', { ...valid, title: '   ' }, { title: 'field.title.required' }],
    ['title too long', { ...valid, title: 'x'.repeat(151) }, { title: 'field.title.too_long' }],
    ['details too long', { ...valid, details: 'x'.repeat(3001) }, { details: 'field.details.too_long' }],
    ['category missing', { ...valid, category: '' }, { category: 'field.category.required' }],
    ['category unknown', { ...valid, category: 'billing' }, { category: 'field.category.invalid' }],
    ['priority missing', { ...valid, priority: null }, { priority: 'field.priority.invalid' }],
    ['priority unknown', { ...valid, priority: 'critical' }, { priority: 'field.priority.invalid' }],
    ['source unknown', { ...valid, source: 'fax' }, { source: 'field.source.invalid' }],
    ['source missing', { ...valid, source: undefined }, { source: 'field.source.invalid' }],
    ['name too long', { ...valid, customerName: 'x'.repeat(101) }, { customerName: 'field.customer_name.too_long' }],
    ['contact neither phone nor e-mail', { ...valid, customerContact: 'call me' }, { customerContact: 'field.customer_contact.invalid' }],
  ])('%s', (_name, input, expected) => {
    expect(errorsOf(input)).toEqual(expected);
  });

  it('accepts values exactly at the limits, counting characters not UTF-16 units', () => {
    const result = validateDraft(
      { ...valid, title: '投'.repeat(149) + '😀', details: 'x'.repeat(3000), customerName: 'x'.repeat(100) },
      categories,
    );
    expect(result.ok).toBe(true);
  });

  it('reports every bad field at once', () => {
    expect(Object.keys(errorsOf({}))).toEqual(['title', 'category', 'priority', 'source']);
  });

  it('names only keys that the catalogs translate', () => {
    const all = errorsOf({ title: 'x'.repeat(200), details: 'x'.repeat(4000), category: 'nope', customerName: 'x'.repeat(200), customerContact: '?' });
    for (const key of Object.values(all)) {
      expect(t('zh-CN', key)).not.toBe(key);
    }
  });
});
