import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { appendEvent, eventHash } from '../../src/db/audit';
import { createDb } from '../../src/db/create-db';
import { inTransaction, type Store } from '../../src/db/tx';
import { describeVerdict, verifyAuditChain } from '../../src/db/verify-audit';
import { bareComplaint } from '../support/bare-complaint';
import { runPledge } from '../support/cli-in-process';
import { copyEmbeddedTemplate, describeEachDb } from '../support/db';
import { PROCESS_TEST_TIMEOUT_MS, runCli } from '../support/processes';
import { scratchDir } from '../support/scratch';

const AT = new Date('2026-11-30T02:00:00Z');

/** `n` events spread over two complaints, written the way services write them. */
async function history(prisma: Store, n: number): Promise<{ ids: string[] }> {
  const ids = [await bareComplaint(prisma, 1, AT), await bareComplaint(prisma, 2, AT)];
  for (let i = 0; i < n; i += 1) {
    await inTransaction(prisma, (tx) =>
      appendEvent(tx, {
        complaintId: ids[i % 2]!,
        actorId: 'UOWN1',
        type: i < 2 ? 'complaint.filed' : 'complaint.note_added',
        payload: { n: i, nested: { z: 1, a: [1, 'two'] }, text: '受理 ✓' },
        at: new Date(AT.getTime() + i * 1000),
      }),
    );
  }
  return { ids };
}

/** What a superuser could do behind the trigger's back; the chain is what must notice. */
async function tamper(prisma: Store, sql: string, ...params: unknown[]): Promise<void> {
  await prisma.$executeRawUnsafe('ALTER TABLE "Event" DISABLE TRIGGER event_append_only');
  try {
    await prisma.$executeRawUnsafe(sql, ...params);
  } finally {
    await prisma.$executeRawUnsafe('ALTER TABLE "Event" ENABLE TRIGGER event_append_only');
  }
}

describeEachDb('verifying the audit chain', (getDb) => {
  it('finds an empty log and an untouched log intact, across several batches', async () => {
    const { prisma } = getDb();
    expect(await verifyAuditChain(prisma)).toEqual({ ok: true, events: 0, head: null });
    await history(prisma, 7);
    const last = await prisma.event.findFirstOrThrow({ orderBy: { id: 'desc' } });
    const verdict = await verifyAuditChain(prisma, { batchSize: 3 });
    expect(verdict).toEqual({ ok: true, events: 7, head: last.hash });
    expect(describeVerdict(verdict)).toBe('audit chain intact: 7 events');
  });

  it('names the edited event and its complaint when a payload was changed behind the trigger', async () => {
    const { prisma } = getDb();
    await history(prisma, 6);
    const victim = (await prisma.event.findMany({ orderBy: { id: 'asc' } }))[3]!;
    await tamper(prisma, `UPDATE "Event" SET payload = '{"n": 99}'::jsonb WHERE id = $1`, victim.id);
    // The trigger is back: the application still cannot edit.
    await expect(prisma.event.update({ where: { id: victim.id }, data: { type: 'x' } })).rejects.toThrow(/append-only/);

    const verdict = await verifyAuditChain(prisma, { batchSize: 2 });
    expect(verdict).toEqual({ ok: false, eventId: victim.id, reference: 'PLG-2026-000002', reason: 'hash_mismatch', checked: 3 });
    expect(describeVerdict(verdict)).toContain(`event ${victim.id} (complaint PLG-2026-000002)`);
  });

  it('notices a removed event at the one after it', async () => {
    const { prisma } = getDb();
    await history(prisma, 5);
    const events = await prisma.event.findMany({ orderBy: { id: 'asc' } });
    await tamper(prisma, 'DELETE FROM "Event" WHERE id = $1', events[1]!.id);
    expect(await verifyAuditChain(prisma)).toMatchObject({ ok: false, eventId: events[2]!.id, reason: 'broken_link', checked: 1 });
  });

  it('with a head recorded earlier: finds it and counts what came after, or says events were cut from the end', async () => {
    const { prisma } = getDb();
    await history(prisma, 6);
    const events = await prisma.event.findMany({ orderBy: { id: 'asc' } });
    const recorded = events[3]!.hash;
    const verdict = await verifyAuditChain(prisma, { batchSize: 2, expectHead: recorded });
    expect(verdict).toEqual({ ok: true, events: 6, head: events[5]!.hash, expected: { eventId: events[3]!.id, since: 2 } });
    expect(describeVerdict(verdict)).toBe(`audit chain intact: 6 events; the recorded head is event ${events[3]!.id}, with 2 events after it`);

    // The newest three cut off: the chain that is left holds together, but the recorded head is gone.
    await tamper(prisma, 'DELETE FROM "Event" WHERE id >= $1', events[3]!.id);
    expect(await verifyAuditChain(prisma)).toMatchObject({ ok: true, events: 3 });
    const cut = await verifyAuditChain(prisma, { expectHead: recorded });
    expect(cut).toEqual({ ok: false, reason: 'head_missing', expectedHead: recorded, events: 3, head: events[2]!.hash });
    expect(describeVerdict(cut)).toContain(`the recorded head ${recorded} is not in the log; events were removed from its end`);
  });

  it('notices a forger who recomputed the edited event\'s own hash: the next link no longer holds', async () => {
    const { prisma } = getDb();
    await history(prisma, 4);
    const events = await prisma.event.findMany({ orderBy: { id: 'asc' } });
    const edited = events[1]!;
    const payload = { n: 1, note: 'never happened' };
    const hash = eventHash(edited.prevHash, { ...edited, type: 'complaint.filed', payload });
    await tamper(prisma, `UPDATE "Event" SET payload = $1::jsonb, hash = $2 WHERE id = $3`, JSON.stringify(payload), hash, edited.id);
    expect(await verifyAuditChain(prisma)).toMatchObject({ ok: false, eventId: events[2]!.id, reason: 'broken_link', checked: 2 });
  });

  it('links each append to the real head, when the head this process last appended was rolled back or passed by another replica', async () => {
    const { prisma } = getDb();
    const { ids } = await history(prisma, 2);
    const note = (n: number) => ({ complaintId: ids[0]!, actorId: 'UOWN1', type: 'complaint.note_added' as const, payload: { n }, at: AT });
    // Appended, then rolled back: the head this process knows never was.
    await expect(inTransaction(prisma, async (tx) => {
      await appendEvent(tx, note(2));
      throw new Error('rolled back');
    })).rejects.toThrow('rolled back');
    await inTransaction(prisma, (tx) => appendEvent(tx, note(3)));
    // Another replica appended: linked by hand, as its own appendEvents would link it.
    const head = await prisma.event.findFirstOrThrow({ orderBy: { id: 'desc' } });
    const other = { ...note(4), actorId: 'UREPLICA2' };
    await prisma.event.create({ data: { ...other, prevHash: head.hash, hash: eventHash(head.hash, other) } });
    await inTransaction(prisma, (tx) => appendEvent(tx, note(5)));
    const last = await prisma.event.findFirstOrThrow({ orderBy: { id: 'desc' } });
    expect(last.payload).toEqual({ n: 5 });
    expect(await verifyAuditChain(prisma)).toEqual({ ok: true, events: 5, head: last.hash });
  });
});

