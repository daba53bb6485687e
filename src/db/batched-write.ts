/**
 * Writes in shared statements (group commit): while one statement runs, the rows handed in
 * meanwhile wait and then go together in the next, one multi-row statement that commits them
 * all. When nothing runs, a row is written at once, so a lone request waits for nothing. Under
 * a burst, fifty callbacks cost two statements and two commits instead of fifty; on the
 * embedded database, which runs one statement at a time on the thread that also answers, that
 * is most of the time an answer takes.
 *
 * A write's promise resolves only once the statement that carried its row has committed, so an
 * answer given after it is an answer about a durable row. When a shared statement fails, its
 * rows are written again one by one: one row the database refuses (say, text it cannot store)
 * fails alone instead of failing the strangers it shared a statement with; when the database
 * itself is at fault, each fails on its own statement too. Nothing is kept between statements.
 *
 * With `gather`, a statement about to start first waits, briefly, while more rows are known to
 * be on their way (a burst still arriving): otherwise a burst that trickles in, each row
 * landing just after the last statement began, is written a row or two per statement, and on
 * the embedded database each statement costs the thread that answers more than a row does.
 */
export function batchedWrite<R>(write: (rows: R[]) => Promise<void>, maxBatch = 200, gather?: Gather): BatchedWrite<R> {
  let waiting: { row: R; resolve(): void; reject(error: unknown): void }[] = [];
  let running = false;
  let underWay = 0;
  let watchers: (() => void)[] = [];
  const pending = () => waiting.length + underWay;

  async function drain(): Promise<void> {
    running = true;
    while (waiting.length > 0) {
      if (gather?.coming()) await gathered(gather);
      const batch = waiting.slice(0, maxBatch);
      waiting = waiting.slice(maxBatch);
      underWay = batch.length;
      try {
        await write(batch.map((w) => w.row));
        for (const w of batch) w.resolve();
      } catch (error) {
        if (batch.length === 1) batch[0]!.reject(error);
        else await Promise.all(batch.map((w) => write([w.row]).then(w.resolve, w.reject)));
      }
      underWay = 0;
    }
    running = false;
  }

  /** Resolves once no more rows are coming, the batch is full, or `maxWaitMs` has passed. */
  async function gathered({ coming, maxWaitMs }: Gather): Promise<void> {
    const started = performance.now();
    // Re-checked each millisecond: the rows on their way are a few milliseconds apart.
    while (waiting.length < maxBatch && coming() && performance.now() - started < maxWaitMs) {
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
  }

  const writeOne = (row: R) =>
    new Promise<void>((resolve, reject) => {
      waiting.push({ row, resolve, reject });
      for (const watch of watchers.splice(0)) watch();
      if (!running) void drain();
    });
  return Object.assign(writeOne, {
    pending,
    whenPending(n: number): Promise<void> {
      return new Promise<void>((resolve) => {
        const check = () => (pending() >= n ? resolve() : watchers.push(check));
        check();
      });
    },
  });
}

/** When more rows are on their way (`coming`), and the longest a statement waits for them. */
export interface Gather {
  coming(): boolean;
  maxWaitMs: number;
}

export interface BatchedWrite<R> {
  /** Resolves once `row` is committed; rejects when the database refused it. */
  (row: R): Promise<void>;
  /** Rows not yet written: in the statement under way, or waiting for it to end. */
  pending(): number;
  /** Resolves once at least `n` rows are pending (tests hold the database and watch a batch form). */
  whenPending(n: number): Promise<void>;
}
