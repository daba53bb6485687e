/**
 * On a PostgreSQL server the migrations run as the tables' owner and the bot as a role that owns
 * nothing, made by `pledge db create-runtime-role`. Roles are cluster-wide: each run uses names of
 * its own and drops them afterwards. The commands run in-process (`runPledge`, the CLI's own
 * routing and exit code): they need no process of their own to show what they do to a server.
 */
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { createDb, type Db } from '../../src/db/create-db';
import { adminQuery as admin, serverAvailable } from '../support/db';
import { bareComplaintFiled } from '../support/bare-complaint';
import { runPledge } from '../support/cli-in-process';

/** `pledge <args>` in-process with these database settings, and no others (runPledge leaves DATABASE_MIGRATION_URL to us). */
async function pledge(args: string[], env: { DATABASE_URL?: string; DATABASE_MIGRATION_URL?: string }) {
  vi.stubEnv('DATABASE_MIGRATION_URL', env.DATABASE_MIGRATION_URL);
  try {
    return await runPledge(args, env.DATABASE_URL ? { DATABASE_URL: env.DATABASE_URL } : {});
  } finally {
    vi.unstubAllEnvs();
  }
}

const run = serverAvailable() ? describe : describe.skip;
const AT = new Date('2026-11-30T02:00:00Z');

run('the bot\'s runtime role on a PostgreSQL server', () => {
  const suffix = `${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const owner = `pledge_owner_${suffix}`;
  const bot = `pledge_bot_${suffix}`;
  const database = `pledge_roles_${suffix}`;
  let adminUrl: string;
  const as = (role: string) => {
    const url = new URL(adminUrl);
    url.username = role;
    url.pathname = `/${database}`;
    return url.toString();
  };

  beforeAll(async () => {
    adminUrl = inject('serverUrl')!;
    await admin(adminUrl, `CREATE ROLE ${owner} LOGIN CREATEROLE`);
    await admin(adminUrl, `CREATE DATABASE ${database} OWNER ${owner}`);
  });
  afterAll(async () => {
    await admin(adminUrl, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin(adminUrl, `DROP ROLE IF EXISTS ${bot}`);
    await admin(adminUrl, `DROP ROLE IF EXISTS ${owner}`);
  });

  it('migrates as the owner; the bot writes complaints and events but cannot alter, truncate or disable a trigger', async () => {
    const migrated = await pledge(['migrate'], { DATABASE_URL: as(bot), DATABASE_MIGRATION_URL: as(owner) });
    expect(migrated.stdout, migrated.output).toMatch(/^Applied \d+ migration/);
    const created = await pledge(['db', 'create-runtime-role', bot], { DATABASE_URL: as(owner) });
    expect(created.code, created.output).toBe(0);
    expect(created.stdout).toContain(`Created role ${bot}, which owns nothing`);
    const again = await pledge(['db', 'create-runtime-role', bot], { DATABASE_URL: as(owner) });
    expect(again.stdout).toContain(`Role ${bot} exists`);

    // The bot starts with its own URL, migrations (none pending) checked with the owner's.
    const db: Db = await createDb({ kind: 'server', url: as(bot), migrationUrl: as(owner) }, { poolSize: 2 });
    try {
      const { prisma } = db;
      const complaintId = await bareComplaintFiled(prisma, 1, AT);
      await prisma.complaint.update({ where: { id: complaintId }, data: { title: 'Charged twice in November' } });
      expect(await prisma.event.count()).toBe(1);

      for (const sql of [
        'ALTER TABLE "Event" DISABLE TRIGGER event_append_only',
        'ALTER TABLE "Event" DISABLE TRIGGER USER',
        'DROP TRIGGER event_no_truncate ON "Event"',
        'TRUNCATE "Event"',
        'TRUNCATE "Complaint" CASCADE',
        'ALTER TABLE "Complaint" ADD COLUMN sneaky integer',
        'DROP TABLE "Notification"',
        'CREATE TABLE sneaky (id integer)',
        'UPDATE "Event" SET payload = \'{}\'::jsonb',
        'DELETE FROM "Event"',
        'DELETE FROM "_prisma_migrations"',
      ]) {
        await expect(prisma.$executeRawUnsafe(sql), sql).rejects.toThrow(/permission denied|must be owner/);
      }
      expect(await prisma.event.count()).toBe(1);
      const owned = await prisma.$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM pg_class WHERE relowner = (SELECT oid FROM pg_roles WHERE rolname = current_user)`);
      expect(Number(owned[0]!.n)).toBe(0);
    } finally {
      await db.close();
    }
  });

  it('start-up and the CLI name a migration URL without a server URL', async () => {
    const alone = await pledge(['outbox'], { DATABASE_MIGRATION_URL: as(owner) });
    expect(alone.code).toBe(1);
    expect(alone.stderr).toContain('DATABASE_MIGRATION_URL is set but DATABASE_URL is not');
  });
});
