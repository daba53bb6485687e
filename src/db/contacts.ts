/**
 * Customers' contact details: the only store that sees them in the clear, and only in memory.
 * name and value are sealed with the process's data key (src/crypto) bound to the row id and the
 * field, so a sealed value moved to another row or column no longer opens. `masked` is kept in
 * the clear: it is what chat shows. Nothing here logs a name or a value, and errors name ids only.
 */
import { randomUUID } from 'node:crypto';
import { activeKeyring, KeyringError, type Keyring } from '../crypto/keyring';
import type { ContactKind } from '../domain/complaint';
import type { Store, Tx } from './tx';

export interface NewContact {
  name: string | null;
  kind: ContactKind;
  value: string;
  masked: string;
}

/** What a row holds, enough to open it. */
interface SealedRow {
  id: string;
  name: string | null;
  value?: string | null;
  keyId: string | null;
  erasedAt: Date | null;
}

export interface OpenedContact {
  id: string;
  kind: string;
  name: string | null;
  value: string;
  masked: string;
}

const aad = (id: string, field: 'name' | 'value') => `pledge:contact:${id}:${field}`;

function seal(keyring: Keyring, id: string, c: { name: string | null; value: string }) {
  const value = keyring.seal(c.value, aad(id, 'value'));
  return { keyId: value.keyId, value: value.sealed, name: c.name === null ? null : keyring.seal(c.name, aad(id, 'name')).sealed };
}

/** Stores a contact sealed with the current key; returns its id. */
export async function createContact(tx: Tx, contact: NewContact, createdAt: Date, keyring: Keyring = activeKeyring()): Promise<string> {
  const id = randomUUID();
  const sealed = seal(keyring, id, contact);
  await tx.contact.create({ data: { id, kind: contact.kind, masked: contact.masked, createdAt, ...sealed } });
  return id;
}

/** One field in the clear. A row from before encryption (keyId null) is read as it is. */
function openField(row: SealedRow, field: 'name' | 'value', keyring: Keyring): string | null {
  const stored = row[field];
  if (row.erasedAt || stored === null || stored === undefined) return null;
  return row.keyId === null ? stored : keyring.open(row.keyId, stored, aad(row.id, field));
}

function open(row: SealedRow, keyring: Keyring): { name: string | null; value: string | null } {
  return { name: openField(row, 'name', keyring), value: openField(row, 'value', keyring) };
}

/**
 * The customer's name for a card. A key that is missing or wrong must not stop every message that
 * shows the complaint, so the name is then left out; start-up (missingKeyIds) is where that is loud.
 */
export function customerName(row: Omit<SealedRow, 'value'> | null | undefined, keyring?: Keyring): string | null {
  if (!row || row.name === null || row.erasedAt) return null;
  try {
    return openField(row, 'name', keyring ?? activeKeyring());
  } catch (error) {
    if (error instanceof KeyringError) return null;
    throw error;
  }
}

/** The whole contact in the clear, for the reveal service. Throws KeyringError if it does not open. */
export async function openContact(store: Store | Tx, id: string, keyring: Keyring = activeKeyring()): Promise<OpenedContact | undefined> {
  const row = await store.contact.findUnique({ where: { id } });
  if (!row || row.erasedAt || row.value === null) return undefined;
  const opened = open(row, keyring);
  return { id: row.id, kind: row.kind, masked: row.masked, name: opened.name, value: opened.value ?? '' };
}

/** Key ids that sealed some contact but are not in the keyring: those contacts cannot be read. */
export async function missingKeyIds(store: Store, keyring: Keyring): Promise<string[]> {
  const rows = await store.contact.groupBy({ by: ['keyId'], where: { erasedAt: null, keyId: { not: null } } });
  return rows.map((r) => r.keyId!).filter((id) => !keyring.has(id));
}

/** Contacts still in the clear (written before encryption); `pledge keys rotate` seals them. */
export async function plaintextCount(store: Store): Promise<number> {
  return store.contact.count({ where: { erasedAt: null, keyId: null, value: { not: null } } });
}

