/**
 * WeCom's callback encryption (加解密方案): msg_signature = SHA-1 over the sorted token,
 * timestamp, nonce and ciphertext; the ciphertext is AES-256-CBC under the EncodingAESKey
 * (key = base64(EncodingAESKey + '='), IV = its first 16 bytes, PKCS#7 padded to 32 bytes) of
 * 16 random bytes, the message's length (4 bytes, big-endian), the message, and the receiver
 * id (our corp id).
 *
 * @wecom/crypto does the arithmetic; it checks nothing. Its unpadding accepts a bad pad, it
 * reads a length past the end without complaint, and it leaves comparing signatures and the
 * receiver id to us. So the signature is compared here in constant time before anything is
 * decrypted, the ciphertext's shape is checked before it reaches the decipher, and the receiver
 * id must be exactly our corp id: a wrong pad or length leaves garbage where the id should be.
 */
import { timingSafeEqual } from 'node:crypto';
import { decrypt, getSignature } from '@wecom/crypto';

export interface CallbackKeys {
  token: string;
  encodingAesKey: string;
  corpId: string;
}

export type Opened = { ok: true; message: string } | { ok: false; reason: 'signature' | 'ciphertext' | 'receiver' };

/** The query every callback carries (URL-decoded by the caller). */
export interface SignedQuery {
  signature: string;
  timestamp: string;
  nonce: string;
}

/** Verifies the signature over `ciphertext`, then decrypts it and checks it was meant for us. */
export function openCallback(keys: CallbackKeys, query: SignedQuery, ciphertext: string): Opened {
  const expected = Buffer.from(getSignature(keys.token, query.timestamp, query.nonce, ciphertext), 'utf8');
  const given = Buffer.from(query.signature.toLowerCase(), 'utf8');
  // timingSafeEqual needs equal lengths; a length mismatch says nothing about the secret token.
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'signature' };
  // Whole AES blocks of base64, nothing else: the decipher would throw on anything shorter.
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(ciphertext)) return { ok: false, reason: 'ciphertext' };
  const bytes = Buffer.from(ciphertext, 'base64');
  if (bytes.length < 32 || bytes.length % 32 !== 0) return { ok: false, reason: 'ciphertext' };
  let opened: { message: string; id: string };
  try {
    opened = decrypt(keys.encodingAesKey, ciphertext);
  } catch {
    return { ok: false, reason: 'ciphertext' };
  }
  if (!sameText(opened.id, keys.corpId)) return { ok: false, reason: 'receiver' };
  return { ok: true, message: opened.message };
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}
