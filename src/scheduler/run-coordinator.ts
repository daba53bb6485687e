/**
 * node-cron's RunCoordinator backed by the database: each fire of a distributed task is keyed
 * by its name and slot ("sweep:2026-11-30T02:01:00.000Z"), and only the replica that inserts
 * that key's lease row runs it. The others skip. Every replica must use the same database.
 */
import type { RunCoordinator } from 'node-cron';
import type { Clock } from '../clock';
import { forgetLeasesBefore, takeLease } from '../db/leases';
import type { Store } from '../db/tx';

const DAY_MS = 86_400_000;

export class DatabaseRunCoordinator implements RunCoordinator {
  private lastCleanup = 0;

  constructor(
    private readonly prisma: Store,
    private readonly holder: string,
    private readonly clock: Clock,
  ) {}

  async shouldRun(key: string): Promise<boolean> {
    const split = key.lastIndexOf(':', key.length - 20); // the slot's ISO time contains colons too
    const job = split > 0 ? key.slice(0, split) : key;
    const slot = new Date(split > 0 ? key.slice(split + 1) : Number.NaN);
    if (Number.isNaN(slot.getTime())) throw new Error(`unexpected run key ${key}`);
    const now = this.clock.now();
    if (now.getTime() - this.lastCleanup > DAY_MS) {
      this.lastCleanup = now.getTime();
      await forgetLeasesBefore(this.prisma, new Date(now.getTime() - 7 * DAY_MS));
    }
    return takeLease(this.prisma, job, slot, this.holder, now);
  }
}
