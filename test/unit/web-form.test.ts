/** The public form's rules (domain/web-form.ts), its language choice, and `page.form` in pledge.config.yml. */
import { describe, expect, it } from 'vitest';
import { oneGroupYaml } from '../support/one-group-yaml';
import { ConfigError, loadPledgeConfig } from '../../src/config';
import { checkForm, codeState, rateRefusal, resendState, titleFrom } from '../../src/domain/web-form';
import { verificationEmail } from '../../src/reach/verification';
import { chooseLocale } from '../../src/web/complaint-form-routes';

const fields = { name: 'Li Lei', contact: '138 1234 5678', category: 'billing', details: 'Billed twice' };

describe('the form\u2019s fields', () => {
  it('takes a complete submission, the contact normalised', () => {
    expect(checkForm(fields, ['billing'], ['phone', 'email'])).toEqual({ ok: true, draft: { name: 'Li Lei', contact: { kind: 'phone', value: '13812345678' }, category: 'billing', details: 'Billed twice' } });
  });

  it('names each field that is wrong', () => {
    expect(checkForm({ name: ' ', contact: 'x@', category: 'other', details: '' }, ['billing'], ['phone', 'email'])).toEqual({
      ok: false,
      errors: { name: 'form.error.name_required', contact: 'form.error.contact_invalid', category: 'form.error.category_required', details: 'form.error.details_required' },
    });
    expect(checkForm({ ...fields, name: 'x'.repeat(101), details: '长'.repeat(3001) }, ['billing'], ['phone']).ok).toBe(false);
    // 3,000 Chinese characters are 3,000, not 9,000 bytes.
    expect(checkForm({ ...fields, details: '长'.repeat(3000) }, ['billing'], ['phone']).ok).toBe(true);
  });

  it('refuses a kind of contact no code or link can be sent to', () => {
    expect(checkForm(fields, ['billing'], ['email'])).toEqual({ ok: false, errors: { contact: 'form.error.contact_unsupported' } });
  });

  it('titles the complaint with its first line, cut at a word', () => {
    expect(titleFrom('\n  Water bill doubled  \nMeter read twice')).toBe('Water bill doubled');
    expect(titleFrom('The meter was read twice in November and the bill doubled although nobody was home')).toBe('The meter was read twice in November and the bill doubled…');
    expect(Array.from(titleFrom('水'.repeat(80)))).toHaveLength(60);
  });
});

describe('limits and codes', () => {
  const limits = { perAddressPerHour: 10, perContactPerDay: 3 };
  it('refuses the submission past either limit, the address first', () => {
    expect(rateRefusal({ address: 9, contact: 2 }, limits)).toBeNull();
    expect(rateRefusal({ address: 10, contact: 0 }, limits)).toBe('address');
    expect(rateRefusal({ address: 0, contact: 3 }, limits)).toBe('contact');
  });

  it('tells a filed, expired, used-up and open code apart', () => {
    const now = new Date('2026-11-30T02:00:00Z');
    const row = { expiresAt: new Date(now.getTime() + 1), attempts: 0, complaintId: null, sealed: true };
    expect(codeState(row, 5, now)).toBe('open');
    expect(codeState({ ...row, attempts: 5 }, 5, now)).toBe('spent');
    expect(codeState({ ...row, expiresAt: now }, 5, now)).toBe('expired');
    expect(codeState({ ...row, sealed: false }, 5, now)).toBe('expired');
    expect(codeState({ ...row, complaintId: 'c1', sealed: false }, 5, now)).toBe('filed');
  });
});

describe('the visitor\u2019s language', () => {
  it('is their choice, else the first of Accept-Language Pledge speaks, else the team\u2019s', () => {
    expect(chooseLocale('en', 'zh-CN', 'zh-CN')).toBe('en');
    expect(chooseLocale(null, 'fr-FR, zh-TW;q=0.8, en;q=0.9', 'en')).toBe('en');
    expect(chooseLocale(undefined, 'fr, zh-Hans-CN;q=0.5', 'en')).toBe('zh-CN');
    expect(chooseLocale('de', 'de-DE', 'zh-CN')).toBe('zh-CN');
  });
});