describe('pledge audit verify (the CLI, on the embedded database)', { timeout: PROCESS_TEST_TIMEOUT_MS }, () => {
  const cli = (dataDir: string, ...args: string[]) => runCli(['audit', 'verify', ...args], { PLEDGE_DATA_DIR: dataDir });
  // The first run is a process (start-up, stdout as a pipe, the exit code); the others run the
  // same command line in-process, where a process would only add seconds of start-up.
  const inProcess = (dataDir: string, ...args: string[]) => runPledge(['audit', 'verify', ...args], { PLEDGE_DATA_DIR: dataDir });

  it('prints the count and exits 0 when intact, names the event and complaint and exits 1 when not', async () => {
    const dir = scratchDir('pledge-audit-cli-');
    try {
      copyEmbeddedTemplate(dir);
      let victim: bigint;
      let db = await createDb({ kind: 'embedded', dataDir: dir });
      try {
        await history(db.prisma, 3);
        victim = (await db.prisma.event.findMany({ orderBy: { id: 'asc' } }))[1]!.id;
      } finally {
        await db.close(); // PGlite serves one process: the CLI opens the folder after us
      }

      const intact = await cli(dir);
      expect(intact.code).toBe(0);
      expect(intact.stdout).toMatch(/^audit chain intact: 3 events\nhead: [0-9a-f]{64}\n$/);
      const head = intact.stdout.match(/head: ([0-9a-f]{64})/)![1]!;
      const withHead = await inProcess(dir, '--head', head);
      expect(withHead.code).toBe(0);
      expect(withHead.stdout).toContain('audit chain intact: 3 events; the recorded head is event');
      const badHead = await inProcess(dir, '--head', 'abc');
      expect(badHead.code).toBe(2);
      expect(badHead.stderr.trim()).toBe('--head must be a head hash as pledge printed it (64 hex digits), got "abc".');

      db = await createDb({ kind: 'embedded', dataDir: dir });
      try {
        await tamper(db.prisma, `UPDATE "Event" SET payload = '{}'::jsonb WHERE id = $1`, victim);
      } finally {
        await db.close();
      }
      const broken = await inProcess(dir);
      expect(broken.code).toBe(1);
      expect(broken.stdout).toBe('');
      expect(broken.stderr).toContain(`audit chain BROKEN at event ${victim} (complaint PLG-2026-000002)`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000); // a CLI process, starting tsx and opening PGlite
});
