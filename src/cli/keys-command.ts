/**
 * `pledge keys rotate`: re-seals every customer contact with the current data key (PLEDGE_DATA_KEY),
 * opening them with the old ones (PLEDGE_DATA_KEYS_OLD, or the generated development key), and
 * seals any still stored in the clear. Safe to repeat; exit code 1 if some contact did not open.
 */
import { loadDatabaseEnv, loadDataKeyEnv } from '../config';
import { loadKeyring } from '../crypto/load-keyring';
import { rotateContacts } from '../db/contacts';

export async function keysCommand(argv: string[]): Promise<number | undefined> {
  if (argv[0] !== 'rotate') return undefined;
  const database = loadDatabaseEnv();
  const { keyring, warnings } = loadKeyring(loadDataKeyEnv(), database);
  warnings.forEach((w) => console.error(w));
  const { createDb } = await import('../db/create-db');
  const db = await createDb(database);
  try {
    const result = await rotateContacts(db.prisma, keyring);
    console.log(`Re-sealed ${result.resealed} contact(s) with data key "${keyring.currentId}".`);
    for (const f of result.failed) console.error(`  contact ${f.id} (key ${f.keyId ?? 'none'}): ${f.reason}`);
    if (result.failed.length) {
      console.error(`${result.failed.length} contact(s) could not be opened and were left as they are.`);
      return 1;
    }
    return 0;
  } finally {
    await db.close();
  }
}
