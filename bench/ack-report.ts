/** The ack-latency section's report: the comparison table, the ratios, and what each process went through. */
import type { BenchOptions, SectionResult } from './options';
import type { ProcessStats } from './process-stats';
import type { RestingMemory } from './resting-memory';
import { pairedRatio, round3, summarize, table, type Summary } from './stats';
import { WECOM_TARGET_P99_MS } from './wecom-ack';

export const TARGET_P99_RATIO = 1.3;
export const APPS = ['pledge', 'bare'] as const;
export type AppName = (typeof APPS)[number];

export interface Tally {
  /** Latencies per measured round, in round order: round i of each app ran back to back. */
  rounds: number[][];
  viewsOpened: number;
  failures: string[];
  /** The first modal this app opened, as JSON: both must open the very same view. */
  view?: string;
}

/** A process's memory at rest once start-up is over, and again once its rounds' work is done. */
export interface Rest {
  afterStart: RestingMemory;
  afterWork?: RestingMemory;
}

/** The memory target is judged on each deployment's higher reading at rest. */
export const TARGET_REST_MB = 350;
/** Which process each memory row is, in the words of a deployment. */
const PROCESS_NAMES = { pledge: 'Pledge on Slack', wecom: 'Pledge on WeCom', bare: 'bare Bolt app' } as const;

const ms = (n: number) => n.toFixed(2);

export function report(
  options: BenchOptions,
  where: string,
  tally: Record<AppName, Tally>,
  stats: Record<AppName, ProcessStats | undefined>,
  /**
   * WeCom's callbacks to a Pledge on WeCom, after the Slack rounds, the CPU they took and its
   * process; `inProcess`: per measured round, each callback's time inside Pledge's process.
   */
  wecom?: { tally: Tally; cpuMs: number; process?: ProcessStats | undefined; inProcess?: number[][] },
  memory?: Partial<Record<AppName | 'wecom', Rest>>,
): SectionResult {
  const s = { pledge: summarize(tally.pledge.rounds.flat()), bare: summarize(tally.bare.rounds.flat()) } as Record<AppName, Summary>;
  const ratio = { p50: s.pledge.p50 / s.bare.p50, p99: s.pledge.p99 / s.bare.p99 };
  const paired = { p50: pairedRatio(tally.pledge.rounds, tally.bare.rounds, 50), p99: pairedRatio(tally.pledge.rounds, tally.bare.rounds, 99) };
  const expected = options.rounds * options.concurrency;
  const served = (options.rounds + options.warmupRounds) * options.concurrency;
  const w = wecom && summarize(wecom.tally.rounds.flat());
  const inside = wecom?.inProcess && summarize(wecom.inProcess.flat());
  const wecomComplete = wecom !== undefined && w !== undefined && wecom.tally.failures.length === 0 && w.n === options.rounds * options.concurrency;
  const wecomMet = wecomComplete && w.p99 < WECOM_TARGET_P99_MS;
  const sameModal = tally.pledge.view !== undefined && tally.pledge.view === tally.bare.view;
  // A ratio between runs that did not do the same work is meaningless: judge only complete runs.
  const valid = sameModal && APPS.every((a) => tally[a].failures.length === 0 && tally[a].viewsOpened === expected);
  const met = valid && ratio.p99 <= TARGET_P99_RATIO;

  const lines = [
    `database: ${where}`,
    `load: ${options.rounds} rounds x ${options.concurrency} concurrent requests per app after ${options.warmupRounds} warm-up rounds, interleaved ABBA`,
    '',
    ...table(
      ['app', 'samples', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'views.open', 'failed'],
      APPS.map((a) => [a, String(s[a].n), ms(s[a].p50), ms(s[a].p90), ms(s[a].p99), ms(s[a].max),
        `${tally[a].viewsOpened}/${expected}`, String(tally[a].failures.length)]),
    ),
    '',
    `ratio pledge/bare: p50 ${ratio.p50.toFixed(2)}, p99 ${ratio.p99.toFixed(2)}`,
    `  median of per-round ratios (robust to a few rounds hit by other load): p50 ${paired.p50.toFixed(2)}, p99 ${paired.p99.toFixed(2)}`,
    `same modal opened by both: ${sameModal ? 'yes' : `NO${firstDifference(tally.pledge.view, tally.bare.view)}`}`,
    ...APPS.flatMap((a) => tally[a].failures.slice(0, 3).map((f) => `  ${a} failed request: ${f}`)),
    valid
      ? `target p99 ratio <= ${TARGET_P99_RATIO}${options.db === 'embedded' ? '' : ' (set for the embedded database; shown for reference)'}: ${met ? 'MET' : 'NOT MET'}`
      : 'TARGET NOT JUDGED: the run had failed requests, missing views.open calls or different modals (see above)',
    '',
    ...(wecom && w
      ? [
          `WeCom callback (/wecom/callback, a Pledge on WeCom alone in a process of its own): ${options.rounds} rounds x ${options.concurrency} encrypted text-message callbacks after ${options.warmupRounds} warm-up rounds`,
          ...table(
            ['endpoint', 'samples', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'failed', 'CPU ms/callback'],
            [
              ['wecom', String(w.n), ms(w.p50), ms(w.p90), ms(w.p99), ms(w.max), String(wecom.tally.failures.length), (wecom.cpuMs / served).toFixed(3)],
              ...(inside && inside.n > 0 ? [['  in Pledge', String(inside.n), ms(inside.p50), ms(inside.p90), ms(inside.p99), ms(inside.max), '', '']] : []),
            ],
          ),
          ...(inside && inside.n > 0
            ? [
                '  (wecom: as the bench client times it, from writing the request to the answer\'s last byte; in Pledge: from its process having read',
                '  the request\'s head to the answer handed to the socket. The difference is the client\'s side: opening 50 connections, sending,',
                '  reading the answers, in the bench\'s own process on the same cores. The target is judged on the first row.)',
              ]
            : []),
          ...wecom.tally.failures.slice(0, 3).map((f) => `  wecom failed request: ${f}`),
          wecomComplete
            ? `target WeCom p99 < ${WECOM_TARGET_P99_MS} ms${options.db === 'embedded' ? '' : ' (set for the embedded database; shown for reference)'}: ${wecomMet ? 'MET' : 'NOT MET'}`
            : 'WECOM TARGET NOT JUDGED: some callbacks were not answered with an empty 200 (see above)',
          '',
        ]
      : []),
    'app processes from listening to stop (warm-up included):',
    ...table(
      ['app', 'CPU ms/request', 'loop delay p50/p99/max ms', 'GC ms (count)', 'heap MB', 'rss MB listening/peak/end'],
      [...APPS, ...(wecom ? (['wecom'] as const) : [])].map((a) => {
        const p = a === 'wecom' ? wecom?.process : stats[a];
        const name = PROCESS_NAMES[a];
        if (!p) return [name, 'n/a', 'n/a', 'n/a', 'n/a', 'n/a'];
        const d = p.loopDelayMs;
        return [name, (p.cpuMs / served).toFixed(3), `${ms(d.p50)}/${ms(d.p99)}/${ms(d.max)}`, `${p.gcMs.toFixed(0)} (${p.gcCount})`, String(p.heapUsedMb), `${p.rssIdleMb}/${p.rssPeakMb}/${p.rssMb}`];
      }),
    ),
    ...(memory ? ['', ...memoryLines(options, memory)] : []),
  ];
  const json = (x: Summary) => ({ n: x.n, p50: round3(x.p50), p90: round3(x.p90), p99: round3(x.p99), max: round3(x.max), mean: round3(x.mean) });
  return {
    lines,
    json: {
      db: options.db, rounds: options.rounds, warmupRounds: options.warmupRounds, concurrency: options.concurrency,
      apps: Object.fromEntries(APPS.map((a) => [a, { ...json(s[a]), viewsOpened: tally[a].viewsOpened, failed: tally[a].failures.length, process: stats[a] }])),
      ratio: { p50: round3(ratio.p50), p99: round3(ratio.p99) },
      pairedRatio: { p50: round3(paired.p50), p99: round3(paired.p99) },
      target: { p99Ratio: TARGET_P99_RATIO, valid, met },
      sameModal,
      ...(memory && { memory: memoryJson(memory) }),
      ...(wecom && w && {
        wecom: {
          ...json(w),
          failed: wecom.tally.failures.length,
          cpuMsPerCallback: round3(wecom.cpuMs / served),
          ...(inside && inside.n > 0 && { inPledge: json(inside) }),
          target: { p99Ms: WECOM_TARGET_P99_MS, valid: wecomComplete, met: wecomMet },
        },
      }),
    },
  };
}

