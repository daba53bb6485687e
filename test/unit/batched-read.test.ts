/** db/batched-read.ts: concurrent reads share statements, and none is answered by a statement sent before it was asked (issue 13, point 13). */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { batchedRead } from '../../src/db/batched-read';

/** A reader whose statements the test finishes by hand, recording the keys each was sent with. */
function controlledReader(value: (key: string) => string = (k) => `v:${k}`, spacingMs = 0) {
  const statements: { keys: string[]; finish(): void; fail(error: Error): void }[] = [];
  const read = batchedRead(
    (keys: string[]) =>
      new Promise<Map<string, string>>((resolve, reject) => {
        statements.push({ keys, finish: () => resolve(new Map(keys.map((k) => [k, value(k)]))), fail: reject });
      }),
    3,
    spacingMs,
  );
  return { read, statements };
}

/** Lets the event loop turn once: the reader's promise callbacks and setImmediate run, no timer. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('batchedRead', () => {
  it('reads a lone key in a statement of its own once the event loop turns, with no timer', async () => {
    const { read, statements } = controlledReader();
    const value = read('a');
    await settle();
    expect(statements.map((s) => s.keys)).toEqual([['a']]);
    statements[0]!.finish();
    expect(await value).toBe('v:a');
  });

  it('sends the keys asked for in the same turn of the event loop in one statement (the visits a burst brings in at once)', async () => {
    const { read, statements } = controlledReader();
    const values = [read('a'), read('b'), read('a')];
    await settle();
    expect(statements.map((s) => s.keys)).toEqual([['a', 'b']]);
    statements[0]!.finish();
    expect(await Promise.all(values)).toEqual(['v:a', 'v:b', 'v:a']);
  });

  it('sends the keys asked for while a statement runs together in the next one, each key once', async () => {
    const { read, statements } = controlledReader();
    const first = read('a');
    await settle();
    const later = [read('b'), read('c'), read('b')];
    expect(statements).toHaveLength(1);
    statements[0]!.finish();
    await first;
    await settle();
    expect(statements.map((s) => s.keys)).toEqual([['a'], ['b', 'c']]);
    statements[1]!.finish();
    expect(await Promise.all(later)).toEqual(['v:b', 'v:c', 'v:b']);
  });

  it('never answers a key with the statement under way when it was asked, even for the same key', async () => {
    const { read, statements } = controlledReader();
    const before = read('a');
    await settle();
    const after = read('a');
    statements[0]!.finish();
    expect(await before).toBe('v:a');
    let answered = false;
    void after.then(() => (answered = true));
    await settle();
    expect(answered).toBe(false);
    expect(statements.map((s) => s.keys)).toEqual([['a'], ['a']]);
    statements[1]!.finish();
    expect(await after).toBe('v:a');
  });

  it('caps a statement at its batch size; the rest wait for the next', async () => {
    const { read, statements } = controlledReader();
    const first = read('a');
    await settle();
    const rest = ['b', 'c', 'd', 'e'].map((k) => read(k));
    statements[0]!.finish();
    await first;
    await settle();
    expect(statements[1]!.keys).toEqual(['b', 'c', 'd']);
    statements[1]!.finish();
    await Promise.all(rest.slice(0, 3));
    await settle();
    expect(statements[2]!.keys).toEqual(['e']);
    statements[2]!.finish();
    expect(await Promise.all(rest)).toEqual(['v:b', 'v:c', 'v:d', 'v:e']);
  });

  it('answers undefined for a key the statement did not find', async () => {
    const read = batchedRead(async (keys: string[]) => new Map(keys.filter((k) => k !== 'gone').map((k) => [k, k.length])));
    expect(await Promise.all([read('gone'), read('here')])).toEqual([undefined, 4]);
  });

  it('fails only the requests of a failed statement, and reads on afterwards', async () => {
    const { read, statements } = controlledReader();
    const first = read('a');
    await settle();
    const failing = [read('b'), read('c')];
    statements[0]!.finish();
    await first;
    await settle();
    const after = read('d');
    statements[1]!.fail(new Error('connection lost'));
    for (const r of failing) await expect(r).rejects.toThrow('connection lost');
    await settle();
    expect(statements[2]!.keys).toEqual(['d']);
    statements[2]!.finish();
    expect(await after).toBe('v:d');
  });

  describe('with statements spaced (a burst of visits)', () => {
    // Timers and performance.now() are the fake clock's; setImmediate stays real, so settle() still turns the loop.
    afterEach(() => void vi.useRealTimers());
    const fakeClock = () => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });

    it('holds the keys asked for within spacingMs of the last statement until then, and sends them together', async () => {
      fakeClock();
      const { read, statements } = controlledReader(undefined, 5);
      const first = read('a');
      await settle();
      const later = [read('b')];
      vi.advanceTimersByTime(2);
      statements[0]!.finish();
      await first;
      later.push(read('c'));
      await settle();
      expect(statements).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(2);
      await settle();
      expect(statements).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(1);
      await settle();
      expect(statements.map((s) => s.keys)).toEqual([['a'], ['b', 'c']]);
      statements[1]!.finish();
      expect(await Promise.all(later)).toEqual(['v:b', 'v:c']);
    });

    it('sends a lone key after a quiet spell without a timer', async () => {
      fakeClock();
      const { read, statements } = controlledReader(undefined, 5);
      const first = read('a');
      await settle();
      statements[0]!.finish();
      await first;
      vi.advanceTimersByTime(5);
      const second = read('b');
      await settle();
      expect(statements.map((s) => s.keys)).toEqual([['a'], ['b']]);
      statements[1]!.finish();
      expect(await second).toBe('v:b');
    });
  });
});
