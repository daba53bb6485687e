/**
 * The audit log survives TRUNCATE: the database refuses it, and should someone get past the
 * trigger (a superuser disabling it), `pledge audit verify` does not call an empty log intact
 * while complaints exist. Through the CLI's command line, on both databases, in-process: the
 * command as a process is audit-verify.test.ts's to start.
 */
import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../src/db/create-db';
import { copyEmbeddedTemplate, openTestDb, serverAvailable, type DbKind } from '../support/db';
import { bareComplaintFiled } from '../support/bare-complaint';
import { runPledge } from '../support/cli-in-process';
import { scratchDir } from '../support/scratch';

const AT = new Date('2026-11-30T02:00:00Z');

/**
 * A database the CLI can open while `work` runs with it (or after, for the embedded one, which
 * serves one process at a time): returns the CLI's environment.
 */
async function withCliDb(kind: DbKind, work: (db: Db) => Promise<void>, check: (env: { DATABASE_URL: string } | { PLEDGE_DATA_DIR: string }) => Promise<void>): Promise<void> {
  if (kind === 'server') {
    const db = await openTestDb('server');
    try {
      await work(db);
      await check({ DATABASE_URL: db.url });
    } finally {
      await db.close();
    }
    return;
  }
  const dir = scratchDir('pledge-audit-truncate-');
  try {
    copyEmbeddedTemplate(dir);
    const db = await createDb({ kind: 'embedded', dataDir: dir });
    try {
      await work(db);
    } finally {
      await db.close();
    }
    await check({ PLEDGE_DATA_DIR: dir });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

for (const kind of ['embedded', 'server'] as const) {
  const run = kind === 'embedded' || serverAvailable() ? describe : describe.skip;
  run(`the audit log against TRUNCATE [${kind}]`, () => {
    it('refuses TRUNCATE on "Event", directly and by cascade, and keeps every event', async () => {
      await withCliDb(
        kind,
        async ({ prisma }) => {
          await bareComplaintFiled(prisma, 1, AT);
          await bareComplaintFiled(prisma, 2, AT);
          await expect(prisma.$executeRawUnsafe('TRUNCATE "Event"')).rejects.toThrow(/append-only: TRUNCATE on "Event" refused/);
          await expect(prisma.$executeRawUnsafe('TRUNCATE "Complaint" CASCADE')).rejects.toThrow(/append-only: TRUNCATE on "Event" refused/);
          expect(await prisma.event.count()).toBe(2);
        },
        async (env) => {
          const intact = await runPledge(['audit', 'verify'], env);
          expect(intact.stdout).toMatch(/^audit chain intact: 2 events\nhead: [0-9a-f]{64}\n$/);
          expect(intact.code).toBe(0);
        },
      );
    });

    it('pledge audit verify fails on an empty log while complaints exist, and passes on a new, empty database', async () => {
      await withCliDb(
        kind,
        async ({ prisma }) => {
          await bareComplaintFiled(prisma, 1, AT);
          await bareComplaintFiled(prisma, 2, AT);
          // Past the trigger, as only the tables' owner or a superuser can be.
          await prisma.$executeRawUnsafe('ALTER TABLE "Event" DISABLE TRIGGER USER');
          await prisma.$executeRawUnsafe('TRUNCATE "Event"');
          await prisma.$executeRawUnsafe('ALTER TABLE "Event" ENABLE TRIGGER USER');
        },
        async (env) => {
          const emptied = await runPledge(['audit', 'verify'], env);
          expect(emptied.stdout).toBe('');
          expect(emptied.stderr.trim()).toBe('audit chain BROKEN: the audit log is empty, but 2 complaints exist; their events were removed.');
          expect(emptied.code).toBe(1);
        },
      );
      await withCliDb(
        kind,
        async () => {},
        async (env) => {
          const fresh = await runPledge(['audit', 'verify'], env);
          expect(fresh.stdout.trim()).toBe('audit chain intact: 0 events');
          expect(fresh.code).toBe(0);
        },
      );
    });
  });
}
