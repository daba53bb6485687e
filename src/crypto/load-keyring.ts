/**
 * Which data keys this process runs with (the decision is argued in SECURITY.md):
 *
 * - PLEDGE_DATA_KEY set: it seals; PLEDGE_DATA_KEYS_OLD (and a leftover generated key) only open.
 * - Unset, embedded database: a key is generated once, kept in <PLEDGE_DATA_DIR>/pledge-data-key
 *   (mode 600), and every start warns loudly that it lives beside the data it protects.
 * - Unset, PostgreSQL server: start-up refuses. A team's database, its dumps and its backups
 *   must never be one file copy away from the customers' phone numbers.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DatabaseEnv, DataKeyEnv } from '../config';
import { ConfigError } from '../config';
import { generateKey, KEY_ID, Keyring, parseKeyMaterial, type DataKey } from './keyring';

export const DEV_KEY_FILE = 'pledge-data-key';
const DEV_KEY_ID = 'dev';

const NO_KEY_ON_SERVER =
  'PLEDGE_DATA_KEY is not set. With a PostgreSQL server Pledge will not store customers\' contact details without a key of their own: generate one with `openssl rand -base64 32` and keep it apart from the database (see SECURITY.md).';

export interface KeyringChoice {
  keyring: Keyring;
  /** Things the operator must hear at every start (printed even at LOG_LEVEL=error). */
  warnings: string[];
}

export function loadKeyring(keys: DataKeyEnv, database: DatabaseEnv): KeyringChoice {
  const devPath = database.kind === 'embedded' ? join(database.dataDir, DEV_KEY_FILE) : undefined;
  const dev = devPath && existsSync(devPath) ? readDevKey(devPath) : undefined;
  if (keys.current) {
    const old = [...keys.old];
    const warnings: string[] = [];
    if (dev && dev.id !== keys.current.id && !old.some((k) => k.id === dev.id)) {
      old.push(dev);
      warnings.push(
        `WARNING: a generated development data key is still in ${devPath}. Run \`pledge keys rotate\` to re-seal its contacts with PLEDGE_DATA_KEY, then delete the file.`,
      );
    }
    return { keyring: new Keyring(keys.current, old), warnings };
  }
  if (database.kind !== 'embedded' || !devPath) throw new ConfigError([NO_KEY_ON_SERVER]);
  const key = dev ?? createDevKey(devPath);
  return {
    keyring: new Keyring(key, keys.old),
    warnings: [
      `WARNING: PLEDGE_DATA_KEY is not set. Customers' contact details are encrypted with a generated key kept in ${devPath}, next to the database: anyone with a copy of ${database.dataDir} can read them. Fine for trying Pledge out; for real use set PLEDGE_DATA_KEY, run \`pledge keys rotate\`, then delete that file (see SECURITY.md).`,
    ],
  };
}

function readDevKey(path: string): DataKey {
  const [id, material] = readFileSync(path, 'utf8').trim().split(':');
  const key = material === undefined ? undefined : parseKeyMaterial(material);
  if (!id || !KEY_ID.test(id) || !key) throw new ConfigError([`${path} is not a Pledge data key file (expected "<id>:<base64 key>").`]);
  return { id, key };
}

function createDevKey(path: string): DataKey {
  const key = generateKey(DEV_KEY_ID);
  mkdirSync(join(path, '..'), { recursive: true });
  try {
    // 'wx': never overwrite a key that appeared meanwhile; losing a key loses every contact it sealed.
    writeFileSync(path, `${key.id}:${key.key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readDevKey(path);
    throw error;
  }
  chmodSync(path, 0o600); // in case the umask widened it
  return key;
}
