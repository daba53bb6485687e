/**
 * The complaint the `web` bench's page shows, made inside the app's own process (an embedded
 * database has one owner) through the real services: an outside customer's complaint filed on
 * the phone, accepted, investigated, with a progress note for the complainant and an open
 * question, so the page renders its limits, a timeline and a form, as a complainant sees it.
 */
import { inTransaction } from '../src/db/tx';
import type { Db } from '../src/db/create-db';
import type { Pledge } from '../src/pledge';
import { issueComplaintPageLink } from '../src/services/complaint-page-link';

/** The page's path (`/p/<token>`) on the app's own port, and what the page must show. */
export interface SeededPage {
  path: string;
  reference: string;
  question: string;
}

export async function seedComplaintPage(pledge: Pledge, db: Db, publicUrl: URL, now: Date): Promise<SeededPage> {
  const s = pledge.services;
  const filed = await s.fileComplaint({
    filerId: 'UMEMBER00',
    submissionKey: 'bench-web-page',
    draft: { title: 'Water bill doubled', details: 'Billed twice for November', category: 'billing', priority: 'normal', source: 'phone', customerName: 'Li Lei', customerContact: '13812345678' },
  });
  if (!filed.ok) throw new Error(`Expected the bench complaint to be filed; refused: ${JSON.stringify(filed.errors)}`);
  const act = { complaintId: filed.complaint.id, actorId: filed.complaint.ownerId };
  await s.acceptComplaint(act);
  await s.startInvestigation(act);
  await s.addNote({ ...act, note: 'We asked the billing team to check both charges.', toComplainant: true, requestKey: 'bench-web-note' });
  const question = 'Which account number was charged twice?';
  await s.requestInfo({ ...act, question });
  const url = await inTransaction(db.prisma, (tx) => issueComplaintPageLink({ publicUrl }, tx, filed.complaint.id, now));
  if (!url) throw new Error('Expected a page link: the bench app has a public URL');
  return { path: new URL(url).pathname, reference: filed.complaint.reference, question };
}
