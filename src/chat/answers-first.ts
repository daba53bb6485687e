/**
 * Answers before deliveries. A chat platform waits for Pledge's answer to a callback (WeCom
 * 5 s, then it sends the callback again) while a delivery waits for nobody. On the embedded
 * database both share one connection and the one JavaScript thread that runs it, and acting
 * on a callback costs many times what recording it does, so a dispatcher that starts acting on
 * the first callbacks of a burst makes the rest of the burst wait for it.
 *
 * So requests mark themselves while they are being answered (`begin`), and the dispatcher asks
 * for its `turn` before each delivery: it goes on once no answer has been pending for
 * `lingerMs`, so a burst whose requests arrive a few milliseconds apart (fifty connections
 * opened at once) is answered whole before a delivery starts. It never waits longer than
 * `maxWaitMs` at a time, so a steady stream of callbacks slows deliveries down without
 * stopping them.
 */
export class AnswersFirst {
  private pending = 0;
  private lastEnded = -Infinity;
  private waiters = new Set<() => void>();

  constructor(
    private readonly maxWaitMs = 250,
    private readonly lingerMs = 10,
  ) {}

  /** A request is being answered; call the returned function (once or more) when it has been. */
  begin(): () => void {
    this.pending++;
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.pending--;
      this.lastEnded = performance.now();
      if (this.pending === 0) for (const wake of [...this.waiters]) wake();
    };
  }

  /** How many answers are pending now. */
  answering(): number {
    return this.pending;
  }

  /** Resolves once no answer has been pending for lingerMs, or after maxWaitMs. */
  turn(): Promise<void> {
    if (this.quietFor() >= this.lingerMs) return Promise.resolve();
    return new Promise<void>((resolve) => {
      let linger: NodeJS.Timeout | undefined;
      const done = () => {
        clearTimeout(timer);
        clearTimeout(linger);
        this.waiters.delete(wake);
        resolve();
      };
      // At zero pending, wait out the rest of the linger. An answer begun meanwhile wakes this
      // again when it ends; a timer a little early (they round) just waits the remainder.
      const wake = () => {
        clearTimeout(linger);
        linger = setTimeout(() => {
          if (this.pending > 0) return;
          if (this.quietFor() >= this.lingerMs - 1) done();
          else wake();
        }, Math.max(0, this.lingerMs - this.quietFor()));
      };
      const timer = setTimeout(done, this.maxWaitMs);
      this.waiters.add(wake);
      if (this.pending === 0) wake();
    });
  }

  /** How long no answer has been pending: 0 while one is. */
  private quietFor(): number {
    return this.pending > 0 ? 0 : performance.now() - this.lastEnded;
  }
}
