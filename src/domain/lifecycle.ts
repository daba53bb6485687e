/**
 * The complaint lifecycle as a table: which action moves a complaint from which statuses to
 * which, and who may take it. Services consult this and nothing else; a table test covers every
 * (status, action) pair, allowed and forbidden.
 *
 *   new -> accepted -> investigating -> solution_proposed -> resolved
 *   accepted | investigating <-> waiting_on_complainant (ask for information / answer)
 *   investigating -> rejected (only once the leader approves)   new -> withdrawn (by the filer)
 *   resolved | rejected -> investigating (reopened, within the archive window)
 *
 * Archiving (归档) is not a status: it is a fact recorded beside the outcome (resolved, rejected
 * or withdrawn), which it never changes, so reports count outcomes the same before and after it.
 * An archived complaint is settled: no action applies to it any more.
 */
import type { Role } from './access';
import type { Status } from './complaint';

export const ACTIONS = [
  'accept',
  'start_investigation',
  'request_info',
  'answer_info',
  'add_note',
  'propose_solution',
  'resolve',
  'request_rejection',
  'reject',
  'request_handover',
  'hand_over',
  'request_extension',
  'withdraw',
  'reopen',
  'archive',
] as const;
export type Action = (typeof ACTIONS)[number];

/**
 * The actions that need something typed (a question, an answer, a note, a result and its basis,
 * a reason, a person, a new time): Slack asks for it in a modal, WeCom on a page.
 */
export const TYPED_ACTIONS = [
  'request_info',
  'answer_info',
  'add_note',
  'propose_solution',
  'resolve',
  'request_rejection',
  'request_handover',
  'request_extension',
  'reopen',
] as const satisfies readonly Action[];

/** `resume`: back to the status the complaint had before it started waiting. `same`: no move. */
export type Target = Status | 'resume' | 'same';

export interface Rule {
  from: readonly Status[];
  to: Target;
  by: readonly Role[];
  /** Only as the effect of an approval: the leader approving the request, never a button alone. */
  approvalOnly?: boolean;
}

const WORKING: readonly Status[] = ['accepted', 'investigating'];
const OPEN: readonly Status[] = ['new', 'accepted', 'investigating', 'waiting_on_complainant', 'solution_proposed'];
const HANDLERS: readonly Role[] = ['owner', 'leader'];

export const LIFECYCLE: Readonly<Record<Action, Rule>> = {
  accept: { from: ['new'], to: 'accepted', by: HANDLERS },
  start_investigation: { from: ['accepted'], to: 'investigating', by: HANDLERS },
  request_info: { from: WORKING, to: 'waiting_on_complainant', by: HANDLERS },
  // The filer answers from their DM; an outside customer on their page, or the owner records their answer.
  answer_info: { from: ['waiting_on_complainant'], to: 'resume', by: ['filer', 'complainant', 'owner', 'leader'] },
  add_note: { from: OPEN.filter((s) => s !== 'new'), to: 'same', by: HANDLERS },
  propose_solution: { from: ['investigating'], to: 'solution_proposed', by: HANDLERS },
  resolve: { from: ['solution_proposed'], to: 'resolved', by: HANDLERS },
  // Rejecting as unreasonable needs an investigation first and the leader's approval.
  request_rejection: { from: ['investigating'], to: 'same', by: HANDLERS },
  reject: { from: ['investigating'], to: 'rejected', by: ['leader'], approvalOnly: true },
  request_handover: { from: OPEN, to: 'same', by: HANDLERS },
  hand_over: { from: OPEN, to: 'same', by: ['leader'], approvalOnly: true },
  request_extension: { from: OPEN.filter((s) => s !== 'new'), to: 'same', by: HANDLERS },
  withdraw: { from: ['new'], to: 'withdrawn', by: ['filer'] },
  reopen: { from: ['resolved', 'rejected'], to: 'investigating', by: ['filer', 'leader'] },
  // Archiving is the system's act (the archive limit or a finished follow-up), or the leader's.
  archive: { from: ['resolved', 'rejected', 'withdrawn'], to: 'same', by: ['leader', 'system'] },
};

/** Where a complaint stands: its status and, beside it, whether it has been archived. */
export interface Standing {
  status: Status;
  archived: boolean;
  /** While waiting on the complainant: the status an answer returns it to. */
  resumeStatus?: Status | null;
}

export type Refusal = 'wrong_state' | 'not_allowed' | 'needs_approval';

export type Decision = { ok: true; to: Status | 'same' } | { ok: false; why: Refusal };

/**
 * May someone with `roles` take `action` on a complaint standing so? `viaApproval` is true only
 * when the action is the effect of an approval being granted.
 * State is checked first: a stale button should say "moved on", not "not allowed".
 */
export function decide(action: Action, standing: Standing, roles: ReadonlySet<Role>, viaApproval = false): Decision {
  const rule = LIFECYCLE[action];
  const { status, resumeStatus = null } = standing;
  if (standing.archived || !rule.from.includes(status)) return { ok: false, why: 'wrong_state' };
  if (!rule.by.some((r) => roles.has(r))) return { ok: false, why: 'not_allowed' };
  if (rule.approvalOnly && !viaApproval) return { ok: false, why: 'needs_approval' };
  if (rule.to === 'resume') return { ok: true, to: resumeStatus ?? 'investigating' };
  return { ok: true, to: rule.to };
}

export function standingOf(c: { status: Status; archivedAt: Date | null; resumeStatus?: Status | null }): Standing {
  return { status: c.status, archived: c.archivedAt !== null, resumeStatus: c.resumeStatus ?? null };
}

/** The actions possible now: what buttons to show. */
export function actionsAvailable(standing: Standing, roles: ReadonlySet<Role>): Action[] {
  if (standing.archived) return [];
  return ACTIONS.filter((a) => {
    const rule = LIFECYCLE[a];
    return !rule.approvalOnly && rule.from.includes(standing.status) && rule.by.some((r) => roles.has(r));
  });
}
