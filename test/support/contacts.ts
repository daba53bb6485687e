/** Complaints with customer contacts, written straight through the stores (no Slack needed). */
import { appendEvent } from '../../src/db/audit';
import { insertComplaint } from '../../src/db/complaints';
import { inTransaction, type Store } from '../../src/db/tx';
import { classifyContact, maskContact } from '../../src/domain/mask';

export interface Customer {
  name: string | null;
  contact: string;
}

let seq = 0;

export async function fileWithContact(
  prisma: Store,
  customer: Customer | null,
  at: Date,
  people: { filerId?: string; ownerId?: string; groupId?: string } = {},
): Promise<{ id: string; reference: string }> {
  seq += 1;
  const reference = `PLG-2026-${String(900000 + seq).padStart(6, '0')}`;
  const contact = customer ? classifyContact(customer.contact) : undefined;
  if (customer && !contact) throw new Error(`not a contact: ${customer.contact}`);
  const id = await inTransaction(prisma, async (tx) => {
    const complaintId = await insertComplaint(tx, {
      reference,
      year: 2026,
      seq: 900000 + seq,
      draft: { title: 'Charged twice', details: 'Card charged twice', category: 'billing', priority: 'normal', source: 'phone' },
      ...(contact && customer ? { contact: { ...contact, name: customer.name, masked: maskContact(contact.kind, contact.value) } } : {}),
      filerId: people.filerId ?? 'UFILER',
      ownerId: people.ownerId ?? 'UOWN1',
      firstContactId: people.filerId ?? 'UFILER',
      groupId: people.groupId ?? 'billing',
      submissionKey: `test:${reference}`,
      filedAt: at,
    });
    await appendEvent(tx, { complaintId, actorId: people.filerId ?? 'UFILER', type: 'complaint.filed', payload: { groupId: 'billing' }, at });
    return complaintId;
  });
  return { id, reference };
}

/** Marks a complaint archived at `at`, as the archive service records it. */
export async function archive(prisma: Store, complaintId: string, at: Date): Promise<void> {
  await inTransaction(prisma, async (tx) => {
    await tx.complaint.update({ where: { id: complaintId }, data: { status: 'resolved', archivedAt: at, archiveReason: 'limit', updatedAt: at } });
    await appendEvent(tx, { complaintId, actorId: 'system', type: 'complaint.archived', payload: { reason: 'test' }, at });
  });
}

/** Every row of every table as text: what a database dump or a backup would hold. */
export async function dumpAll(prisma: Store): Promise<string> {
  const tables = await prisma.$queryRawUnsafe<{ tablename: string }[]>(
    `SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`,
  );
  const parts: string[] = [];
  for (const { tablename } of tables) {
    const rows = await prisma.$queryRawUnsafe<{ row: string }[]>(`SELECT t::text AS row FROM "${tablename}" t`);
    parts.push(...rows.map((r) => `${tablename}: ${r.row}`));
  }
  return parts.join('\n');
}
