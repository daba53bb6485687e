import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadDataKeyEnv, loadEnv } from '../../src/config';
import { generateKey, Keyring, KeyringError, parseKeyMaterial } from '../../src/crypto/keyring';
import { DEV_KEY_FILE, loadKeyring } from '../../src/crypto/load-keyring';

const HEX = 'ab'.repeat(32);
const B64 = Buffer.alloc(32, 7).toString('base64');

describe('Keyring (AES-256-GCM)', () => {
  const k1 = generateKey('k1');
  const ring = new Keyring(k1);

  it('opens what it sealed, with a fresh IV every time', () => {
    const a = ring.seal('13812345678', 'contact:1:value');
    const b = ring.seal('13812345678', 'contact:1:value');
    expect(a.keyId).toBe('k1');
    expect(a.sealed).toMatch(/^v1\.[\w-]{16}\.[\w-]{22}\.[\w-]+$/);
    expect(a.sealed).not.toBe(b.sealed);
    expect(a.sealed).not.toContain('13812345678');
    expect(ring.open('k1', a.sealed, 'contact:1:value')).toBe('13812345678');
    expect(ring.open('k1', ring.seal('王先生 😀', 'x').sealed, 'x')).toBe('王先生 😀');
    expect(ring.open('k1', ring.seal('', 'x').sealed, 'x')).toBe('');
  });

  it('refuses a value moved to another row or field, altered, or sealed with another key', () => {
    const { sealed } = ring.seal('13812345678', 'contact:1:value');
    expect(() => ring.open('k1', sealed, 'contact:2:value')).toThrow(KeyringError);
    expect(() => ring.open('k1', sealed, 'contact:1:name')).toThrow(KeyringError);
    const [v, iv, tag, body] = sealed.split('.');
    const flipped = Buffer.from(body!, 'base64url');
    flipped[0] = flipped[0]! ^ 1;
    expect(() => ring.open('k1', [v, iv, tag, flipped.toString('base64url')].join('.'), 'contact:1:value')).toThrow(/does not open/);
    expect(() => ring.open('k1', 'garbage', 'contact:1:value')).toThrow(/not in the v1 format/);
    expect(() => new Keyring(generateKey('k1')).open('k1', sealed, 'contact:1:value')).toThrow(KeyringError);
    expect(() => ring.open('k0', sealed, 'contact:1:value')).toThrow(/data key "k0" is not configured/);
  });

  it('seals with the current key and opens with old ones', () => {
    const old = ring.seal('a@example.com', 'aad');
    const rotated = new Keyring(generateKey('k2'), [k1]);
    expect(rotated.open('k1', old.sealed, 'aad')).toBe('a@example.com');
    expect(rotated.seal('x', 'aad').keyId).toBe('k2');
    expect(rotated.ids).toEqual(['k2', 'k1']);
  });

  it('checks its keys, and its errors never show key material', () => {
    expect(() => new Keyring({ id: 'k1', key: Buffer.alloc(16) })).toThrow(/32 bytes, got 16/);
    expect(() => new Keyring(k1, [{ ...k1 }])).toThrow(/given twice/);
    expect(() => new Keyring({ id: 'bad id', key: k1.key })).toThrow(/key id/);
  });

  it.each([
    [HEX, true],
    [HEX.toUpperCase(), true],
    [B64, true],
    [B64.replace(/=$/, ''), true],
    ['ab'.repeat(31), false],
    [Buffer.alloc(16).toString('base64'), false],
    ['not a key at all', false],
    ['', false],
  ])('parseKeyMaterial(%j) -> %s', (text, ok) => {
    const key = parseKeyMaterial(text);
    expect(key !== undefined).toBe(ok);
    if (key) expect(key.length).toBe(32);
  });
});

