import { describe, expect, it } from 'vitest';
import { planClock, type ClockState } from '../../src/domain/sweep-plan';
import { ALWAYS_WORKING, type Calendar } from '../../src/domain/sla';

const start = new Date('2026-12-01T00:00:00Z');
const due = new Date('2026-12-01T10:00:00Z');
const at = (h: number) => new Date(start.getTime() + h * 3_600_000);
const state = (over: Partial<ClockState> = {}): ClockState => ({ clock: 'elapsed', startedAt: start, dueAt: due, thresholdsDone: 0, priority: 'normal', ...over });
const WARN = [0.5, 0.8];

/** Working time is 09:00-17:00 UTC every day, for the defer cases. */
const dayShift: Calendar = {
  ...ALWAYS_WORKING,
  isWorkingTime: (t) => t.getUTCHours() >= 9 && t.getUTCHours() < 17,
  nextWorkingStart: (t) => {
    const d = new Date(t);
    if (d.getUTCHours() >= 17) d.setUTCDate(d.getUTCDate() + 1);
    d.setUTCHours(9, 0, 0, 0);
    return d;
  },
};

describe('planClock', () => {
  it.each([
    [4, 0, 'none', 0],
    [5, 0, 'warn', 1],
    [8, 1, 'escalate', 2],
    [10, 2, 'breach', 3],
    [10, 0, 'breach', 3], // down through both warnings: catch up once, at the breach
    [9, 0, 'escalate', 2],
    [11, 3, 'none', 3],
  ])('at %dh with %d done -> %s', (hours, done, kind, thresholdsDone) => {
    const plan = planClock(state({ thresholdsDone: done }), WARN, at(hours), ALWAYS_WORKING);
    expect(plan.kind).toBe(kind);
    if (plan.kind === 'warn' || plan.kind === 'escalate' || plan.kind === 'breach') expect(plan.thresholdsDone).toBe(thresholdsDone);
  });

  it('says when to look next', () => {
    expect(planClock(state(), WARN, at(1), ALWAYS_WORKING)).toEqual({ kind: 'none', nextCheckAt: at(5) });
    const warned = planClock(state(), WARN, at(5), ALWAYS_WORKING);
    expect(warned.nextCheckAt).toEqual(at(8));
    expect(planClock(state({ thresholdsDone: 2 }), WARN, at(10), ALWAYS_WORKING).nextCheckAt).toBeNull();
  });

  it('defers a normal complaint breached at night to the next working start, but not an urgent one', () => {
    const night = new Date('2026-12-01T20:00:00Z');
    expect(planClock(state({ thresholdsDone: 2 }), WARN, night, dayShift)).toEqual({ kind: 'defer', nextCheckAt: new Date('2026-12-02T09:00:00Z') });
    expect(planClock(state({ thresholdsDone: 2, priority: 'urgent' }), WARN, night, dayShift).kind).toBe('breach');
  });

  it('with no warnings configured, the breach is the only threshold', () => {
    expect(planClock(state(), [], at(9), ALWAYS_WORKING).kind).toBe('none');
    expect(planClock(state(), [], at(10), ALWAYS_WORKING)).toMatchObject({ kind: 'breach', thresholdsDone: 1 });
  });
});

describe('who is told at night (README: normal and major in working hours only; urgent at once)', () => {
  it('defers a major complaint\'s threshold passed at night, and announces an urgent one at once', () => {
    const night = at(5); // 05:00 UTC: outside dayShift's 09:00-17:00
    expect(planClock(state({ priority: 'major' }), WARN, night, dayShift).kind).toBe('defer');
    expect(planClock(state({ priority: 'normal' }), WARN, night, dayShift).kind).toBe('defer');
    expect(planClock(state({ priority: 'urgent' }), WARN, night, dayShift).kind).toBe('warn');
  });
});
