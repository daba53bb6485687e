/** Report numbers against a hand count on a small fixture. */
import { describe, expect, it } from 'vitest';
import { buildReport, percentile } from '../../src/domain/report';
import { currentPeriod, parsePeriod } from '../../src/domain/period';
import { FACTS } from '../support/report-facts';

const d = (iso: string) => new Date(iso);
const facts = FACTS;

describe('buildReport', () => {
  const period = parsePeriod('2026-Q4', 'Asia/Shanghai')!;
  const report = buildReport(facts, period, d('2026-11-28T00:00:00Z'));

  it('matches the hand count for the whole period', () => {
    expect(report.total).toEqual({
      volume: 5,
      acknowledgedOnTimePct: 80, // 4 of 5 (B late)
      solutionOnTimePct: 75, // 3 of the 4 decided (C late; D not due yet)
      resolutionRatePct: 60, // A, B, E
      rejectionRatePct: 20, // C
      meanSolutionWorkingHours: 25, // (10 + 20 + 30 + 40) / 4
      p90SolutionWorkingHours: 40, // nearest rank: ceil(0.9 x 4) = 4th of 10, 20, 30, 40
      escalations: 3,
      averageSatisfaction: 4, // (5 + 3) / 2
      responseRatePct: 66.7, // 2 of the 3 resolved answered
      ratingsFromComplainant: 2, // A and B, rated in their DMs
      ratingsRecordedByStaff: 0,
      pausedHours: 0,
      lowRated: 0,
      reviewed: 0,
    });
  });

  it('counts the unsatisfied follow-ups put before the leader, and those the leader reviewed', () => {
    const flagged = [
      { ...facts[0]!, reference: 'F', rating: 2, lowRated: true, reviewed: true },
      { ...facts[0]!, reference: 'G', rating: 1, lowRated: true, reviewed: false }, // the review lapsed
      { ...facts[0]!, reference: 'H', rating: 4, lowRated: false, reviewed: true }, // reviewed, but not for a low rating
    ];
    expect(buildReport([...facts, ...flagged], period, d('2026-11-28T00:00:00Z')).total).toMatchObject({ lowRated: 2, reviewed: 1 });
  });

  it('splits by owner, category and priority', () => {
    expect(report.by.owner.map((o) => [o.key, o.metrics.volume, o.metrics.averageSatisfaction])).toEqual([
      ['U1', 3, 5],
      ['U2', 2, 3],
    ]);
    expect(report.by.category.map((c) => [c.key, c.metrics.rejectionRatePct])).toEqual([
      ['billing', 0],
      ['refunds', 100],
    ]);
    expect(report.by.priority.map((p) => [p.key, p.metrics.volume, p.metrics.solutionOnTimePct])).toEqual([
      ['major', 1, null],
      ['normal', 4, 75],
    ]);
  });

  it('computes nearest-rank percentiles', () => {
    expect(percentile([], 0.9)).toBeNull();
    expect(percentile([5], 0.9)).toBe(5);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBe(9);
  });
});

describe('periods', () => {
  it('parses quarters, months and ISO weeks in the team zone', () => {
    expect(parsePeriod('2026-Q4', 'Asia/Shanghai')).toEqual({ label: '2026-Q4', start: d('2026-09-30T16:00:00Z'), end: d('2026-12-31T16:00:00Z') });
    expect(parsePeriod('2026-11', 'UTC')).toEqual({ label: '2026-11', start: d('2026-11-01T00:00:00Z'), end: d('2026-12-01T00:00:00Z') });
    expect(parsePeriod('2026-W48', 'UTC')).toEqual({ label: '2026-W48', start: d('2026-11-23T00:00:00Z'), end: d('2026-11-30T00:00:00Z') });
    expect(parsePeriod('2026-Q5', 'UTC')).toBeUndefined();
    expect(parsePeriod('2026-13', 'UTC')).toBeUndefined();
  });

  it('finds the current week, month and quarter', () => {
    const now = d('2026-11-28T10:00:00Z');
    expect(currentPeriod('week', now, 'UTC').label).toBe('2026-W48');
    expect(currentPeriod('month', now, 'UTC').label).toBe('2026-11');
    expect(currentPeriod('quarter', now, 'UTC').label).toBe('2026-Q4');
  });
});