export interface RotationResult {
  resealed: number;
  /** Contacts that could not be opened (key missing or value altered), by id and key id. */
  failed: { id: string; keyId: string | null; reason: string }[];
}

/**
 * Re-seals every contact not sealed with the current key (and seals plaintext ones), a bounded
 * batch at a time. Each row is written only if its key id is still what was read, so a contact
 * written meanwhile is never overwritten with stale data. Safe to run again after a failure.
 */
export async function rotateContacts(store: Store, keyring: Keyring = activeKeyring(), batchSize = 200): Promise<RotationResult> {
  const result: RotationResult = { resealed: 0, failed: [] };
  let afterId = '';
  for (;;) {
    const rows = await store.contact.findMany({
      where: { id: { gt: afterId }, erasedAt: null, OR: [{ keyId: null }, { keyId: { not: keyring.currentId } }] },
      orderBy: { id: 'asc' },
      take: batchSize,
      select: { id: true, name: true, value: true, keyId: true, erasedAt: true },
    });
    for (const row of rows) {
      let clear: { name: string | null; value: string | null };
      try {
        clear = open(row, keyring);
      } catch (error) {
        if (!(error instanceof KeyringError)) throw error;
        result.failed.push({ id: row.id, keyId: row.keyId, reason: error.message });
        continue;
      }
      if (clear.value === null) continue;
      const sealed = seal(keyring, row.id, { name: clear.name, value: clear.value });
      const { count } = await store.contact.updateMany({ where: { id: row.id, keyId: row.keyId, erasedAt: null }, data: sealed });
      result.resealed += count;
    }
    if (rows.length < batchSize) return result;
    afterId = rows[rows.length - 1]!.id;
  }
}

/** Contacts of complaints archived before `cutoff` and not erased yet. */
export async function erasableContacts(store: Store, cutoff: Date, limit: number): Promise<{ contactId: string; complaintId: string }[]> {
  return store.$queryRawUnsafe<{ contactId: string; complaintId: string }[]>(
    `SELECT c.id AS "contactId", p.id AS "complaintId"
       FROM "Contact" c JOIN "Complaint" p ON p."contactId" = c.id
      WHERE p."archivedAt" < $1 AND c."erasedAt" IS NULL
      ORDER BY c.id
      LIMIT $2`,
    cutoff,
    limit,
  );
}

/** Erases name and value (the row, its kind and its masked form stay). True if this call erased it. */
export async function eraseContact(tx: Tx, contactId: string, at: Date): Promise<boolean> {
  const { count } = await tx.contact.updateMany({
    where: { id: contactId, erasedAt: null },
    data: { name: null, value: null, keyId: null, erasedAt: at },
  });
  return count === 1;
}

/** Checked at start-up: contacts that no configured key opens stop it; plaintext ones are named. */
export async function contactKeyReport(store: Store, keyring: Keyring): Promise<{ errors: string[]; warnings: string[] }> {
  const missing = await missingKeyIds(store, keyring);
  const plaintext = await plaintextCount(store);
  return {
    errors: missing.length
      ? [`Some customers' contact details are sealed with data key(s) ${missing.map((id) => `"${id}"`).join(', ')}, which are not configured: add them to PLEDGE_DATA_KEYS_OLD as id:key (see SECURITY.md).`]
      : [],
    warnings: plaintext ? [`WARNING: ${plaintext} contact(s) are stored unencrypted (written before encryption): run \`pledge keys rotate\`.`] : [],
  };
}

/** Which kind of contact a complaint's customer gave (phone or e-mail), without opening it; null once erased. */
export async function contactKind(store: Store | Tx, id: string): Promise<ContactKind | null> {
  const row = await store.contact.findUnique({ where: { id }, select: { kind: true, erasedAt: true } });
  return row && !row.erasedAt ? (row.kind as ContactKind) : null;
}