describe('PLEDGE_DATA_KEY and friends in the environment', () => {
  const base = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' };
  const problems = (env: Record<string, string>) => {
    try {
      loadEnv({ ...base, ...env });
      return [];
    } catch (e) {
      return (e as ConfigError).problems;
    }
  };

  it('is optional, defaults the key id to k1, and reads old keys', () => {
    expect(loadEnv(base).dataKeys).toEqual({ old: [] });
    const env = loadEnv({ ...base, PLEDGE_DATA_KEY: HEX, PLEDGE_DATA_KEYS_OLD: ` k0:${B64} , dev:${HEX}` });
    expect(env.dataKeys.current?.id).toBe('k1');
    expect(env.dataKeys.current?.key.toString('hex')).toBe(HEX);
    expect(env.dataKeys.old.map((k) => k.id)).toEqual(['k0', 'dev']);
    expect(loadEnv({ ...base, PLEDGE_DATA_KEY: B64, PLEDGE_DATA_KEY_ID: 'k2026' }).dataKeys.current?.id).toBe('k2026');
  });

  it('explains a bad key in one line, naming its length and never its value', () => {
    const secret = 'c2VjcmV0LXRoYXQtaXMtdG9vLXNob3J0';
    const lines = problems({ PLEDGE_DATA_KEY: secret });
    expect(lines).toEqual([
      `PLEDGE_DATA_KEY must be 32 random bytes written as base64 (44 characters) or as 64 hex characters; generate one with \`openssl rand -base64 32\` (got ${secret.length} characters).`,
    ]);
    expect(lines.join()).not.toContain(secret);
  });

  it('refuses a bad key id, an id without a key, malformed or repeated old keys', () => {
    expect(problems({ PLEDGE_DATA_KEY: HEX, PLEDGE_DATA_KEY_ID: 'has space' })[0]).toMatch(/^PLEDGE_DATA_KEY_ID must be/);
    expect(problems({ PLEDGE_DATA_KEY_ID: 'k2' })[0]).toMatch(/PLEDGE_DATA_KEY is not/);
    expect(problems({ PLEDGE_DATA_KEY: HEX, PLEDGE_DATA_KEYS_OLD: `k0:${HEX},oops` })[0]).toMatch(/^PLEDGE_DATA_KEYS_OLD entry 2 must be "<id>:<key>"/);
    expect(problems({ PLEDGE_DATA_KEY: HEX, PLEDGE_DATA_KEYS_OLD: `k1:${B64}` })[0]).toMatch(/names key id "k1" again/);
    expect(problems({ PLEDGE_DATA_KEY: HEX, PLEDGE_DATA_KEYS_OLD: `k0:${B64},k0:${HEX}` })[0]).toMatch(/"k0" again/);
    expect(problems({ PLEDGE_DATA_KEYS_OLD: 'k0:short' }).join()).not.toContain('short');
  });

  it('loadDataKeyEnv reads the keys alone, for the CLI', () => {
    expect(loadDataKeyEnv({ PLEDGE_DATA_KEY: HEX }).current?.id).toBe('k1');
    expect(() => loadDataKeyEnv({ PLEDGE_DATA_KEY: 'x' })).toThrow(ConfigError);
  });
});

describe('loadKeyring: which key this process runs with', () => {
  const dirs: string[] = [];
  const dataDir = () => {
    const d = mkdtempSync(join(tmpdir(), 'pledge-keys-'));
    dirs.push(d);
    return join(d, 'data');
  };
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('embedded and no key: generates one once, mode 600, and warns loudly every time', () => {
    const dir = dataDir();
    const first = loadKeyring({ old: [] }, { kind: 'embedded', dataDir: dir });
    const file = join(dir, DEV_KEY_FILE);
    expect(existsSync(file)).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(first.keyring.currentId).toBe('dev');
    expect(first.warnings).toHaveLength(1);
    expect(first.warnings[0]).toMatch(/^WARNING: PLEDGE_DATA_KEY is not set\..*anyone with a copy of .* can read them/);
    const again = loadKeyring({ old: [] }, { kind: 'embedded', dataDir: dir });
    const sealed = first.keyring.seal('13812345678', 'aad');
    expect(again.keyring.open('dev', sealed.sealed, 'aad')).toBe('13812345678');
    expect(again.warnings).toHaveLength(1);
    expect(readFileSync(file, 'utf8')).toMatch(/^dev:[A-Za-z0-9+/]{43}=\n$/);
  });

  it('a PostgreSQL server and no key: refuses to start, saying how to make one', () => {
    expect(() => loadKeyring({ old: [] }, { kind: 'server', url: 'postgresql://x@h/db' })).toThrow(
      /^PLEDGE_DATA_KEY is not set\. With a PostgreSQL server .*openssl rand -base64 32/,
    );
  });

  it('a key set beside a leftover generated key: seals with the key, still opens with the old one, and says so', () => {
    const dir = dataDir();
    const dev = loadKeyring({ old: [] }, { kind: 'embedded', dataDir: dir }).keyring;
    const old = dev.seal('a@example.com', 'aad');
    const k1 = generateKey('k1');
    const { keyring, warnings } = loadKeyring({ current: k1, old: [] }, { kind: 'embedded', dataDir: dir });
    expect(keyring.currentId).toBe('k1');
    expect(keyring.open('dev', old.sealed, 'aad')).toBe('a@example.com');
    expect(warnings[0]).toMatch(/generated development data key is still in .*pledge keys rotate/);
    expect(loadKeyring({ current: k1, old: [] }, { kind: 'server', url: 'postgresql://x@h/db' }).warnings).toEqual([]);
  });

  it('refuses a key file that is not one', () => {
    const dir = dataDir();
    loadKeyring({ old: [] }, { kind: 'embedded', dataDir: dir });
    writeFileSync(join(dir, DEV_KEY_FILE), 'nonsense');
    expect(() => loadKeyring({ old: [] }, { kind: 'embedded', dataDir: dir })).toThrow(/is not a Pledge data key file/);
  });
});
