/** Reads a posted form (application/x-www-form-urlencoded) with a size limit, before anything else looks at it. */
import type { IncomingMessage } from 'node:http';

/** The page's longest field is an answer of a few thousand characters; three bytes each in UTF-8, encoded. */
export const MAX_FORM_BYTES = 64 * 1024;

export type FormRead = { ok: true; fields: URLSearchParams } | { ok: false; status: 413 | 415 | 400 };

export function readForm(req: IncomingMessage): Promise<FormRead> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') {
    req.resume();
    return Promise.resolve({ ok: false, status: 415 });
  }
  if (Number(req.headers['content-length']) > MAX_FORM_BYTES) {
    req.resume();
    return Promise.resolve({ ok: false, status: 413 });
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > MAX_FORM_BYTES) {
        done = true;
        chunks.length = 0;
        resolve({ ok: false, status: 413 });
      } else chunks.push(chunk);
    });
    req.on('error', () => {
      if (!done) (done = true), resolve({ ok: false, status: 400 });
    });
    req.on('end', () => {
      if (!done) (done = true), resolve({ ok: true, fields: new URLSearchParams(Buffer.concat(chunks).toString('utf8')) });
    });
  });
}
