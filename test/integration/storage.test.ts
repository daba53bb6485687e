import { expect, it } from 'vitest';
import { describeEachDb } from '../support/db';

describeEachDb('storage', (getDb) => {
  it('answers a ping and has applied the migrations the way prisma migrate deploy records them', async () => {
    const db = getDb();
    expect(await db.ping()).toBe(true);
    const rows = await db.prisma.$queryRawUnsafe<{ migration_name: string; finished_at: Date | null }[]>(
      'SELECT migration_name, finished_at FROM _prisma_migrations',
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.finished_at !== null)).toBe(true);
  });

  it('refuses to update or delete an audit event', async () => {
    const { prisma } = getDb();
    const event = await prisma.event.create({
      data: { actorId: 'U1', type: 'test', payload: {}, at: new Date('2026-01-01T00:00:00Z'), hash: 'h1' },
    });
    await expect(prisma.event.update({ where: { id: event.id }, data: { type: 'changed' } })).rejects.toThrow(/append-only/);
    await expect(prisma.event.delete({ where: { id: event.id } })).rejects.toThrow(/append-only/);
    expect((await prisma.event.findUniqueOrThrow({ where: { id: event.id } })).type).toBe('test');
  });
});