/** The higher of a process's two readings at rest: what the target is judged on. */
function restMb(rest: Rest): number {
  return Math.max(rest.afterStart.rssMb, rest.afterWork?.rssMb ?? 0);
}

function memoryLines(options: BenchOptions, memory: Partial<Record<AppName | 'wecom', Rest>>): string[] {
  const rows = (['pledge', 'wecom', 'bare'] as const).flatMap((a) => {
    const rest = memory[a];
    if (!rest) return [];
    const readings = [['after start-up', rest.afterStart], ['after its rounds', rest.afterWork]] as const;
    return readings.flatMap(([when, m]) =>
      m ? [[PROCESS_NAMES[a], when, String(m.rssMb), `${m.heapUsedMb}/${m.heapTotalMb}`, `${m.externalMb}/${m.arrayBuffersMb}`, m.wasmMb === null ? 'n/a' : String(m.wasmMb), m.fileMb === null ? 'n/a' : String(m.fileMb)]] : [],
    );
  });
  const verdicts = (['pledge', 'wecom'] as const).flatMap((a) => {
    const rest = memory[a];
    if (!rest) return [];
    const mb = restMb(rest);
    const judged = options.db === 'embedded' ? (mb <= TARGET_REST_MB ? 'MET' : 'NOT MET') : 'shown only (the target is set for the embedded database)';
    return [`target ${PROCESS_NAMES[a]} at rest <= ${TARGET_REST_MB} MB RSS: ${mb} MB, ${judged}`];
  });
  return [
    `memory at rest (each process quiet, then two full GCs; database ${options.db}): MB`,
    ...table(['process', 'when', 'rss', 'heap used/total', 'external/arrayBuffers', 'in WASM', 'mapped files'], rows),
    ...verdicts,
  ];
}

function memoryJson(memory: Partial<Record<AppName | 'wecom', Rest>>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(memory).map(([a, rest]) => [a, { process: PROCESS_NAMES[a as AppName | 'wecom'], restMb: restMb(rest!), afterStart: rest!.afterStart, afterWork: rest!.afterWork }]),
  );
}

/** Where two modals' JSON first differ, so a NO says what to look at. */
function firstDifference(a: string | undefined, b: string | undefined): string {
  if (a === undefined || b === undefined) return ` (${a === undefined ? 'pledge' : 'bare'} opened none)`;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  const around = (s: string) => JSON.stringify(s.slice(Math.max(0, i - 60), i + 60));
  return `, first difference at character ${i}:\n    pledge: ${around(a)}\n    bare:   ${around(b)}`;
}
