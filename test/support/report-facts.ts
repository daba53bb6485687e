/** A small fact fixture for report tests, with its hand count in test/unit/report.test.ts. */
import type { ComplaintFact, StageFact } from '../../src/domain/report';

export const H = 3_600_000;
const d = (iso: string) => new Date(iso);
export const stage = (due: string, met: string | null, breached: string | null = null): StageFact => ({
  dueAt: d(due),
  metAt: met ? d(met) : null,
  breachedAt: breached ? d(breached) : null,
});

const base = (over: Partial<ComplaintFact>): ComplaintFact => ({
  reference: 'PLG-2026-000001',
  groupId: 'billing',
  ownerId: 'U1',
  category: 'billing',
  priority: 'normal',
  status: 'resolved',
  filedAt: d('2026-10-05T02:00:00Z'),
  acknowledge: stage('2026-10-06T02:00:00Z', '2026-10-05T03:00:00Z'),
  solution: stage('2026-10-08T10:00:00Z', '2026-10-06T02:00:00Z'),
  solutionWorkingMs: 10 * H,
  escalations: 0,
  rating: 5,
  surveyed: true,
  ratingBy: 'complainant',
  pausedMs: 0,
  lowRated: false,
  reviewed: false,
  ...over,
});

export const FACTS: ComplaintFact[] = [
  base({ reference: 'A' }),
  // Acknowledged late, solution on time, rated 3.
  base({ reference: 'B', ownerId: 'U2', acknowledge: stage('2026-10-06T02:00:00Z', '2026-10-06T05:00:00Z', '2026-10-06T02:00:00Z'), solutionWorkingMs: 20 * H, rating: 3, escalations: 1 }),
  // Rejected after a late solution stage; never rated.
  base({ reference: 'C', status: 'rejected', category: 'refunds', solution: stage('2026-10-08T10:00:00Z', '2026-10-09T10:00:00Z', '2026-10-08T10:00:00Z'), solutionWorkingMs: 30 * H, rating: null, surveyed: false, escalations: 2 }),
  // Still open: acknowledge met on time, solution not due yet (undecided, left out of on-time).
  base({ reference: 'D', status: 'investigating', priority: 'major', solution: stage('2026-12-31T10:00:00Z', null), solutionWorkingMs: null, rating: null, surveyed: false }),
  // Resolved but the survey was not answered.
  base({ reference: 'E', ownerId: 'U2', solutionWorkingMs: 40 * H, rating: null, surveyed: false }),
];

/** When FACTS are judged: D's solution is not due yet. */
export const AS_OF = d('2026-11-28T00:00:00Z');
