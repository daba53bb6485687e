/**
 * The migration that introduced first contacts, consents and the pause limit fills them in for
 * complaints filed before, from their audit events, on both databases: its hand-written part is
 * run again here on complaints made the way the old code left them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, expect, it } from 'vitest';
import { describeEachDb } from '../support/db';
import { draft, testServices } from '../support/services';

const dir = join('prisma', 'migrations', readdirSync(join('prisma', 'migrations')).find((d) => d.endsWith('_first_contact_and_consent'))!);
const backfill = readFileSync(join(dir, 'migration.sql'), 'utf8').split('-- hand-written below')[1]!;

describeEachDb('first contact migration', (getDb) => {
  let t: Awaited<ReturnType<typeof testServices>>;
  beforeEach(async () => {
    t = await testServices(getDb());
  });

  async function file(over: Record<string, string>, filerId = 'UFILER') {
    const filed = await t.services.fileComplaint({ filerId, submissionKey: `k-${Math.random()}`, draft: draft(over) });
    if (!filed.ok) throw new Error('not filed');
    return filed.complaint;
  }

  it('restores first contact, who accepted, whose consent extended a clock, and gives waits under way their limit', async () => {
    const phoned = await file({ source: 'phone' });
    const own = await file({});
    const waiting = await file({ customerContact: '13812345678', customerName: 'Li Lei' });
    await t.services.acceptComplaint({ complaintId: phoned.id, actorId: 'ULEAD1' });
    await t.services.acceptComplaint({ complaintId: own.id, actorId: 'ULEAD1' });
    await t.services.acceptComplaint({ complaintId: waiting.id, actorId: waiting.ownerId });
    await t.services.requestExtension({ complaintId: waiting.id, actorId: waiting.ownerId, newDueAt: new Date('2026-12-20T10:00:00Z'), reason: 'Bank', consentEvidence: 'Phone call' });
    await t.services.startInvestigation({ complaintId: waiting.id, actorId: waiting.ownerId });
    await t.services.requestInfo({ complaintId: waiting.id, actorId: waiting.ownerId, question: 'Which card?' });

    // As the old code left them: nothing of this recorded, and no pause clock.
    const prisma = t.deps.prisma;
    await prisma.complaint.updateMany({ data: { firstContactId: null, acceptedById: null } });
    await prisma.deadline.updateMany({ data: { consent: null } });
    await prisma.deadline.deleteMany({ where: { stage: 'pause' } });

    for (const statement of backfill.split(/;\s*$/m).map((s) => s.replace(/^\s*--.*$/gm, '').trim()).filter(Boolean)) {
      await prisma.$executeRawUnsafe(statement);
    }

    const row = (id: string) => prisma.complaint.findUniqueOrThrow({ where: { id } });
    expect(await row(phoned.id)).toMatchObject({ firstContactId: 'UFILER', acceptedById: 'ULEAD1' });
    expect(await row(own.id)).toMatchObject({ firstContactId: 'ULEAD1', acceptedById: 'ULEAD1' });
    expect(await row(waiting.id)).toMatchObject({ firstContactId: 'UFILER', acceptedById: waiting.ownerId });
    const solution = await prisma.deadline.findFirstOrThrow({ where: { complaintId: waiting.id, stage: 'solution' } });
    expect(solution.consent).toBe('recorded');
    const pause = await prisma.deadline.findFirstOrThrow({ where: { complaintId: waiting.id, stage: 'pause' } });
    expect(pause).toMatchObject({ startedAt: solution.pausedAt, accountableId: waiting.ownerId, metAt: null, nextCheckAt: solution.pausedAt });
    expect(await prisma.deadline.count({ where: { stage: 'pause' } })).toBe(1);
  });
});
