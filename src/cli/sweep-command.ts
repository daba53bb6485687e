/**
 * `pledge sweep [--now <ISO time>] [--dry-run] [--per-transaction <n>]`: one sweep at that
 * instant, and what it did.
 */
import { FixedClock, systemClock } from '../clock';
import { DEFAULT_PER_TRANSACTION, sweep, SweepIncomplete, type SweepReport } from '../services/sweep';
import { parseNow, wholeNumberOption } from './args';
import { openToolContext, releaseQueued } from './tool-context';

export async function sweepCommand(argv: string[]): Promise<number> {
  const now = parseNow(argv, systemClock.now());
  const dryRun = argv.includes('--dry-run');
  const perTransaction = wholeNumberOption(argv, 'per-transaction', DEFAULT_PER_TRANSACTION, 1);
  const ctx = await openToolContext(new FixedClock(now));
  try {
    const verb = dryRun ? 'would' : 'did';
    console.log(`Sweep at ${now.toISOString()}${dryRun ? ' (dry run: nothing changed)' : ''}:`);
    // Each line is printed once its step has committed, so an interrupted sweep shows what it did.
    const onLine = (line: { reference: string; stage: string; act: string }) => console.log(`  ${line.reference}  ${line.stage.padEnd(16)}  ${verb} ${line.act}`);
    const report = await sweep(ctx.deps, { dryRun, perTransaction, onLine }).catch((error: unknown) => {
      if (!(error instanceof SweepIncomplete)) throw error;
      summarise(error.report);
      console.error(error.message);
      return undefined;
    });
    if (!dryRun) await releaseQueued(ctx, now, systemClock.now());
    if (!report) return 1;
    if (report.lines.length === 0) console.log('  nothing due.');
    if (!dryRun) summarise(report);
    return 0;
  } finally {
    await ctx.close();
  }
}

function summarise(report: SweepReport) {
  console.log(
    `  ${report.warned} warned, ${report.escalated} escalated, ${report.breached} breached, ${report.deferred} deferred to working hours, ${report.handedUp} handed up, ${report.archived} archived, ${report.pausesEnded} waits past sla.maxPause` +
      (report.failed ? `, ${report.failed} failed.` : '.'),
  );
}
