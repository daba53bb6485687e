/**
 * db/batched-write.ts: rows handed in while a statement runs share the next one (group commit),
 * each write resolves only once its own statement is done, and a row the database refuses fails
 * alone (issue 14, point 11).
 */
import { describe, expect, it, vi } from 'vitest';
import { batchedWrite, type Gather } from '../../src/db/batched-write';

/** A writer whose statements the test finishes by hand, recording the rows each was sent with. */
function controlledWriter(maxBatch = 3, gather?: Gather) {
  const statements: { rows: string[]; finish(): void; fail(error: Error): void }[] = [];
  const write = batchedWrite(
    (rows: string[]) =>
      new Promise<void>((resolve, reject) => {
        statements.push({ rows, finish: resolve, fail: reject });
      }),
    maxBatch,
    gather,
  );
  return { write, statements };
}

/** Far beyond any machine's pace: a wait that must end on its own reason, not on time. */
const LONG_MS = 600_000;

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

  describe('gathering a burst that is still arriving', () => {
    it('holds the statement while more rows are coming, then writes them together', async () => {
      let coming = true;
      const { write, statements } = controlledWriter(3, { coming: () => coming, maxWaitMs: LONG_MS });
      const first = write('a');
      await settle();
      expect(statements).toEqual([]);
      expect(write.pending()).toBe(1);
      const second = write('b');
      coming = false;
      await vi.waitFor(() => expect(statements.map((s) => s.rows)).toEqual([['a', 'b']]), { timeout: LONG_MS, interval: 1 });
      statements[0]!.finish();
      await Promise.all([first, second]);
    });

    it('writes a lone row at once when nothing else is coming', async () => {
      const { write, statements } = controlledWriter(3, { coming: () => false, maxWaitMs: LONG_MS });
      const written = write('a');
      expect(statements.map((s) => s.rows)).toEqual([['a']]);
      statements[0]!.finish();
      await written;
    });

    it('holds no longer than maxWaitMs when what was coming never comes', async () => {
      const { write, statements } = controlledWriter(3, { coming: () => true, maxWaitMs: 5 });
      const written = write('a');
      await vi.waitFor(() => expect(statements.map((s) => s.rows)).toEqual([['a']]), { timeout: LONG_MS, interval: 1 });
      statements[0]!.finish();
      await written;
    });

    it('holds no longer once a statement is full', async () => {
      const { write, statements } = controlledWriter(3, { coming: () => true, maxWaitMs: LONG_MS });
      const written = ['a', 'b', 'c'].map((r) => write(r));
      await vi.waitFor(() => expect(statements.map((s) => s.rows)).toEqual([['a', 'b', 'c']]), { timeout: LONG_MS, interval: 1 });
      statements[0]!.finish();
      await Promise.all(written);
    });
  });
});
