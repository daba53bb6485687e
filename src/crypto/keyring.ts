/**
 * Data keys for personal data at rest: AES-256-GCM from node:crypto, nothing else.
 *
 * A sealed value is `v1.<iv>.<tag>.<ciphertext>` (base64url), a fresh 96-bit IV each time. The
 * id of the key that sealed it is stored beside it (Contact.keyId), so keys can be rotated: the
 * current key seals, old keys only open. The caller passes associated data (the row id and the
 * field name), so a sealed value copied into another row or column no longer opens.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export interface DataKey {
  id: string;
  /** 32 bytes. */
  key: Buffer;
}

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
export const KEY_BYTES = 32;
export const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

/** 32 bytes written as 64 hex characters or as base64 (44 characters with padding, 43 without). */
export function parseKeyMaterial(text: string): Buffer | undefined {
  const s = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(s)) return Buffer.from(s, 'hex');
  if (/^[A-Za-z0-9+/]{43}=?$/.test(s)) {
    const key = Buffer.from(s, 'base64');
    return key.length === KEY_BYTES ? key : undefined;
  }
  return undefined;
}

export class KeyringError extends Error {
  override name = 'KeyringError';
}

export class Keyring {
  private readonly keys = new Map<string, Buffer>();

  constructor(
    readonly current: DataKey,
    old: readonly DataKey[] = [],
  ) {
    for (const k of [current, ...old]) {
      if (!KEY_ID.test(k.id)) throw new KeyringError(`Expected a data key id of letters, digits, - or _ (1-32), got ${JSON.stringify(k.id)}`);
      if (k.key.length !== KEY_BYTES) throw new KeyringError(`Expected data key "${k.id}" to be ${KEY_BYTES} bytes, got ${k.key.length}`);
      if (this.keys.has(k.id)) throw new KeyringError(`Data key id "${k.id}" is given twice`);
      this.keys.set(k.id, Buffer.from(k.key));
    }
  }

  get currentId(): string {
    return this.current.id;
  }

  has(keyId: string): boolean {
    return this.keys.has(keyId);
  }

  get ids(): string[] {
    return [...this.keys.keys()];
  }

  seal(plaintext: string, aad: string): { keyId: string; sealed: string } {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.current.key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(aad, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const parts = [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64url'));
    return { keyId: this.current.id, sealed: [VERSION, ...parts].join('.') };
  }

  /** Throws KeyringError, naming only the key id, when the key is unknown or the value was altered. */
  open(keyId: string, sealed: string, aad: string): string {
    const key = this.keys.get(keyId);
    if (!key) throw new KeyringError(`data key "${keyId}" is not configured (set it in PLEDGE_DATA_KEYS_OLD)`);
    const [version, iv, tag, body] = sealed.split('.');
    if (version !== VERSION || iv === undefined || tag === undefined || body === undefined) {
      throw new KeyringError(`a value sealed with key "${keyId}" is not in the ${VERSION} format`);
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'), { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(aad, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new KeyringError(`a value sealed with key "${keyId}" does not open: wrong key, or altered`);
    }
  }
}

/** A fresh random key, for the generated development key and for tests. */
export function generateKey(id: string): DataKey {
  return { id, key: randomBytes(KEY_BYTES) };
}

// The process's keyring, installed once by the composition root (main.ts, cli.ts) or a test setup.
// Stores reach it here instead of through every service's deps (see SECURITY.md, "Keys").
let active: Keyring | undefined;

export function useKeyring(keyring: Keyring | undefined): void {
  active = keyring;
}

export function activeKeyring(): Keyring {
  if (!active) throw new KeyringError('no data key is configured: set PLEDGE_DATA_KEY (see SECURITY.md)');
  return active;
}
