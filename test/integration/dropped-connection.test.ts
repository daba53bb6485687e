/**
 * A database connection dropped in the middle of a filing: the modal already has its answer
 * (a valid draft is acked before it is stored), so the filer is told afterwards that it was not
 * filed; nothing half-done is left, and the next try works. On the PostgreSQL server, where
 * connections can be cut from outside (the embedded database runs in-process).
 */
import pg from 'pg';
import { expect, it, vi } from 'vitest';
import { describeEachDb } from '../support/db';
import { complaintSubmission, useHarness } from '../support/pledge-harness';

describeEachDb('a dropped database connection', (getDb, kind) => {
  const h = useHarness(getDb);

  it.runIf(kind === 'server')('fails the filing cleanly, tells the filer, saves nothing, and the next try works', async () => {
    const admin = new pg.Client({ connectionString: h.db.url });
    await admin.connect();
    try {
      // Hold the group's rotation row so the filing is mid-transaction when its connection is cut.
      await h.db.prisma.ownerRotation.create({ data: { groupId: 'billing', lastOwnerId: '' } });
      await admin.query('BEGIN');
      await admin.query(`SELECT * FROM "OwnerRotation" WHERE "groupId" = 'billing' FOR UPDATE`);
      const res = await h.interact(complaintSubmission('UFILER', { title: 'Cut off' }, 'VCUT0001'));
      expect([res.status, res.body]).toEqual([200, '']); // acked while the row is still held
      // Cut the connection once the filing waits on that row, not after a guessed time.
      await vi.waitFor(
        async () => {
          await admin.query('SELECT pg_stat_clear_snapshot()'); // else this transaction sees its first reading
          const { rows } = await admin.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`);
          expect(rows[0].n).toBeGreaterThan(0);
        },
        { timeout: 300_000, interval: 20 },
      );
      await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`);
      await h.settle();
      await admin.query('ROLLBACK');
      expect(await h.db.prisma.complaint.count()).toBe(0);
      expect(await h.db.prisma.event.count()).toBe(0);
      await h.deliver();
      const told = h.standIn.callsTo('chat.postMessage').filter((c) => c.args.channel === 'UFILER').map((c) => c.args.text);
      expect(told).toEqual(['Pledge could not file your complaint “Cut off”: it could not be saved, so it is not registered. Please file it again.']);

      const again = await h.interact(complaintSubmission('UFILER', { title: 'Cut off' }, 'VCUT0001'));
      expect(again.status).toBe(200);
      expect(again.body).toBe('');
      await h.settle();
      expect((await h.db.prisma.complaint.findFirstOrThrow()).reference).toBe('PLG-2026-000001');
    } finally {
      await admin.end().catch(() => {});
    }
  });
});
