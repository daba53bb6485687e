/**
 * Command line of `npm run bench`: which sections to run and how. Sections are named on the
 * command line (`npm run bench -- ack`); none named runs them all.
 */
export type DbKind = 'embedded' | 'server';

export interface BenchOptions {
  sections: string[];
  /** Measured rounds per app (after warm-up); each round is `concurrency` requests at once. */
  rounds: number;
  warmupRounds: number;
  concurrency: number;
  /** The database of sections that run on one (ack); `--db both` leaves it embedded. */
  db: DbKind;
  /** The databases of sections that compare both (sweep, digest, report): both unless --db names one. */
  dbs: DbKind[];
  /** Open complaints the sweep runs over, one measurement per size (`--sizes 10000,100000`). */
  sweepSizes: number[];
  /** Clocks due at each sweep. */
  due: number;
  /** Open and closed complaints behind the digest and report sections. */
  open: number;
  closed: number;
  /** Timed repetitions per measurement (sweep, digest, report); each section has its default. */
  repeats?: number;
}

/** What one section hands back: lines for people, one object for the BENCH line. */
export interface SectionResult {
  lines: string[];
  json: Record<string, unknown>;
}

export interface Section {
  title: string;
  run(options: BenchOptions): Promise<SectionResult>;
  /** Called once after every section ran: sections may share a seeded database until then. */
  dispose?(): Promise<void>;
}

const USAGE =
  'usage: npm run bench -- [section ...] [--rounds N] [--warmup N] [--concurrency N] [--db embedded|server|both]\n' +
  '         [--sizes N,N] [--due N] [--open N] [--closed N] [--repeats N]';

export function parseOptions(argv: readonly string[], known: readonly string[]): BenchOptions {
  const options: BenchOptions = {
    sections: [],
    rounds: 20,
    warmupRounds: 5,
    concurrency: 50,
    db: 'embedded',
    dbs: ['embedded', 'server'],
    sweepSizes: [10_000, 100_000],
    due: 200,
    open: 10_000,
    closed: 100_000,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.startsWith('--') ? arg.split('=', 2) : [arg, undefined];
    const value = () => inline ?? argv[++i] ?? fail(`Expected a value after ${flag}`);
    switch (flag) {
      case '--rounds':
        options.rounds = positiveInt(flag, value());
        break;
      case '--warmup':
        options.warmupRounds = positiveInt(flag, value(), 0);
        break;
      case '--concurrency':
        options.concurrency = positiveInt(flag, value());
        break;
      case '--db': {
        const kind = value();
        if (kind === 'both') {
          options.db = 'embedded';
          options.dbs = ['embedded', 'server'];
          break;
        }
        if (kind !== 'embedded' && kind !== 'server') fail(`Expected --db to be one of embedded, server, both; got ${JSON.stringify(kind)}`);
        options.db = kind;
        options.dbs = [kind];
        break;
      }
      case '--sizes':
        options.sweepSizes = value().split(',').map((n) => positiveInt(flag, n.trim()));
        break;
      case '--due':
        options.due = positiveInt(flag, value());
        break;
      case '--open':
        options.open = positiveInt(flag, value(), 0);
        break;
      case '--closed':
        options.closed = positiveInt(flag, value(), 0);
        break;
      case '--repeats':
        options.repeats = positiveInt(flag, value());
        break;
      case '--help':
      case '-h':
        console.log(`${USAGE}\nsections: ${known.join(', ')}`);
        process.exit(0);
      default:
        if (flag!.startsWith('-')) fail(`Unknown option ${flag}`);
        if (!known.includes(arg)) fail(`Expected a section, one of ${known.join(', ')}; got ${JSON.stringify(arg)}`);
        options.sections.push(arg);
    }
  }
  if (options.sections.length === 0) options.sections = [...known];
  return options;
}

function positiveInt(flag: string, text: string, min = 1): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) fail(`Expected ${flag} to be an integer ≥ ${min}; got ${JSON.stringify(text)}`);
  return n;
}

function fail(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}
