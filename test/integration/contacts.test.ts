import { rmSync } from 'node:fs';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FixedClock } from '../../src/clock';
import type { ResolvedConfig } from '../../src/config';
import { activeKeyring, generateKey, Keyring, KeyringError } from '../../src/crypto/keyring';
import { findCard } from '../../src/db/complaints';
import { contactKeyReport, openContact, rotateContacts } from '../../src/db/contacts';
import { createDb } from '../../src/db/create-db';
import { verifyAuditChain } from '../../src/db/verify-audit';
import { isAppError } from '../../src/errors';
import { eraseExpiredContacts, RETENTION_ACTOR } from '../../src/services/erase-contacts';
import { revealContact } from '../../src/services/reveal-contact';
import { archive, dumpAll, fileWithContact } from '../support/contacts';
import { runPledge } from '../support/cli-in-process';
import { copyEmbeddedTemplate, describeEachDb } from '../support/db';
import { runCli } from '../support/processes';
import { scratchDir } from '../support/scratch';
import { testConfig } from '../support/pledge-harness';

const FILED = new Date('2026-11-30T02:00:00Z');
const LI = { name: 'Li Lei', contact: '13812345678' };
const BOB = { name: 'Bob Smith', contact: 'Bob.Smith@Example.com' };
const WANG = { name: '王先生', contact: '+86 139-8765-4321' };
/** Anything of these in a dump, an event or a log is a leak. */
const SECRETS = ['Li Lei', '13812345678', 'Bob Smith', 'Bob.Smith@', 'Bob.Smith@example.com', '王先生', '13987654321', '8613987654321'];

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => 'no error',
    (e: unknown) => (isAppError(e) ? e.code : String(e)),
  );

