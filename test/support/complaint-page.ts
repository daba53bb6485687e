/**
 * The complainant's side of the page in tests: an outside customer's complaint taken through
 * its steps by staff (the real services), a link to its page, and a small cookie-keeping client.
 */
import { inTransaction } from '../../src/db/tx';
import { issueComplaintPageLink } from '../../src/services/complaint-page-link';
import type { Harness } from './pledge-harness';

const SOLUTION = 'Refund the second charge';

export const PUBLIC_URL = new URL('https://pledge.example.com/');

/** An outside customer's complaint filed by UFILER on the phone, and a link to its page under `base`. */
export async function outsideComplaint(h: Harness, base: string, draft: Record<string, string> = {}) {
  const filed = await h.pledge.services.fileComplaint({
    filerId: 'UFILER',
    submissionKey: `V${Math.random().toString(36).slice(2, 10)}`,
    draft: { title: 'Water bill doubled', details: 'Billed twice for November', category: 'billing', priority: 'normal', source: 'phone', customerName: 'Li Lei', customerContact: '13812345678', ...draft },
  });
  if (!filed.ok) throw new Error(`filing refused: ${JSON.stringify(filed.errors)}`);
  const id = filed.complaint.id;
  const owner = filed.complaint.ownerId;
  const url = await inTransaction(h.db.prisma, (tx) => issueComplaintPageLink({ publicUrl: PUBLIC_URL }, tx, id, h.clock.now()));
  const token = url!.split('/').pop()!;
  const s = h.pledge.services;
  const act = { complaintId: id, actorId: owner };
  const resolve = () => s.resolveComplaint({ ...act, result: 'The second charge was refunded.', basis: 'Tariff rules, article 12', delivery: { channel: 'phone', note: 'Called Mr Li' } });
  return {
    id,
    owner,
    token,
    reference: filed.complaint.reference,
    pageUrl: `${base}/p/${token}`,
    accept: () => s.acceptComplaint(act),
    investigate: () => s.startInvestigation(act),
    ask: (question: string) => s.requestInfo({ ...act, question }),
    askExtension: (newDueAt: Date, reason: string) => s.requestExtension({ ...act, newDueAt, reason }),
    propose: () => s.proposeSolution({ ...act, solution: SOLUTION }),
    resolve,
    /** Accepted, investigated, solution proposed and resolved: the result is reported to the complainant. */
    throughToResult: async () => {
      await s.acceptComplaint(act);
      await s.startInvestigation(act);
      await s.proposeSolution({ ...act, solution: SOLUTION });
      await resolve();
    },
    /** Rejected as unreasonable, with the leader's approval (ULEAD1 leads billing). */
    reject: async (reason = 'The meter was read correctly.') => {
      await s.requestRejection({ ...act, reason });
      const approval = await h.db.prisma.approval.findFirstOrThrow({ where: { complaintId: id, kind: 'rejection', status: 'pending' } });
      await s.decideApproval({ approvalId: approval.id, actorId: 'ULEAD1', approve: true, expects: 'approval' });
    },
  };
}

/** fetch with one cookie jar, redirects left to the caller. */
export function browserLike() {
  const jar = new Map<string, string>();
  async function go(url: string, init: RequestInit = {}) {
    const headers = new Headers(init.headers);
    if (jar.size) headers.set('cookie', [...jar].map(([k, v]) => `${k}=${v}`).join('; '));
    const res = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const eq = pair!.indexOf('=');
      jar.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    }
    return { res, body: await res.text() };
  }
  return {
    jar,
    get: (url: string, headers: Record<string, string> = {}) => go(url, { headers }),
    post: (url: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
      go(url, { method: 'POST', headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() }),
  };
}

/** The CSRF field of the first form on a page. */
export const csrfOf = (html: string): string => /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
