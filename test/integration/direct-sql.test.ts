/**
 * Statements the hot path sends straight to the driver adapter's transaction (src/db/direct-sql.ts)
 * rather than through Prisma: they belong to the transaction Prisma opened (a rollback undoes
 * them, Prisma's own queries in it see them), give the rows Prisma would, and a refusal reads as
 * Prisma's would. And the outbox's plain insert for keys that are new by construction refuses a
 * taken key instead of leaving the message out.
 */
import { expect, it } from 'vitest';
import { appendEvents } from '../../src/db/audit';
import { directExecute, directQuery } from '../../src/db/direct-sql';
import { enqueue } from '../../src/db/outbox';
import { inTransaction, isUniqueViolation } from '../../src/db/tx';
import { verifyAuditChain } from '../../src/db/verify-audit';
import { describeEachDb } from '../support/db';

const AT = new Date('2026-12-01T02:00:00.123Z');
const event = (n: number) => ({ complaintId: null, actorId: 'system', type: 'page_link.issued' as const, payload: { n }, at: AT });

describeEachDb('statements sent straight to the driver', (getDb) => {
  const prisma = () => getDb().prisma;

  it('run in the transaction Prisma opened: its own queries see them, and a rollback undoes them', async () => {
    await expect(
      inTransaction(prisma(), async (tx) => {
        await appendEvents(tx, [event(1), event(2)]);
        await enqueue(tx, AT, [{ dedupeKey: 'direct:1', kind: 'notice', target: 'U1', payload: { key: 'x' } }]);
        expect(await tx.event.count()).toBe(2);
        expect(await tx.notification.count()).toBe(1);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await prisma().event.count()).toBe(0);
    expect(await prisma().notification.count()).toBe(0);

    await inTransaction(prisma(), (tx) => appendEvents(tx, [event(3)]));
    expect((await prisma().event.findMany()).map((e) => e.payload)).toEqual([{ n: 3 }]);
    // The rolled-back append left this process's idea of the chain's head stale; the chain holds.
    expect((await verifyAuditChain(prisma())).ok).toBe(true);
  });

  it('give the rows Prisma gives: bigints, Dates, parsed JSON, text arrays, numbers, booleans, nulls', async () => {
    const sql = `SELECT 42::bigint AS big, 7 AS small, $1::timestamp(3) AS at, '{"a":[1,"b"]}'::jsonb AS doc,
                        ARRAY['x', NULL, 'y'] AS list, true AS yes, NULL::text AS nothing, $2::text AS echoed`;
    await inTransaction(prisma(), async (tx) => {
      const direct = await directQuery(tx, sql, AT, "it's");
      const through = await tx.$queryRawUnsafe<unknown[]>(sql, AT, "it's");
      expect(direct).toEqual(through);
      expect(direct).toEqual([{ big: 42n, small: 7, at: AT, doc: { a: [1, 'b'] }, list: ['x', null, 'y'], yes: true, nothing: null, echoed: "it's" }]);
    });
  });

  it('refuse as Prisma does: the database message, and a unique violation read as one', async () => {
    await inTransaction(prisma(), (tx) => enqueue(tx, AT, [{ dedupeKey: 'taken', kind: 'notice', target: 'U1' }]));
    const refused = await inTransaction(prisma(), (tx) => directExecute(tx, `INSERT INTO "RequestKey" (key, at) VALUES ('k', $1), ('k', $1)`, AT)).catch((e: unknown) => e);
    expect(isUniqueViolation(refused)).toBe(true);
    expect(String(refused)).toMatch(/duplicate key|unique/i);
    expect(await prisma().requestKey.count()).toBe(0);
  });

  it('queue a key already queued by leaving it as it is, unless every key is fresh: then nothing is written', async () => {
    await inTransaction(prisma(), (tx) => enqueue(tx, AT, [{ dedupeKey: 'taken', kind: 'notice', target: 'U1', payload: { first: true } }]));
    await inTransaction(prisma(), (tx) =>
      enqueue(tx, AT, [
        { dedupeKey: 'taken', kind: 'notice', target: 'U1', payload: { first: false } },
        { dedupeKey: 'new', kind: 'notice', target: 'U2' },
      ]),
    );
    expect((await prisma().notification.findMany({ orderBy: { id: 'asc' } })).map((n) => [n.dedupeKey, n.payload])).toEqual([
      ['taken', { first: true }],
      ['new', {}],
    ]);

    const refused = await inTransaction(prisma(), (tx) =>
      enqueue(tx, AT, [{ dedupeKey: 'fresh', kind: 'notice', target: 'U3' }, { dedupeKey: 'taken', kind: 'notice', target: 'U1' }], { fresh: true }),
    ).catch((e: unknown) => e);
    expect(isUniqueViolation(refused)).toBe(true);
    expect(await prisma().notification.count({ where: { dedupeKey: 'fresh' } })).toBe(0);
  });
});