describeEachDb('customers\' contact details', (getDb) => {
  let config: ResolvedConfig;
  beforeAll(async () => {
    config = await testConfig();
  });
  let li: { id: string; reference: string };
  let bob: { id: string; reference: string };
  beforeEach(async () => {
    li = await fileWithContact(getDb().prisma, LI, FILED);
    bob = await fileWithContact(getDb().prisma, BOB, FILED, { ownerId: 'UOWN2' });
  });
  const names = (groupId: string) => groupId;

  it('are sealed at rest: no dump of any table holds them, while cards still show the name', async () => {
    const { prisma } = getDb();
    const rows = await prisma.contact.findMany({ orderBy: { masked: 'asc' } });
    expect(rows.map((r) => [r.masked, r.keyId, r.kind])).toEqual([
      ['138****5678', 'test', 'phone'],
      ['B***@example.com', 'test', 'email'],
    ]);
    for (const r of rows) {
      expect(r.value).toMatch(/^v1\./);
      expect(r.name).toMatch(/^v1\./);
    }
    const dump = await dumpAll(prisma);
    for (const secret of SECRETS) expect(dump).not.toContain(secret);
    expect(dump).toContain('138****5678'); // the masked form is meant to be readable

    const card = await findCard(prisma, { id: li.id }, names);
    expect([card?.customerName, card?.maskedContact]).toEqual(['Li Lei', '138****5678']);
  });

  it('are bound to their row and field: a sealed value copied elsewhere does not open', async () => {
    const { prisma } = getDb();
    const [a, b] = await prisma.contact.findMany({ orderBy: { masked: 'asc' } });
    await prisma.contact.update({ where: { id: b!.id }, data: { value: a!.value } });
    await prisma.contact.update({ where: { id: a!.id }, data: { value: a!.name } });
    await expect(openContact(prisma, b!.id)).rejects.toThrow(KeyringError);
    await expect(openContact(prisma, a!.id)).rejects.toThrow(KeyringError);
    // A card does not fall over: the name it cannot open is left out, not shown wrong.
    await prisma.contact.update({ where: { id: a!.id }, data: { name: b!.name } });
    expect((await findCard(prisma, { id: li.id }, names))?.customerName).toBeNull();
  });

  describe('pledge keys rotate', () => {
    it('re-seals everything with the new key, seals plaintext leftovers, and is safe to repeat', async () => {
      const { prisma } = getDb();
      const old = activeKeyring().current;
      // A contact from before encryption: stored in the clear, no key id.
      const legacy = await fileWithContact(prisma, null, FILED);
      const plain = await prisma.contact.create({ data: { kind: 'phone', value: '13987654321', name: '王先生', masked: '139****4321', createdAt: FILED } });
      await prisma.complaint.update({ where: { id: legacy.id }, data: { contactId: plain.id } });
      expect((await contactKeyReport(prisma, activeKeyring())).warnings[0]).toMatch(/1 contact\(s\) are stored unencrypted/);

      const next = new Keyring(generateKey('k2'), [old]);
      expect(await rotateContacts(prisma, next, 2)).toEqual({ resealed: 3, failed: [] });
      const rows = await prisma.contact.findMany();
      expect(new Set(rows.map((r) => r.keyId))).toEqual(new Set(['k2']));
      // Only the new key is needed from now on.
      const onlyNew = new Keyring(next.current);
      const opened = await Promise.all(rows.map((r) => openContact(prisma, r.id, onlyNew)));
      expect(opened.map((c) => c?.value).sort()).toEqual(['13812345678', '13987654321', 'Bob.Smith@example.com']);
      expect(opened.find((c) => c?.value === '13987654321')?.name).toBe('王先生');
      for (const secret of SECRETS) expect(await dumpAll(prisma)).not.toContain(secret);
      expect(await rotateContacts(prisma, next)).toEqual({ resealed: 0, failed: [] });
      expect(await contactKeyReport(prisma, onlyNew)).toEqual({ errors: [], warnings: [] });
    });

    it('leaves what it cannot open as it is, names it by id and key id, and start-up refuses', async () => {
      const { prisma } = getDb();
      const withoutOld = new Keyring(generateKey('k2'));
      const result = await rotateContacts(prisma, withoutOld);
      expect(result.resealed).toBe(0);
      expect(result.failed.map((f) => f.keyId)).toEqual(['test', 'test']);
      expect(JSON.stringify(result)).not.toMatch(/Li Lei|13812345678/);
      expect((await prisma.contact.findMany()).every((r) => r.keyId === 'test')).toBe(true);
      expect((await contactKeyReport(prisma, withoutOld)).errors[0]).toMatch(/sealed with data key\(s\) "test", which are not configured: add them to PLEDGE_DATA_KEYS_OLD/);
    });
  });

  describe('revealContact', () => {
    const deps = () => ({ prisma: getDb().prisma, config, clock: new FixedClock(new Date('2026-12-01T03:00:00Z')) });

    it.each(['UOWN1', 'ULEAD1', 'USUP1'])('shows the owner, leader or supervisor (%s) the details, and records it', async (userId) => {
      const result = await revealContact(deps(), userId, li.id);
      expect(result).toEqual({ status: 'revealed', reference: li.reference, contact: { kind: 'phone', name: 'Li Lei', value: '13812345678' } });
      const event = await getDb().prisma.event.findFirstOrThrow({ where: { type: 'contact.revealed' } });
      const contact = await getDb().prisma.contact.findFirstOrThrow({ where: { complaint: { id: li.id } } });
      expect([event.actorId, event.complaintId, event.payload, event.at.toISOString()]).toEqual([userId, li.id, { contactId: contact.id }, '2026-12-01T03:00:00.000Z']);
      expect(await verifyAuditChain(getDb().prisma)).toMatchObject({ ok: true });
    });

    it('refuses the filer and other members, and answers strangers as if there were no complaint', async () => {
      expect(await refusal(revealContact(deps(), 'UFILER', li.id))).toBe('not_allowed');
      expect(await refusal(revealContact(deps(), 'UOWN2', li.id))).toBe('not_allowed'); // a member, not the owner
      expect(await refusal(revealContact(deps(), 'USTRANGER', li.id))).toBe('not_found');
      expect(await refusal(revealContact(deps(), 'ULEAD2', li.id))).toBe('not_found'); // another group's leader
      expect(await refusal(revealContact(deps(), 'UOWN1', '00000000-0000-4000-8000-000000000000'))).toBe('not_found');
      expect(await getDb().prisma.event.count({ where: { type: 'contact.revealed' } })).toBe(0);
    });

    it('says when there is no contact, or when it was erased, and records no reveal then', async () => {
      const none = await fileWithContact(getDb().prisma, null, FILED);
      expect(await revealContact(deps(), 'UOWN1', none.id)).toEqual({ status: 'none', reference: none.reference });
      await archive(getDb().prisma, li.id, FILED);
      await eraseExpiredContacts({ prisma: getDb().prisma, clock: new FixedClock(new Date('2026-12-01T00:00:00Z')) }, 0);
      expect(await revealContact(deps(), 'UOWN1', li.id)).toMatchObject({ status: 'erased', reference: li.reference });
      expect(await getDb().prisma.event.count({ where: { type: 'contact.revealed' } })).toBe(0);
    });
  });

  describe('retention', () => {
    const NOW = new Date('2028-01-10T00:00:00Z');

    it('erases the details of complaints archived longer ago than the policy, records it, and the chain still verifies', async () => {
      const { prisma } = getDb();
      const wang = await fileWithContact(prisma, WANG, FILED);
      await archive(prisma, li.id, new Date('2026-12-01T00:00:00Z')); // 405 days before NOW
      await archive(prisma, bob.id, new Date('2027-12-31T00:00:00Z')); // 10 days before NOW
      // wang's complaint stays open, however old.

      const result = await eraseExpiredContacts({ prisma, clock: new FixedClock(NOW) }, 365);
      expect(result).toEqual({ erased: 1, cutoff: new Date('2027-01-10T00:00:00Z') });
      const erased = await prisma.contact.findFirstOrThrow({ where: { complaint: { id: li.id } } });
      expect([erased.name, erased.value, erased.keyId, erased.erasedAt, erased.masked]).toEqual([null, null, null, NOW, '138****5678']);
      for (const kept of [bob, wang]) {
        const row = await prisma.contact.findFirstOrThrow({ where: { complaint: { id: kept.id } } });
        expect([row.erasedAt, row.keyId]).toEqual([null, 'test']);
      }
      const card = await findCard(prisma, { id: li.id }, names);
      expect([card?.customerName, card?.maskedContact]).toEqual([null, '138****5678']);

      const record = await prisma.event.findFirstOrThrow({ where: { type: 'contact.erased' } });
      expect([record.actorId, record.complaintId, record.payload]).toEqual([RETENTION_ACTOR, li.id, { contactId: erased.id, olderThanDays: 365 }]);
      expect(await verifyAuditChain(prisma)).toMatchObject({ ok: true, events: 6 });
      // Again: nothing left to erase, nothing recorded twice.
      expect((await eraseExpiredContacts({ prisma, clock: new FixedClock(NOW) }, 365)).erased).toBe(0);
      expect(await prisma.event.count({ where: { type: 'contact.erased' } })).toBe(1);
    });

    it('never finds contact details in any audit event, whatever happened to the contact', async () => {
      const { prisma } = getDb();
      const clock = new FixedClock(NOW);
      await revealContact({ prisma, config, clock }, 'UOWN1', li.id);
      await archive(prisma, li.id, FILED);
      await eraseExpiredContacts({ prisma, clock }, 30);
      await rotateContacts(prisma, new Keyring(generateKey('k9'), [activeKeyring().current]));
      const events = await prisma.event.findMany();
      expect(new Set(events.map((e) => e.type))).toEqual(new Set(['complaint.filed', 'contact.revealed', 'complaint.archived', 'contact.erased']));
      const text = JSON.stringify(events, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v));
      for (const secret of SECRETS) expect(text).not.toContain(secret);
      const sealed = await prisma.contact.findMany({ select: { name: true, value: true } });
      for (const s of sealed.flatMap((r) => [r.name, r.value]).filter((v): v is string => v !== null)) expect(text).not.toContain(s);
      expect(await verifyAuditChain(prisma)).toMatchObject({ ok: true });
    });
  });
});

