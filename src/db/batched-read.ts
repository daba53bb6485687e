/**
 * Reads by key in shared statements: while one statement runs, the keys asked for meanwhile wait
 * and then go together in the next. Each statement is sent once the event loop has finished the
 * turn it is in (setImmediate, no timer), so the keys of every request that came in on that turn
 * go with it: a burst's connections are read in the same turn, and the first of them no longer
 * went alone with the rest in a second statement. A lone request waits for no timer; on the
 * embedded database its statement would not have run before the next turn anyway (PGlite answers
 * over a loopback socket). Under a burst, fifty page visits cost a few statements instead of
 * fifty; on the embedded database, whose one thread pays about a millisecond per statement
 * whatever it reads, that is most of the time a page takes.
 *
 * `spacingMs` spaces a burst's statements: one is sent no sooner than spacingMs after the one
 * before it was, and the keys asked for meanwhile wait and go together. Visits a few
 * milliseconds apart (fifty browsers opening a page on a quiet machine arrive about one a
 * millisecond or so) otherwise cost a statement for every two or three of them, each paying the
 * statement's fixed cost again on the one thread they share. A key asked for after a quiet
 * spell (the last statement more than spacingMs ago) waits for no timer.
 *
 * Each read is made by a statement sent after its key was asked for, never by one already under
 * way: what it returns is at least as new as the request (a link revoked before a visit is seen
 * as revoked by it). Nothing is kept between statements; this is not a cache.
 */
export function batchedRead<K, V>(read: (keys: K[]) => Promise<Map<K, V>>, maxBatch = 100, spacingMs = 0): (key: K) => Promise<V | undefined> {
  let waiting: { key: K; resolve(value: V | undefined): void; reject(error: unknown): void }[] = [];
  let running = false;
  let lastSent = -Infinity;

  async function drain(): Promise<void> {
    running = true;
    while (waiting.length > 0) {
      const spacing = lastSent + spacingMs - performance.now();
      await (spacing > 0 ? new Promise<void>((resolve) => setTimeout(resolve, Math.ceil(spacing))) : nextTurn());
      lastSent = performance.now();
      const batch = waiting.slice(0, maxBatch);
      waiting = waiting.slice(maxBatch);
      try {
        const found = await read([...new Set(batch.map((w) => w.key))]);
        for (const w of batch) w.resolve(found.get(w.key));
      } catch (error) {
        // The batch's statement failed: each of its requests fails as its own statement would have.
        for (const w of batch) w.reject(error);
      }
    }
    running = false;
  }

  return (key) =>
    new Promise<V | undefined>((resolve, reject) => {
      waiting.push({ key, resolve, reject });
      if (!running) void drain();
    });
}

/** Resolves once the event loop has run the rest of its current turn (the I/O callbacks already due). */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
