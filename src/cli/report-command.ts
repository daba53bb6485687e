/**
 * `pledge report --period <2026-Q4|2026-11|2026-W48> [--format md|csv|json] [--chart <file.png>] [--now <ISO>]`
 * `pledge report sample --period <P> --size <N> [--seed <S>] [--now <ISO>]`
 * The report goes to stdout (so csv and json can be piped); notes go to stderr. A bad argument
 * is one line and exit code 2, before the database is opened.
 */
import { writeFileSync } from 'node:fs';
import { FixedClock, systemClock } from '../clock';
import { ConfigError } from '../config';
import { parsePeriod } from '../domain/period';
import { t } from '../i18n';
import { formatReport, isReportFormat, type ReportFormat } from '../reports/format';
import { sampleLines } from '../reports/sample';
import { groupNameOf } from '../services/deps';
import { periodReport, periodSeries, qualitySample } from '../services/report';
import { option, parseNow, wholeNumberOption as wholeNumber } from './args';
import { openToolContext } from './tool-context';

class UsageError extends Error {}

const KNOWN = { report: ['--period', '--format', '--chart', '--now'], sample: ['--period', '--size', '--seed', '--now'] };

interface Args {
  sample: boolean;
  period: string;
  format: ReportFormat;
  chart?: string;
  size: number;
  seed: number;
  now: Date;
}

export async function reportCommand(argv: string[]): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(argv);
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigError) {
      console.error(error.message);
      return 2;
    }
    throw error;
  }
  const ctx = await openToolContext(new FixedClock(args.now));
  try {
    const { config } = ctx;
    const period = parsePeriod(args.period, config.timezone)!; // shape checked in parseArgs
    const groupName = groupNameOf(config);
    if (args.sample) {
      const items = await qualitySample(ctx.deps, period, args.size, args.seed);
      console.log(`Quality sample of ${period.label} (size ${args.size}, seed ${args.seed}): ${items.length} handled complaint(s) (resolved or rejected; withdrawn ones had no handling to review)`);
      for (const line of sampleLines(items, config.locale, groupName)) console.log(line);
      return 0;
    }
    const report = await periodReport(ctx.deps, period);
    process.stdout.write(formatReport(report, args.format, config.locale, (d, key) => (d === 'group' ? groupName(key) : d === 'category' ? groupName.category(key) : key)));
    if (args.chart) {
      // ECharts takes a while to load; only a run that draws pays for it.
      const { renderChartPng } = await import('../reports/chart');
      const series = await periodSeries(ctx.deps, period);
      writeFileSync(args.chart, await renderChartPng(series, { locale: config.locale, title: t(config.locale, 'report.chart.title', { period: period.label }) }));
      console.error(`Chart written to ${args.chart}`);
    }
    return 0;
  } finally {
    await ctx.close();
  }
}

function parseArgs(argv: string[]): Args {
  const sample = argv[0] === 'sample';
  const rest = sample ? argv.slice(1) : argv;
  const known = sample ? KNOWN.sample : KNOWN.report;
  for (let i = 0; i < rest.length; i += 2) {
    const flag = rest[i]!;
    if (!known.includes(flag)) throw new UsageError(`Unknown argument ${JSON.stringify(flag)}; expected ${known.join(', ')}.`);
    if (rest[i + 1] === undefined) throw new UsageError(`${flag} needs a value.`);
  }
  const period = option(rest, 'period');
  if (!period || !parsePeriod(period, 'UTC')) {
    throw new UsageError(`--period must be a quarter, month or ISO week such as 2026-Q4, 2026-11 or 2026-W48 (got ${JSON.stringify(period ?? '')}).`);
  }
  const format = option(rest, 'format') ?? 'md';
  if (!isReportFormat(format)) throw new UsageError(`--format must be one of md, csv, json (got ${JSON.stringify(format)}).`);
  const size = sample ? wholeNumber(rest, 'size', undefined, 1) : 0;
  const seed = sample ? wholeNumber(rest, 'seed', 1, 0) : 1;
  const chart = option(rest, 'chart');
  return { sample, period, format, ...(chart ? { chart } : {}), size, seed, now: parseNow(rest, systemClock.now()) };
}
