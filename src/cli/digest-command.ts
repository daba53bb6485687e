/**
 * `pledge digest [--now <ISO>] [--dry-run] [--group <id>]`: today's digest per group channel.
 * --dry-run prints each digest as the channel would read it (the Slack message, flattened) and
 * queues nothing; otherwise the digests are queued through the outbox, once per channel per
 * local day as the schedule does, and the running bot's outbox delivers them.
 */
import { FixedClock, systemClock } from '../clock';
import { ConfigError } from '../config';
import { digestFor, sendDigests } from '../services/digest';
import { digestMessage } from '../slack/blocks/digest';
import { messageAsText } from '../slack/blocks/plain-text';
import { option, parseNow } from './args';
import { openToolContext, releaseQueued } from './tool-context';

const KNOWN = ['--now', '--group', '--dry-run'];
const WITH_VALUE = new Set(['--now', '--group']);

const OUTCOME = {
  queued: 'queued',
  already_sent: 'already sent today: nothing queued',
  not_a_working_day: 'not a working day: skipped',
} as const;

export async function digestCommand(argv: string[]): Promise<number> {
  let now: Date;
  try {
    for (let i = 0; i < argv.length; i++) {
      const flag = argv[i]!;
      if (!KNOWN.includes(flag)) throw new ConfigError(`Unknown argument ${JSON.stringify(flag)}; expected ${KNOWN.join(', ')}.`);
      if (WITH_VALUE.has(flag) && argv[++i] === undefined) throw new ConfigError(`${flag} needs a value.`);
    }
    now = parseNow(argv, systemClock.now());
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    return 2;
  }
  const dryRun = argv.includes('--dry-run');
  const only = option(argv, 'group');
  const ctx = await openToolContext(new FixedClock(now));
  try {
    const { config, deps } = ctx;
    const groups = config.groups.filter((g) => !only || g.id === only);
    if (groups.length === 0) {
      console.error(`--group must be one of ${config.groups.map((g) => g.id).join(', ')} (got ${JSON.stringify(only)}).`);
      return 2;
    }
    if (dryRun) {
      console.log(`Digest at ${now.toISOString()} (dry run: nothing queued):`);
      for (const g of groups) {
        const calendar = deps.calendarFor(g.id);
        const day = calendar.localDate(now);
        const skipped = config.digest.skipNonWorkingDays && !calendar.isWorkingDay(day);
        console.log(`\n== ${g.id} -> ${g.channel}${skipped ? ` (${day} is not a working day: the schedule would skip it)` : ''}`);
        console.log(messageAsText(digestMessage({ locale: config.locale }, await digestFor(deps, g.id))));
      }
      return 0;
    }
    const results = await sendDigests(deps, groups.map((g) => g.id));
    await releaseQueued(ctx, now, systemClock.now());
    console.log(`Digest at ${now.toISOString()}:`);
    for (const r of results) console.log(`  ${r.groupId} -> ${config.groups.find((g) => g.id === r.groupId)?.channel}: ${OUTCOME[r.outcome]}`);
    if (results.some((r) => r.outcome === 'queued')) console.log('The running bot delivers what was queued (see `pledge outbox`).');
    return 0;
  } finally {
    await ctx.close();
  }
}
