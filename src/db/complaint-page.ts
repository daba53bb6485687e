/** What the complainant's page reads about one complaint, in one round of queries. */
import { COMPLAINANT } from '../domain/access';
import type { Store } from './tx';

export async function complaintPageData(store: Store, complaintId: string) {
  const [complaint, deadlines, survey, extension, events, review] = await Promise.all([
    store.complaint.findUnique({
      where: { id: complaintId },
      select: { id: true, reference: true, title: true, status: true, filedAt: true, result: true, resultBasis: true, closedAt: true, resolvedAt: true, archivedAt: true, groupId: true, contactId: true },
    }),
    store.deadline.findMany({ where: { complaintId }, orderBy: { startedAt: 'asc' }, select: { id: true, stage: true, dueAt: true, metAt: true, breachedAt: true, pausedAt: true, consent: true, startedAt: true } }),
    store.survey.findUnique({ where: { complaintId }, select: { rating: true, comment: true, channel: true } }),
    // Only extensions put to the complainant themselves: staff-recorded ones never wait for them.
    store.approval.findFirst({ where: { complaintId, kind: 'extension', status: 'pending', approverId: COMPLAINANT }, select: { id: true, payload: true, requestedAt: true } }),
    store.event.findMany({ where: { complaintId }, orderBy: { id: 'asc' }, take: 500, select: { type: true, at: true, payload: true, actorId: true } }),
    // The review waiting for the leader, whoever caused it (their request, or a low rating).
    store.review.findFirst({ where: { complaintId, outcome: null }, orderBy: { requestedAt: 'desc' }, select: { cause: true, requestedAt: true } }),
  ]);
  return complaint ? { complaint, deadlines, survey, extension, events, review } : undefined;
}

export type ComplaintPageData = NonNullable<Awaited<ReturnType<typeof complaintPageData>>>;