describe('pledge keys rotate and pledge retention erase (the CLI, on the embedded database)', () => {
  const cli = (dataDir: string, args: string[], env: Record<string, string> = {}) => runCli(args, { PLEDGE_DATA_DIR: dataDir, ...env });

  it('rotates to a new key with the old one given, then erases what is past retention', async () => {
    const dir = scratchDir('pledge-keys-cli-');
    try {
      copyEmbeddedTemplate(dir);
      const oldKey = activeKeyring().current; // id "test", installed by test/support/data-key.ts
      let db = await createDb({ kind: 'embedded', dataDir: dir });
      try {
        const li = await fileWithContact(db.prisma, LI, FILED);
        await fileWithContact(db.prisma, BOB, FILED);
        await archive(db.prisma, li.id, FILED);
      } finally {
        await db.close(); // PGlite serves one process
      }
      const newKey = generateKey('k2');
      const rotated = await cli(dir, ['keys', 'rotate'], {
        PLEDGE_DATA_KEY: newKey.key.toString('base64'),
        PLEDGE_DATA_KEY_ID: 'k2',
        PLEDGE_DATA_KEYS_OLD: `test:${oldKey.key.toString('hex')}`,
      });
      expect([rotated.code, rotated.stdout]).toEqual([0, 'Re-sealed 2 contact(s) with data key "k2".\n']);

      // Key rotation needed a process (its keys come from the environment); retention runs the
      // same command line in-process, which costs no second start-up.
      const erased = await runPledge(['retention', 'erase', '--older-than-days', '30', '--now', '2027-02-01T00:00:00Z'], { PLEDGE_DATA_DIR: dir });
      expect([erased.code, erased.stdout]).toEqual([0, 'Erased the contact details of 1 customer(s) of complaints archived before 2027-01-02T00:00:00.000Z.\n']);
      expect((await runPledge(['retention', 'erase', '--older-than-days', 'soon'], { PLEDGE_DATA_DIR: dir })).stderr).toMatch(/--older-than-days must be a whole number/);

      db = await createDb({ kind: 'embedded', dataDir: dir });
      try {
        const rows = await db.prisma.contact.findMany({ orderBy: { masked: 'asc' } });
        expect(rows.map((r) => [r.masked, r.keyId, r.erasedAt !== null])).toEqual([
          ['138****5678', null, true],
          ['B***@example.com', 'k2', false],
        ]);
        expect((await openContact(db.prisma, rows[1]!.id, new Keyring(newKey)))?.value).toBe('Bob.Smith@example.com');
        expect(await verifyAuditChain(db.prisma)).toMatchObject({ ok: true });
      } finally {
        await db.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
