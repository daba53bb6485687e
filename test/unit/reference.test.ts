import { describe, expect, it } from 'vitest';
import { formatReference, parseReference } from '../../src/domain/reference';

describe('formatReference', () => {
  it.each([
    [2026, 1, 'PLG-2026-000001'],
    [2026, 123, 'PLG-2026-000123'],
    [2026, 999999, 'PLG-2026-999999'],
    [2026, 1000000, 'PLG-2026-1000000'],
  ])('(%i, %i) -> %s', (year, seq, expected) => {
    expect(formatReference(year, seq)).toBe(expected);
  });

  it.each([
    [2026, 0],
    [2026, -1],
    [2026, 1.5],
    [26, 1],
    [Number.NaN, 1],
  ])('rejects (%s, %s)', (year, seq) => {
    expect(() => formatReference(year, seq)).toThrow(RangeError);
  });
});

describe('parseReference', () => {
  it.each([
    ['PLG-2026-000123', { year: 2026, seq: 123 }],
    ['plg-2026-000123', { year: 2026, seq: 123 }],
    ['  Plg-2026-000123 \n', { year: 2026, seq: 123 }],
    ['PLG-2026-1000000', { year: 2026, seq: 1000000 }],
  ])('%j -> %j', (text, expected) => {
    expect(parseReference(text)).toEqual(expected);
  });

  it.each(['PLG-2026-123', 'PLG-2026-00123', 'PLG-26-000123', 'XYZ-2026-000123', 'PLG-2026-000000', 'PLG 2026 000123', 'see PLG-2026-000123', '', 'PLG-2026-00012a'])(
    'rejects %j',
    (text) => {
      expect(parseReference(text)).toBeUndefined();
    },
  );

  it('round-trips', () => {
    for (const seq of [1, 42, 999999, 1234567]) {
      expect(parseReference(formatReference(2031, seq))).toEqual({ year: 2031, seq });
    }
  });
});
