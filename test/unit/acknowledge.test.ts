import { describe, expect, it } from 'vitest';
import { acknowledgeDueAt } from '../../src/domain/acknowledge';

const limits = { acknowledgeHours: 24, urgentAcknowledgeMinutes: 30 };
// A Friday evening in Shanghai: elapsed time ignores the weekend.
const filedAt = new Date('2026-11-27T10:15:00Z');

describe('acknowledgeDueAt', () => {
  it.each([
    ['normal', '2026-11-28T10:15:00.000Z'],
    ['major', '2026-11-28T10:15:00.000Z'],
    ['urgent', '2026-11-27T10:45:00.000Z'],
  ] as const)('%s -> %s', (priority, expected) => {
    expect(acknowledgeDueAt(filedAt, priority, limits).toISOString()).toBe(expected);
  });

  it('uses configured limits', () => {
    const custom = { acknowledgeHours: 2, urgentAcknowledgeMinutes: 5 };
    expect(acknowledgeDueAt(filedAt, 'normal', custom).toISOString()).toBe('2026-11-27T12:15:00.000Z');
    expect(acknowledgeDueAt(filedAt, 'urgent', custom).toISOString()).toBe('2026-11-27T10:20:00.000Z');
  });

  it('does not mutate its input', () => {
    const at = new Date(filedAt.getTime());
    acknowledgeDueAt(at, 'urgent', limits);
    expect(at.getTime()).toBe(filedAt.getTime());
  });
});
