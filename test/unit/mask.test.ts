import { describe, expect, it } from 'vitest';
import { classifyContact, maskContact, maskEmail, maskPhone } from '../../src/domain/mask';

describe('maskPhone', () => {
  it.each([
    ['13812345678', '138****5678'],
    ['+8613812345678', '+861******5678'],
    ['138-1234-5678', '138****5678'],
    ['123456789012345', '123********2345'],
    ['12345678', '12****78'],
    ['1234567', '1****67'],
    ['12345', '****5'],
    ['1234', '****'],
    ['', ''],
  ])('%s -> %s', (value, expected) => {
    expect(maskPhone(value)).toBe(expected);
  });

  it('always hides at least four digits', () => {
    for (let n = 4; n <= 15; n++) {
      const masked = maskPhone('9'.repeat(n));
      expect(masked.split('*').length - 1).toBeGreaterThanOrEqual(4);
      expect(masked).toHaveLength(n);
    }
  });
});

describe('maskEmail', () => {
  it.each([
    ['alice@example.com', 'a***@example.com'],
    ['a@example.com', 'a***@example.com'],
    ['averyveryverylongname@example.com', 'a***@example.com'],
    ['not-an-email', '***'],
  ])('%s -> %s', (value, expected) => {
    expect(maskEmail(value)).toBe(expected);
  });
});

describe('maskContact', () => {
  it('dispatches on kind', () => {
    expect(maskContact('phone', '13812345678')).toBe('138****5678');
    expect(maskContact('email', 'bob@example.org')).toBe('b***@example.org');
  });
});

describe('classifyContact', () => {
  it.each([
    ['13812345678', { kind: 'phone', value: '13812345678' }],
    [' +86 138-1234-5678 ', { kind: 'phone', value: '+8613812345678' }],
    ['(010) 8888 6666', { kind: 'phone', value: '01088886666' }],
    ['1234567', { kind: 'phone', value: '1234567' }],
    ['123456789012345', { kind: 'phone', value: '123456789012345' }],
    ['Alice.Smith@Example.COM', { kind: 'email', value: 'Alice.Smith@example.com' }],
    ['bob+complaints@mail.example.co.uk', { kind: 'email', value: 'bob+complaints@mail.example.co.uk' }],
  ])('%j -> %j', (raw, expected) => {
    expect(classifyContact(raw)).toEqual(expected);
  });

  it.each([
    '',
    '   ',
    '123456',
    '1234567890123456',
    '138 1234 5678 ext 9',
    '138+12345678',
    'call me',
    'alice@',
    '@example.com',
    'alice@example',
    'alice@@example.com',
    'alice smith@example.com',
    'alice@exa mple.com',
    '<alice@example.com>',
    `${'a'.repeat(250)}@example.com`,
  ])('rejects %j', (raw) => {
    expect(classifyContact(raw)).toBeUndefined();
  });
});
