import { describe, expect, it } from 'vitest';
import { chooseOwner, routeCategory, type OwnerChoice } from '../../src/domain/routing';

describe('routeCategory', () => {
  const groups = [
    { id: 'billing', categories: ['Billing', 'Refunds'] },
    { id: 'service', categories: ['Service', 'Refunds'] },
  ];
  it('finds the group listing the category', () => expect(routeCategory(groups, 'Service')).toBe('service'));
  it('lets the first group win an overlap', () => expect(routeCategory(groups, 'Refunds')).toBe('billing'));
  it('returns undefined for an unrouted category', () => expect(routeCategory(groups, 'Other')).toBeUndefined());
  it('matches exactly', () => expect(routeCategory(groups, 'billing')).toBeUndefined());
  it('handles no groups', () => expect(routeCategory([], 'Billing')).toBeUndefined());
});

describe('chooseOwner', () => {
  const members = ['U1', 'U2', 'U3', 'U4'];
  const cases: [string, OwnerChoice, string | undefined][] = [
    ['fewest open wins', { members, away: [], openCounts: { U1: 3, U2: 1, U3: 2, U4: 5 } }, 'U2'],
    ['missing count means zero', { members, away: [], openCounts: { U1: 1, U2: 1, U3: 1 } }, 'U4'],
    ['tie without last owner: first in order', { members, away: [], openCounts: {} }, 'U1'],
    ['tie rotates after last owner', { members, away: [], openCounts: {}, lastOwnerId: 'U2' }, 'U3'],
    ['tie rotation wraps', { members, away: [], openCounts: {}, lastOwnerId: 'U4' }, 'U1'],
    [
      'rotation only among tied',
      { members, away: [], openCounts: { U1: 0, U2: 0, U3: 4, U4: 4 }, lastOwnerId: 'U2' },
      'U1',
    ],
    [
      'rotation skips untied members after last owner',
      { members, away: [], openCounts: { U1: 1, U2: 1, U3: 2, U4: 1 }, lastOwnerId: 'U2' },
      'U4',
    ],
    ['fewest beats rotation', { members, away: [], openCounts: { U1: 0, U2: 1, U3: 1, U4: 1 }, lastOwnerId: 'U1' }, 'U1'],
    ['away skipped even with fewest', { members, away: ['U2'], openCounts: { U1: 3, U2: 0, U3: 1, U4: 2 } }, 'U3'],
    ['last owner away still anchors rotation', { members, away: ['U2'], openCounts: {}, lastOwnerId: 'U2' }, 'U3'],
    ['next after away last owner is away too', { members, away: ['U2', 'U3'], openCounts: {}, lastOwnerId: 'U2' }, 'U4'],
    ['last owner not a member: first tied', { members, away: [], openCounts: {}, lastOwnerId: 'U9' }, 'U1'],
    ['last owner not a member, first away', { members, away: ['U1'], openCounts: {}, lastOwnerId: 'U9' }, 'U2'],
    ['all away', { members, away: members, openCounts: {} }, undefined],
    ['no members', { members: [], away: [], openCounts: {} }, undefined],
    ['single member', { members: ['U1'], away: [], openCounts: { U1: 9 }, lastOwnerId: 'U1' }, 'U1'],
  ];
  it.each(cases)('%s', (_name, input, expected) => {
    expect(chooseOwner(input)).toBe(expected);
  });

  it('spreads equal load evenly when each pick becomes the last owner', () => {
    const counts: Record<string, number> = {};
    let last: string | undefined;
    const picks: string[] = [];
    for (let i = 0; i < 8; i++) {
      const pick = chooseOwner({ members, away: [], openCounts: counts, lastOwnerId: last });
      if (!pick) throw new Error('expected an owner');
      picks.push(pick);
      counts[pick] = (counts[pick] ?? 0) + 1;
      last = pick;
    }
    expect(picks).toEqual(['U1', 'U2', 'U3', 'U4', 'U1', 'U2', 'U3', 'U4']);
  });

  it('passes over the filer while anyone else is free, and gives up when nobody else is', () => {
    expect(chooseOwner({ members, away: [], openCounts: {}, passOver: 'U1' })).toBe('U2');
    expect(chooseOwner({ members: ['U1', 'U2'], away: ['U2'], openCounts: {}, passOver: 'U1' })).toBeUndefined();
  });
});