describe('sending the code again', () => {
  const limits = { resendSeconds: 60, perContactPerDay: 3 };
  const asked = new Date('2026-11-30T02:00:00Z');
  const at = (ms: number) => new Date(asked.getTime() + ms);
  it('waits out the cool-down in whole seconds, then allows it while the contact has sends left', () => {
    expect(resendState({ state: 'open', lastAskedAt: asked, contactSends: 1 }, limits, asked)).toEqual({ may: false, why: 'cooldown', seconds: 60 });
    expect(resendState({ state: 'open', lastAskedAt: asked, contactSends: 1 }, limits, at(59_001))).toEqual({ may: false, why: 'cooldown', seconds: 1 });
    expect(resendState({ state: 'open', lastAskedAt: asked, contactSends: 2 }, limits, at(60_000))).toEqual({ may: true });
    // The day's sends used up: no cool-down to wait for, none left at all.
    expect(resendState({ state: 'open', lastAskedAt: asked, contactSends: 3 }, limits, asked)).toEqual({ may: false, why: 'contact' });
  });
  it('offers none once the submission takes no code', () => {
    for (const state of ['expired', 'spent', 'filed'] as const) expect(resendState({ state, lastAskedAt: asked, contactSends: 0 }, limits, at(600_000))).toEqual({ may: false, why: 'closed' });
  });
});

describe('page.form in pledge.config.yml', () => {
  const base = `
locale: en${oneGroupYaml('[{ id: billing, name: { en: Billing, zh-CN: 账单 } }, refunds]')}reach:
  organisation: Acme
  email: { host: smtp.acme.example, from: "Acme <c@acme.example>" }
`;
  it('has defaults, and each category with its name in both languages', () => {
    expect(loadPledgeConfig(`${base}page:\n  form: {}\n`).page.form).toEqual({
      path: '/complain',
      codeMinutes: 15,
      maxAttempts: 5,
      resendSeconds: 60,
      perAddressPerHour: 10,
      perContactPerDay: 3,
      trustProxy: false,
      categories: [
        { id: 'billing', name: { en: 'Billing', 'zh-CN': '账单' } },
        { id: 'refunds', name: { en: 'refunds', 'zh-CN': 'refunds' } },
      ],
    });
    expect(loadPledgeConfig(base).page.form).toBeUndefined();
  });

  it('refuses a category no group handles, a path Pledge serves already, and no way to verify', () => {
    expect(() => loadPledgeConfig(`${base}page:\n  form: { categories: [water] }\n`)).toThrow(/page\.form\.categories\[0\]: no group handles category "water"/);
    expect(() => loadPledgeConfig(`${base}page:\n  form: { path: /p/form }\n`)).toThrow(ConfigError);
    expect(() => loadPledgeConfig(`${base.replace(/reach:[\s\S]*$/, '')}page:\n  form: {}\n`)).toThrow(/page\.form: needs a way to verify contacts/);
  });
});

describe.each(['en', 'zh-CN'] as const)('the verification e-mail (%s)', (locale) => {
  const link = 'https://pledge.example.com/complain/confirm/Zm9vYmFyYmF6';
  it('reads as kept in __messages__', async () => {
    const m = verificationEmail(locale, locale === 'en' ? 'Acme Water' : '某某水务', link, 15);
    await expect(`### verify (e-mail)\nSubject: ${m.subject}\n${m.text}`).toMatchFileSnapshot(`__messages__/web-form.${locale}.txt`);
    expect(m.html).toContain(`<a href="${link}">${link}</a>`);
    expect(m.html).toContain(`<html lang="${locale}">`);
  });
});
