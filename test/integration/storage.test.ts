import { expect, it } from 'vitest';
import { allApplied, applyMigrations, migrationsList } from '../../src/db/migrate';
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

  it('knows an up-to-date database without loading the schema engine, and leaves anything else to it', async () => {
    const { prisma, url } = getDb();
    const list = await migrationsList();
    expect(await allApplied(url, list)).toBe(true);
    expect(await applyMigrations(url)).toEqual([]);
    const last = list.migrationDirectories.at(-1)!.path;
    const [row] = await prisma.$queryRawUnsafe<{ checksum: string }[]>('SELECT checksum FROM _prisma_migrations WHERE migration_name = $1', last);
    await prisma.$executeRawUnsafe(`UPDATE _prisma_migrations SET checksum = 'edited' WHERE migration_name = $1`, last);
    try {
      expect(await allApplied(url, list)).toBe(false); // an edited migration.sql: the engine decides
    } finally {
      await prisma.$executeRawUnsafe('UPDATE _prisma_migrations SET checksum = $2 WHERE migration_name = $1', last, row!.checksum);
    }
    expect(await allApplied(url, { ...list, migrationDirectories: [...list.migrationDirectories, { path: '29991231000000_next', migrationFile: { path: 'migration.sql', content: { tag: 'ok', value: 'SELECT 1;' } } }] })).toBe(false);
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
