/** Storage for reports: one fact row per complaint filed in a period, read in bounded pages. */
import type { Store } from './tx';

const PAGE = 5_000;

const select = {
  id: true,
  reference: true,
  groupId: true,
  ownerId: true,
  category: true,
  priority: true,
  status: true,
  filedAt: true,
  closedAt: true,
  channelId: true,
  channelTs: true,
  deadlines: {
    where: { stage: { in: ['acknowledge', 'solution'] } },
    select: { stage: true, dueAt: true, metAt: true, breachedAt: true, startedAt: true },
    orderBy: { startedAt: 'asc' as const },
  },
  survey: { select: { rating: true } },
  _count: { select: { escalations: true } },
};

export type FactRow = Awaited<ReturnType<typeof page>>[number];

/**
 * Whose complaints a report covers: everything when absent; otherwise those of these groups,
 * and those these people filed or own.
 */
export interface FactScope {
  groupIds: readonly string[];
  people: readonly string[];
}

function scoped(scope: FactScope | undefined) {
  if (!scope) return {};
  const people = [...scope.people];
  return { OR: [{ groupId: { in: [...scope.groupIds] } }, { filerId: { in: people } }, { ownerId: { in: people } }] };
}

function page(store: Store, start: Date, end: Date, after: string | undefined, scope?: FactScope) {
  return store.complaint.findMany({
    where: { filedAt: { gte: start, lt: end }, ...scoped(scope) },
    select,
    orderBy: { id: 'asc' },
    take: PAGE,
    ...(after ? { cursor: { id: after }, skip: 1 } : {}),
  });
}

/** Every complaint filed in [start, end), page by page, so 100k rows never sit in one result. */
export async function* factRows(store: Store, start: Date, end: Date, scope?: FactScope): AsyncGenerator<FactRow[]> {
  let after: string | undefined;
  for (;;) {
    const rows = await page(store, start, end, after, scope);
    if (rows.length === 0) return;
    yield rows;
    if (rows.length < PAGE) return;
    after = rows.at(-1)!.id;
  }
}

export async function closedInPeriod(store: Store, start: Date, end: Date) {
  return store.complaint.findMany({
    where: { filedAt: { gte: start, lt: end }, status: { in: ['resolved', 'archived', 'rejected', 'withdrawn'] } },
    select: { id: true, reference: true, title: true, groupId: true, ownerId: true, status: true, channelId: true, channelTs: true },
    orderBy: { reference: 'asc' },
  });
}
