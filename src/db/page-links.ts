/** The complaint page's links: only hashes of their tokens are stored (services/complaint-page-link.ts). */
import type { Store, Tx } from './tx';

export async function insertPageLink(tx: Tx, row: { complaintId: string; tokenHash: string; createdAt: Date }): Promise<string> {
  const created = await tx.pageLink.create({ data: row, select: { id: true } });
  return created.id;
}

/** The link with this token hash, with what decides whether it still opens the page. */
export function findPageLink(db: Store | Tx, tokenHash: string) {
  return db.pageLink.findUnique({
    where: { tokenHash },
    select: { id: true, complaintId: true, revokedAt: true, complaint: { select: { archivedAt: true } } },
  });
}

/** Revokes every live link of a complaint; returns how many were live. */
export async function revokePageLinks(tx: Tx, complaintId: string, at: Date): Promise<number> {
  const { count } = await tx.pageLink.updateMany({ where: { complaintId, revokedAt: null }, data: { revokedAt: at } });
  return count;
}
