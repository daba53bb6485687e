/**
 * Every (status, action, role) triple: allowed exactly when listed below, forbidden otherwise.
 * The list is written out by hand from the pledge, independently of the table in domain/.
 */
import { describe, expect, it } from 'vitest';
import { COMPLAINANT, rolesOf, type Role } from '../../src/domain/access';
import { STATUSES, type Status } from '../../src/domain/complaint';
import { ACTIONS, actionsAvailable, decide, type Action } from '../../src/domain/lifecycle';

const ROLES: Role[] = ['owner', 'leader', 'supervisor', 'filer', 'member', 'first_contact', 'system', 'complainant'];
const OPEN = ['new', 'accepted', 'investigating', 'waiting_on_complainant', 'solution_proposed'] as const;

/** [action, from statuses, to, roles, approvalOnly] */
const ALLOWED: [Action, readonly Status[], Status | 'same' | 'resume', Role[], boolean?][] = [
  ['accept', ['new'], 'accepted', ['owner', 'leader']],
  ['start_investigation', ['accepted'], 'investigating', ['owner', 'leader']],
  ['request_info', ['accepted', 'investigating'], 'waiting_on_complainant', ['owner', 'leader']],
  ['answer_info', ['waiting_on_complainant'], 'resume', ['filer', 'complainant', 'owner', 'leader']],
  ['add_note', ['accepted', 'investigating', 'waiting_on_complainant', 'solution_proposed'], 'same', ['owner', 'leader']],
  ['propose_solution', ['investigating'], 'solution_proposed', ['owner', 'leader']],
  ['resolve', ['solution_proposed'], 'resolved', ['owner', 'leader']],
  ['request_rejection', ['investigating'], 'same', ['owner', 'leader']],
  ['reject', ['investigating'], 'rejected', ['leader'], true],
  ['request_handover', OPEN, 'same', ['owner', 'leader']],
  ['hand_over', OPEN, 'same', ['leader'], true],
  ['request_extension', ['accepted', 'investigating', 'waiting_on_complainant', 'solution_proposed'], 'same', ['owner', 'leader']],
  ['withdraw', ['new'], 'withdrawn', ['filer']],
  ['reopen', ['resolved', 'rejected'], 'investigating', ['filer', 'leader']],
  ['archive', ['resolved', 'rejected', 'withdrawn'], 'same', ['leader', 'system']],
];

describe('the lifecycle table', () => {
  it('lists every action once in this test', () => {
    expect(ALLOWED.map(([a]) => a).sort()).toEqual([...ACTIONS].sort());
  });

  const cases: { action: Action; status: Status; role: Role; expected: string }[] = [];
  for (const [action, from, to, roles, approvalOnly] of ALLOWED) {
    for (const status of STATUSES) {
      for (const role of ROLES) {
        let expected: string;
        if (!from.includes(status)) expected = 'wrong_state';
        else if (!roles.includes(role)) expected = 'not_allowed';
        else if (approvalOnly) expected = 'needs_approval';
        else expected = to === 'resume' ? 'investigating' : to;
        cases.push({ action, status, role, expected });
      }
    }
  }

  it.each(cases)('$action from $status by $role -> $expected', ({ action, status, role, expected }) => {
    const d = decide(action, { status, archived: false, resumeStatus: 'investigating' }, new Set([role]));
    expect(d.ok ? d.to : d.why).toBe(expected);
  });

  it('approval-only moves are allowed when they are the effect of an approval', () => {
    expect(decide('reject', { status: 'investigating', archived: false }, new Set(['leader']), true)).toEqual({ ok: true, to: 'rejected' });
    expect(decide('hand_over', { status: 'accepted', archived: false }, new Set(['leader']), true)).toEqual({ ok: true, to: 'same' });
    expect(decide('reject', { status: 'investigating', archived: false }, new Set(['owner']), true)).toEqual({ ok: false, why: 'not_allowed' });
  });

  it('answering returns to the status the complaint was in before it waited', () => {
    expect(decide('answer_info', { status: 'waiting_on_complainant', archived: false, resumeStatus: 'accepted' }, new Set(['filer']))).toEqual({ ok: true, to: 'accepted' });
  });

  it('takes no action on an archived complaint, whatever its outcome and whoever asks', () => {
    for (const status of ['resolved', 'rejected', 'withdrawn'] as const) {
      for (const action of ACTIONS) {
        const d = decide(action, { status, archived: true }, new Set(ROLES), true);
        expect(d.ok ? d.to : d.why, `${action} on an archived ${status} complaint`).toBe('wrong_state');
      }
      expect(actionsAvailable({ status, archived: true }, new Set(ROLES))).toEqual([]);
    }
  });

  it('offers buttons only for what the person may do now', () => {
    expect(actionsAvailable({ status: 'investigating', archived: false }, new Set(['owner']))).toEqual([
      'request_info',
      'add_note',
      'propose_solution',
      'request_rejection',
      'request_handover',
      'request_extension',
    ]);
    expect(actionsAvailable({ status: 'investigating', archived: false }, new Set(['supervisor']))).toEqual([]);
    expect(actionsAvailable({ status: 'new', archived: false }, new Set(['filer']))).toEqual(['withdraw']);
  });
});

describe('the complainant on their page', () => {
  const people = { filerId: 'UFILER', ownerId: 'UOWN', firstContactId: 'UFILER', group: { leader: 'ULEAD', members: ['UOWN'] }, supervisors: [] };
  it('is the complainant only where an outside customer is on file, and has no other role', () => {
    expect(rolesOf(COMPLAINANT, { ...people, contactId: 'c1' })).toEqual(new Set(['complainant']));
    expect(rolesOf(COMPLAINANT, { ...people, contactId: null })).toEqual(new Set());
  });
});
