/**
 * Answers before deliveries. A chat platform waits for Pledge's answer to a callback (WeCom
 * 5 s, then it sends the callback again) while a delivery waits for nobody. On the embedded
 * database both share one connection and the one JavaScript thread that runs it, and acting
 * on a callback costs many times what recording it does, so a dispatcher that starts acting on
 * the first callbacks of a burst makes the rest of the burst wait for it.
 *
 * So requests mark themselves while they are being answered (`begin`), and the dispatcher asks
 * for its `turn` before each statement it would start: it goes on once no answer is pending,
 * after the I/O already received has been read (a burst's later requests are then counted
 * too). It never waits longer than `maxWaitMs` at a time, so a steady stream of callbacks
 * slows deliveries down without stopping them.
 */
export class AnswersFirst {
  private pending = 0;
  private waiters = new Set<() => void>();

  constructor(private readonly maxWaitMs = 250) {}

  /** A request is being answered; call the returned function (once or more) when it has been. */
  begin(): () => void {
    this.pending++;
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.pending--;
      if (this.pending === 0) for (const wake of [...this.waiters]) wake();
    };
  }

  /** How many answers are pending now. */
  answering(): number {
    return this.pending;
  }

  /** Resolves once no answer is pending, or after maxWaitMs. */
  turn(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve();
      };
      // Woken at zero: go once the I/O that has already arrived was read, if nothing began meanwhile.
      const check = () => setImmediate(() => (this.pending === 0 ? done() : undefined));
      const timer = setTimeout(done, this.maxWaitMs);
      this.waiters.add(check);
    });
  }
}
