/**
 * db/batched-write.ts: rows handed in while a statement runs share the next one (group commit),
 * each write resolves only once its own statement is done, and a row the database refuses fails
 * alone (issue 14, point 11).
 */
import { describe, expect, it } from 'vitest';
import { batchedWrite } from '../../src/db/batched-write';

/** A writer whose statements the test finishes by hand, recording the rows each was sent with. */
function controlledWriter(maxBatch = 3) {
  const statements: { rows: string[]; finish(): void; fail(error: Error): void }[] = [];
  const write = batchedWrite(
    (rows: string[]) =>
      new Promise<void>((resolve, reject) => {
        statements.push({ rows, finish: resolve, fail: reject });
      }),
    maxBatch,
  );
  return { write, statements };
}

/** Lets the writer's promise callbacks run (no timers: only queued microtasks and I/O). */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Tracks whether a promise has settled yet, and how. */
function watch(p: Promise<void>) {
  const state = { done: false, failed: undefined as unknown };
  p.then(
    () => (state.done = true),
    (error: unknown) => {
      state.done = true;
      state.failed = error;
    },
  );
  return state;
}

describe('batchedWrite', () => {
  it('writes a lone row at once, in a statement of its own', async () => {
    const { write, statements } = controlledWriter();
    const written = write('a');
    expect(statements.map((s) => s.rows)).toEqual([['a']]);
    statements[0]!.finish();
    await written;
  });

  it('writes the rows handed in while a statement runs together in the next one', async () => {
    const { write, statements } = controlledWriter();
    const first = write('a');
    const later = [write('b'), write('c')].map(watch);
    expect(write.pending()).toBe(3);
    statements[0]!.finish();
    await first;
    await settle();
    expect(statements.map((s) => s.rows)).toEqual([['a'], ['b', 'c']]);
    // Not answered before the statement carrying them is done: an answer is about a committed row.
    expect(later.map((l) => l.done)).toEqual([false, false]);
    statements[1]!.finish();
    await settle();
    expect(later).toEqual([{ done: true, failed: undefined }, { done: true, failed: undefined }]);
  });

  it('tells when rows are pending: under way or waiting for the statement under way', async () => {
    const { write, statements } = controlledWriter();
    let seen = false;
    const waited = write.whenPending(3).then(() => (seen = true));
    const written = [write('a'), write('b')];
    await settle();
    expect(seen).toBe(false);
    written.push(write('c'));
    await waited;
    statements[0]!.finish();
    await settle();
    expect(write.pending()).toBe(2);
    statements[1]!.finish();
    await Promise.all(written);
    expect(write.pending()).toBe(0);
  });

  it('caps a statement at its batch size; the rest wait for the next', async () => {
    const { write, statements } = controlledWriter();
    const first = write('a');
    const rest = ['b', 'c', 'd', 'e'].map((r) => write(r));
    statements[0]!.finish();
    await first;
    await settle();
    expect(statements[1]!.rows).toEqual(['b', 'c', 'd']);
    statements[1]!.finish();
    await settle();
    expect(statements[2]!.rows).toEqual(['e']);
    statements[2]!.finish();
    await Promise.all(rest);
  });

  it('writes the rows of a failed shared statement again one by one: a row refused fails alone', async () => {
    const { write, statements } = controlledWriter();
    const first = write('a');
    const shared = ['b', 'bad', 'c'].map((r) => watch(write(r)));
    statements[0]!.finish();
    await first;
    await settle();
    statements[1]!.fail(new Error('invalid input'));
    await settle();
    expect(statements.slice(2).map((s) => s.rows)).toEqual([['b'], ['bad'], ['c']]);
    // None of them is answered by the failed statement.
    expect(shared.map((s) => s.done)).toEqual([false, false, false]);
    statements[2]!.finish();
    statements[3]!.fail(new Error('invalid input'));
    statements[4]!.finish();
    await settle();
    expect(shared.map((s) => [s.done, (s.failed as Error | undefined)?.message])).toEqual([[true, undefined], [true, 'invalid input'], [true, undefined]]);
  });

  it('fails every row when the database fails each of them, and writes on afterwards', async () => {
    const { write, statements } = controlledWriter();
    const first = write('a');
    const failing = [write('b'), write('c')];
    statements[0]!.finish();
    await first;
    await settle();
    statements[1]!.fail(new Error('connection lost'));
    await settle();
    const after = write('d');
    statements[2]!.fail(new Error('connection lost'));
    statements[3]!.fail(new Error('connection lost'));
    for (const r of failing) await expect(r).rejects.toThrow('connection lost');
    await settle();
    expect(statements[4]!.rows).toEqual(['d']);
    statements[4]!.finish();
    await after;
  });
});
