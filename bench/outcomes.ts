/**
 * What became of each request the end-to-end bench sends. Slack's HTTP 200 is only the ack:
 * Pledge does the work after it, and answers a refusal later, in words, through the request's
 * response_url (or, for a filing saved after its ack, a DM). So an outcome is one of: done (its
 * change is in the database), refused (Pledge's answer, word for word), failed (not a 200), or
 * silent (neither within the net). One loop reads the complaints and the stand-in's calls for
 * every request waiting, rather than each request polling the database on its own.
 */
import type { PrismaClient } from '../src/db/generated/client';
import type { RecordedCall } from '../test/support/slack-stand-in';

export type Outcome =
  | { kind: 'done'; ms: number }
  | { kind: 'refused'; text: string }
  | { kind: 'failed'; text: string }
  | { kind: 'silent'; text: string };

export interface ComplaintRow {
  id: string;
  submissionKey: string | null;
  ownerId: string;
  status: string;
}

/** One look at everything an outcome can show in. */
export interface Seen {
  byKey: ReadonlyMap<string, ComplaintRow>;
  byId: ReadonlyMap<string, ComplaintRow>;
  /** The stand-in's calls so far (response_url answers are method 'response_url', args._path their hook). */
  calls: readonly RecordedCall[];
}

/** What a request waits for: its change (`done`), or Pledge's answer in words (`refused`). */
export interface Expect {
  done(seen: Seen): boolean;
  refused(seen: Seen): string | undefined;
}

interface Waiter {
  expect: Expect;
  sentAt: number;
  resolve(outcome: Outcome): void;
}

export class OutcomeWatch {
  private readonly waiters = new Set<Waiter>();
  private running: Promise<void> | undefined;
  private errors = 0;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly calls: readonly RecordedCall[],
    /** How long a request may take to show its outcome before it counts as silent. */
    private readonly withinMs: number,
    private readonly everyMs = 100,
  ) {}

  /** Waits for what `expect` describes, timed from `sentAt` (when the request was written). */
  outcome(sentAt: number, expect: Expect): Promise<Outcome> {
    const waiting = new Promise<Outcome>((resolve) => this.waiters.add({ expect, sentAt, resolve }));
    this.running ??= this.loop().finally(() => (this.running = undefined));
    return waiting;
  }

  /** Reads made while waiting that failed (the loop tries again at its next tick). */
  get readErrors(): number {
    return this.errors;
  }

  private async loop(): Promise<void> {
    while (this.waiters.size > 0) {
      await new Promise((r) => setTimeout(r, this.everyMs));
      let rows: ComplaintRow[];
      try {
        rows = await this.prisma.complaint.findMany({ select: { id: true, submissionKey: true, ownerId: true, status: true } });
      } catch {
        this.errors += 1;
        continue;
      }
      const seen: Seen = {
        byKey: new Map(rows.flatMap((r) => (r.submissionKey ? [[r.submissionKey, r] as const] : []))),
        byId: new Map(rows.map((r) => [r.id, r])),
        calls: this.calls,
      };
      const now = performance.now();
      for (const w of [...this.waiters]) {
        // A refusal changes nothing, so whatever is seen done beside it is someone else's doing.
        const refusal = w.expect.refused(seen);
        const outcome: Outcome | undefined =
          refusal !== undefined
            ? { kind: 'refused', text: refusal }
            : w.expect.done(seen)
              ? { kind: 'done', ms: now - w.sentAt }
              : now - w.sentAt > this.withinMs
              ? { kind: 'silent', text: `neither done nor answered within ${this.withinMs / 1000} s` }
              : undefined;
        if (!outcome) continue;
        this.waiters.delete(w);
        w.resolve(outcome);
      }
    }
  }
}

/** The text of the response_url answer posted to `hook` (e.g. '/hooks/a-7'), if one came. */
export function answeredAt(seen: Seen, hook: string): string | undefined {
  const call = seen.calls.find((c) => c.method === 'response_url' && c.args._path === hook);
  return call ? String(call.args.text ?? JSON.stringify(call.args)) : undefined;
}
