/**
 * Keeps the dispatcher running: a poll every `intervalMs` (retries, other replicas' rows,
 * anything left by a crash) plus an immediate run when a service says it queued something.
 * Runs never overlap; a kick during a run schedules one more run right after.
 */
import type { Dispatcher } from './dispatcher';

export class OutboxRunner {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;

  constructor(
    private readonly dispatcher: Dispatcher,
    private readonly intervalMs = 2_000,
    private readonly onError: (error: unknown) => void = () => {},
  ) {}

  start(): void {
    this.stopped = false;
    this.timer = setInterval(() => this.kick(), this.intervalMs);
    this.timer.unref();
    this.kick();
  }

  kick = (): void => {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = (async () => {
      do {
        this.again = false;
        try {
          await this.dispatcher.drain();
        } catch (error) {
          this.onError(error);
        }
      } while (this.again && !this.stopped);
    })().finally(() => {
      this.running = undefined;
    });
  };

  /** Resolves when no run is in flight: for tests, and for a clean shutdown. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.idle();
  }
}
