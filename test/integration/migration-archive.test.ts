/**
 * The migration that makes archiving a fact beside the outcome (issue 10, point 1): complaints
 * that an earlier Pledge archived by overwriting their status get their outcome back from their
 * audit events, and keep when and why they were archived. Run on the embedded database and on
 * the PostgreSQL server, from the migrations before it, with rows as the earlier code wrote them.
 */
import { cpSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { startEmbeddedPostgres } from '../../src/db/embedded';
import { applyMigrations, MIGRATIONS_DIR } from '../../src/db/migrate';
import { copyEmbeddedEmpty } from '../support/db';
import { scratchDir } from '../support/scratch';

const MIGRATION = readdirSync(MIGRATIONS_DIR).find((n) => n.endsWith('_archive_beside_outcome'))!;

/** The migrations folder as it was before this one. */
function earlierMigrations(): string {
  const dir = scratchDir('pledge-migrations-');
  for (const name of readdirSync(MIGRATIONS_DIR).filter((n) => n < MIGRATION)) cpSync(join(MIGRATIONS_DIR, name), join(dir, name), { recursive: true });
  return dir;
}

const at = (local: string) => new Date(`${local}+08:00`);
let hashes = 0;

async function seed(db: pg.Client) {
  const complaint = async (ref: string, status: string, extra: { acceptedAt?: Date; resolvedAt?: Date; closedAt?: Date } = {}) => {
    await db.query(
      `INSERT INTO "Complaint" (id, reference, year, seq, title, details, category, priority, source, status, "filerId", "ownerId", "groupId",
                                "submissionKey", "filedAt", "updatedAt", "acceptedAt", "resolvedAt", "closedAt")
       VALUES ($1, $1, 2026, $2, 't', 'd', 'billing', 'normal', 'chat', $3::"Status", 'UFILER', 'UOWN1', 'billing', $1, $4, $5, $6, $7, $8)`,
      [ref, Number(ref.slice(-1)), status, at('2026-11-30T10:00:00'), at('2026-12-20T10:00:00'), extra.acceptedAt ?? null, extra.resolvedAt ?? null, extra.closedAt ?? null],
    );
  };
  const event = async (ref: string, type: string, when: string, payload: object = {}) => {
    await db.query(`INSERT INTO "Event" ("complaintId", "actorId", type, payload, at, hash) VALUES ($1, 'system', $2, $3, $4, $5)`, [ref, type, payload, at(when), `h${++hashes}`]);
  };
  const accepted = { acceptedAt: at('2026-11-30T11:00:00') };
  await complaint('C1', 'archived', { ...accepted, resolvedAt: at('2026-12-01T10:00:00'), closedAt: at('2026-12-02T10:00:00') });
  await event('C1', 'complaint.resolved', '2026-12-01T10:00:00');
  await event('C1', 'complaint.archived', '2026-12-02T10:00:00', { reason: 'follow_up_done' });
  await complaint('C2', 'archived', { ...accepted, closedAt: at('2026-12-01T12:00:00') });
  await event('C2', 'complaint.rejected', '2026-12-01T12:00:00', { reason: 'Not ours' });
  await event('C2', 'complaint.archived', '2026-12-10T09:00:00', { reason: 'limit' });
  await complaint('C3', 'archived', { closedAt: at('2026-11-30T10:05:00') });
  await event('C3', 'complaint.withdrawn', '2026-11-30T10:05:00');
  await event('C3', 'complaint.archived', '2026-12-10T09:00:00', { reason: 'limit' });
  // Resolved, reopened by the filer, then rejected: the last outcome is the one that counts.
  await complaint('C4', 'archived', { ...accepted, closedAt: at('2026-12-03T10:00:00') });
  await event('C4', 'complaint.resolved', '2026-12-01T10:00:00');
  await event('C4', 'complaint.reopened', '2026-12-02T10:00:00');
  await event('C4', 'complaint.rejected', '2026-12-03T10:00:00', { reason: 'Not ours' });
  await event('C4', 'complaint.archived', '2026-12-14T09:00:00', { reason: 'limit' });
  // No events at all (written straight to the table): the columns only that outcome sets decide.
  await complaint('C5', 'archived', { ...accepted, resolvedAt: at('2026-12-01T10:00:00'), closedAt: at('2026-12-11T09:00:00') });
  await complaint('C6', 'investigating', accepted);
}

/** Sockets this process has open (on the server: connections to it; the embedded database's server ends would count too). */
const openSockets = () => process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap').length;

async function migrateAndCheck(url: string, { server }: { server: boolean }) {
  const earlier = earlierMigrations();
  const db = new pg.Client({ connectionString: url });
  try {
    const open = openSockets();
    await applyMigrations(url, earlier);
    // The engine's connection is closed, and with it the advisory lock the engine takes for
    // migrating and never releases: left to pg's idle timeout, it made the next step wait 10 s.
    if (server) expect(openSockets()).toBeLessThanOrEqual(open);
    await db.connect();
    await seed(db);
    // This one and any that came after it.
    expect(await applyMigrations(url)).toEqual(readdirSync(MIGRATIONS_DIR).filter((n) => n >= MIGRATION && !n.endsWith('.toml')));
    const { rows } = await db.query(`SELECT id, status::text, "archivedAt", "archiveReason" FROM "Complaint" ORDER BY id`);
    expect(rows).toEqual([
      { id: 'C1', status: 'resolved', archivedAt: at('2026-12-02T10:00:00'), archiveReason: 'follow_up_done' },
      { id: 'C2', status: 'rejected', archivedAt: at('2026-12-10T09:00:00'), archiveReason: 'limit' },
      { id: 'C3', status: 'withdrawn', archivedAt: at('2026-12-10T09:00:00'), archiveReason: 'limit' },
      { id: 'C4', status: 'rejected', archivedAt: at('2026-12-14T09:00:00'), archiveReason: 'limit' },
      { id: 'C5', status: 'resolved', archivedAt: at('2026-12-11T09:00:00'), archiveReason: 'limit' },
      { id: 'C6', status: 'investigating', archivedAt: null, archiveReason: null },
    ]);
    const leftovers = await db.query(`SELECT 1 FROM pg_tables WHERE tablename = '_ArchivedOutcome'`);
    expect(leftovers.rowCount).toBe(0);
  } finally {
    await db.end().catch(() => {});
    rmSync(earlier, { recursive: true, force: true });
  }
}

describe('the archive-beside-outcome migration', () => {
  it('restores archived complaints\' outcomes from their audit events (embedded)', async () => {
    const dir = scratchDir('pledge-migrate-archive-');
    copyEmbeddedEmpty(dir);
    const embedded = await startEmbeddedPostgres(dir);
    try {
      await migrateAndCheck(embedded.url, { server: false });
    } finally {
      await embedded.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(!inject('serverUrl'))('restores archived complaints\' outcomes from their audit events (server)', async () => {
    const serverUrl = inject('serverUrl')!;
    const name = `pledge_migrate_archive_${process.pid}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
    try {
      const url = new URL(serverUrl);
      url.pathname = `/${name}`;
      await migrateAndCheck(url.toString(), { server: true });
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  });
});
