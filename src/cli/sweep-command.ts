/** `pledge sweep [--now <ISO time>] [--dry-run]`: one sweep at that instant, and what it did. */
import { FixedClock, systemClock } from '../clock';
import { sweep } from '../services/sweep';
import { openToolContext, parseNow } from './tool-context';

export async function sweepCommand(argv: string[]): Promise<number> {
  const now = parseNow(argv, systemClock.now());
  const dryRun = argv.includes('--dry-run');
  const ctx = await openToolContext(new FixedClock(now));
  try {
    const verb = dryRun ? 'would' : 'did';
    console.log(`Sweep at ${now.toISOString()}${dryRun ? ' (dry run: nothing changed)' : ''}:`);
    // Each line is printed once its step has committed, so an interrupted sweep shows what it did.
    const report = await sweep(ctx.deps, { dryRun, onLine: (line) => console.log(`  ${line.reference}  ${line.stage.padEnd(16)}  ${verb} ${line.act}`) });
    if (report.lines.length === 0) console.log('  nothing due.');
    if (!dryRun) {
      console.log(
        `  ${report.warned} warned, ${report.escalated} escalated, ${report.breached} breached, ${report.deferred} deferred to working hours, ${report.handedUp} handed up, ${report.archived} archived.`,
      );
    }
    return 0;
  } finally {
    await ctx.close();
  }
}
