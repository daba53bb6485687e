/**
 * The checks Pledge adds around @wecom/crypto: a ciphertext that is not whole blocks, a length
 * field that lies, a bad pad, a receiver id that is not ours: each refused with its reason,
 * never thrown, never half-decrypted into a message.
 */
import { createCipheriv } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openCallback } from '../../src/wecom/callback-crypto';
import { encryptForWeCom, signForWeCom, WECOM_AES_KEY, WECOM_TOKEN } from '../support/wecom-callbacks';

const keys = { token: WECOM_TOKEN, encodingAesKey: WECOM_AES_KEY, corpId: 'ww0a1b2c3d4e5f6a7b' };
const signed = (ciphertext: string) => ({ signature: signForWeCom(WECOM_TOKEN, '1764468000', 'n0nce', ciphertext), timestamp: '1764468000', nonce: 'n0nce' });

/** AES-256-CBC of raw bytes under the test key, padded as told: for plaintexts WeCom would never make. */
function sealRaw(plain: Buffer): string {
  const key = Buffer.from(`${WECOM_AES_KEY}=`, 'base64');
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(plain), cipher.final()]).toString('base64');
}

function plaintext(message: string, declaredLength: number, receiver: string, padByte?: number): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(declaredLength);
  const body = Buffer.concat([Buffer.alloc(16, 7), length, Buffer.from(message), Buffer.from(receiver)]);
  const pad = 32 - (body.length % 32);
  return Buffer.concat([body, Buffer.alloc(pad, padByte ?? pad)]);
}

describe('openCallback', () => {
  it('opens what WeCom sealed for us', () => {
    const ciphertext = encryptForWeCom('<xml><MsgId>1</MsgId></xml>', keys.corpId);
    expect(openCallback(keys, signed(ciphertext), ciphertext)).toEqual({ ok: true, message: '<xml><MsgId>1</MsgId></xml>' });
  });

  it('checks the signature before anything else, whatever its case or length', () => {
    const ciphertext = encryptForWeCom('x', keys.corpId);
    const good = signed(ciphertext);
    expect(openCallback(keys, { ...good, signature: good.signature.toUpperCase() }, ciphertext).ok).toBe(true);
    expect(openCallback(keys, { ...good, signature: good.signature.slice(0, 39) }, ciphertext)).toEqual({ ok: false, reason: 'signature' });
    expect(openCallback(keys, { ...good, nonce: 'other' }, ciphertext)).toEqual({ ok: false, reason: 'signature' });
  });

  it('refuses a ciphertext that is not whole 32-byte blocks of base64', () => {
    for (const bad of ['', 'not base64!', Buffer.alloc(16).toString('base64'), Buffer.alloc(40).toString('base64')]) {
      expect(openCallback(keys, signed(bad), bad)).toEqual({ ok: false, reason: 'ciphertext' });
    }
  });

  it('refuses a length field that lies, a bad pad, and another receiver id', () => {
    const lies = sealRaw(plaintext('<xml/>', 4000, keys.corpId));
    expect(openCallback(keys, signed(lies), lies)).toEqual({ ok: false, reason: 'receiver' });
    const short = sealRaw(plaintext('<xml/>', 2, keys.corpId));
    expect(openCallback(keys, signed(short), short)).toEqual({ ok: false, reason: 'receiver' });
    const badPad = sealRaw(plaintext('<xml/>', 6, keys.corpId, 0));
    expect(openCallback(keys, signed(badPad), badPad)).toEqual({ ok: false, reason: 'receiver' });
    const other = sealRaw(plaintext('<xml/>', 6, 'wwffffffffffffffff'));
    expect(openCallback(keys, signed(other), other)).toEqual({ ok: false, reason: 'receiver' });
    const prefixOfOurs = sealRaw(plaintext('<xml/>', 6, keys.corpId.slice(0, -1)));
    expect(openCallback(keys, signed(prefixOfOurs), prefixOfOurs)).toEqual({ ok: false, reason: 'receiver' });
  });
});
