/**
 * A complaint row written straight to its table, with no routing, clocks or messages: for the
 * tests of the audit log and of the database's own guards, which need rows, not a story.
 */
import { appendEvent } from '../../src/db/audit';
import { inTransaction, type Store } from '../../src/db/tx';

export async function bareComplaint(prisma: Store, seq: number, at: Date): Promise<string> {
  const row = await prisma.complaint.create({
    data: {
      reference: `PLG-2026-${String(seq).padStart(6, '0')}`,
      year: 2026,
      seq,
      title: 'Charged twice',
      details: '',
      category: 'billing',
      priority: 'normal',
      source: 'chat',
      filerId: 'UFILER',
      ownerId: 'UOWN1',
      groupId: 'billing',
      submissionKey: `V${seq}`,
      filedAt: at,
      updatedAt: at,
    },
  });
  return row.id;
}

/** A bare complaint and its `complaint.filed` event, appended the way services append it. */
export async function bareComplaintFiled(prisma: Store, seq: number, at: Date): Promise<string> {
  const id = await bareComplaint(prisma, seq, at);
  await inTransaction(prisma, (tx) => appendEvent(tx, { complaintId: id, actorId: 'UFILER', type: 'complaint.filed', payload: {}, at }));
  return id;
}
