/**
 * Issue 15's targets (and issue 13's for the complainant's page), judged from the sections' results at the end of a run: each line says
 * MET or NOT MET with the figure it was judged on, or why it was not judged (its section did
 * not run, or could not). The test-suite targets are not the bench's to measure; they are
 * listed so the whole table reads in one place.
 */
type Results = Record<string, unknown>;

export interface Verdict {
  target: string;
  figure: string;
  /** null: not judged in this run. */
  met: boolean | null;
}

interface Target {
  target: string;
  judge(results: Results): Verdict[] | { figure: string; met: null };
}

/** Reads a path of keys from the results, or undefined where any step is missing. */
function at(results: unknown, ...path: string[]): unknown {
  let v: unknown = results;
  for (const key of path) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined;
  return v;
}

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const notRun = (section: string) => ({ figure: `not judged: run \`npm run bench -- ${section}\``, met: null });

/** One verdict per database a section ran on. */
function perDb(section: string, target: string, read: (db: unknown) => number | undefined, limit: number, unit: string): Target {
  return {
    target,
    judge(results) {
      const dbs = ['embedded', 'server'].filter((k) => at(results, section, k) !== undefined);
      if (dbs.length === 0) return notRun(section);
      return dbs.map((kind) => {
        const value = read(at(results, section, kind));
        return value === undefined
          ? { target: `${target} [${kind}]`, figure: `not judged: ${String(at(results, section, kind, 'error') ?? 'no figure')}`, met: null }
          : { target: `${target} [${kind}]`, figure: `${Math.round(value * 10) / 10} ${unit} (target ≤ ${limit} ${unit})`, met: value <= limit };
      });
    },
  };
}

const REPORT_OP = 'periodReport(2026-Q4)';
const SAMPLE_OP = 'qualitySample(2026-Q4, 50)';

const TARGETS: Target[] = [
  perDb('report', 'report over 110k complaints, p50', (db) => num(at(db, 'ops', REPORT_OP, 'p50Ms')), 500, 'ms'),
  perDb(
    'report',
    'memory growth while building that report (RSS peak - before)',
    (db) => {
      const memory = at(db, 'ops', REPORT_OP, 'memory');
      const peak = num(at(memory, 'rssPeakMb'));
      const before = num(at(memory, 'rssBeforeMb'));
      return peak === undefined || before === undefined ? undefined : peak - before;
    },
    50,
    'MB',
  ),
  perDb('report', 'quality sample of 50, p50', (db) => num(at(db, 'ops', SAMPLE_OP, 'p50Ms')), 100, 'ms'),
  {
    target: 'sweep, 200 due among 100k open, server',
    judge(results) {
      const server = at(results, 'sweep', 'server');
      if (server === undefined) return notRun('sweep');
      const ms = num(at(server, 'sizes', '100000', 'medianMs'));
      return ms === undefined
        ? { figure: `not judged: ${String(at(server, 'error') ?? 'no 100k size in this run')}`, met: null }
        : [{ target: 'sweep, 200 due among 100k open, server', figure: `${ms} ms (target ≤ 50 ms)`, met: ms <= 50 }];
    },
  },
  {
    target: 'bot at rest on the embedded database (RSS)',
    judge(results) {
      const memory = at(results, 'ack', 'memory');
      if (memory === undefined) return notRun('ack');
      const db = String(at(results, 'ack', 'db'));
      const bare = num(at(memory, 'bare', 'restMb'));
      // One line per deployment: a Pledge runs on Slack or on WeCom, never both.
      return (['pledge', 'wecom'] as const).map((app) => {
        const name = String(at(memory, app, 'process') ?? app);
        const rss = num(at(memory, app, 'restMb'));
        const target = `bot at rest on the ${db} database (RSS), ${name}`;
        if (rss === undefined) return { target, figure: 'not judged: no reading', met: null };
        const start = num(at(memory, app, 'afterStart', 'rssMb'));
        const work = num(at(memory, app, 'afterWork', 'rssMb'));
        const figure = `${rss} MB (after start-up ${start ?? '?'}, after its rounds ${work ?? '?'}; a bare Bolt app: ${bare ?? '?'} MB; target ≤ 350 MB)`;
        return { target, figure, met: db === 'embedded' ? rss <= 350 : null };
      });
    },
  },
  {
    target: 'WeCom callback answer, p99',
    judge(results) {
      const wecom = at(results, 'ack', 'wecom');
      if (wecom === undefined) return notRun('ack');
      const p99 = num(at(wecom, 'p99'));
      const p50 = num(at(wecom, 'p50'));
      const target = `WeCom callback answer, ${String(at(results, 'ack', 'concurrency') ?? '?')} at once, p99 [${String(at(results, 'ack', 'db'))}]`;
      if (p99 === undefined || at(wecom, 'target', 'valid') !== true) return [{ target, figure: `not judged: ${String(at(wecom, 'failed') ?? '?')} callbacks not answered with an empty 200`, met: null }];
      const figure = `p50 ${Math.round((p50 ?? NaN) * 10) / 10} ms, p99 ${Math.round(p99 * 10) / 10} ms (target < 100 ms; WeCom waits 5 s)`;
      // Set for the embedded database: on a server it is shown, not judged.
      return [{ target, figure, met: at(results, 'ack', 'db') === 'embedded' ? p99 < 100 : null }];
    },
  },
  {
    target: '200 complaints from 20 members through signed HTTP: none lost, none sent twice',
    judge(results) {
      const dbs = ['embedded', 'server'].filter((k) => at(results, 'load', k) !== undefined);
      if (dbs.length === 0) return notRun('load');
      return dbs.map((kind) => {
        const ok = at(results, 'load', kind, 'intact');
        const figure = String(at(results, 'load', kind, 'summary') ?? at(results, 'load', kind, 'error') ?? '');
        return { target: `200 complaints from 20 members, none lost or sent twice [${kind}]`, figure, met: typeof ok === 'boolean' ? ok : null };
      });
    },
  },
  {
    target: "complainant's page, 50 concurrent requests, p99",
    judge(results) {
      const web = at(results, 'web');
      if (web === undefined) return notRun('web');
      const p99 = num(at(web, 'p99Ms'));
      const p50 = num(at(web, 'p50Ms'));
      const concurrency = num(at(web, 'concurrency'));
      const target = `complainant's page, ${concurrency ?? '?'} concurrent requests, p99 [${String(at(web, 'db'))}]`;
      if (p99 === undefined) return { figure: 'not judged: no figure', met: null };
      const failed = num(at(web, 'failures')) ?? 0;
      const cpu = num(at(web, 'cpuMsPerPage'));
      const floor = num(at(web, 'staticPage', 'p99Ms'));
      const figure = `p50 ${Math.round((p50 ?? NaN) * 10) / 10} ms, p99 ${Math.round(p99 * 10) / 10} ms (target < 100 ms)${cpu !== undefined ? `; CPU ${Math.round(cpu * 100) / 100} ms per page` : ''}${floor !== undefined ? `; a static page's p99 in the same rounds ${Math.round(floor * 10) / 10} ms` : ''}${failed ? `; ${failed} responses were not the page` : ''}`;
      // A p99 of error pages says nothing about the page; the bench's figure on 50 at once is the target's.
      return [{ target, figure, met: failed === 0 && concurrency === 50 ? p99 < 100 : null }];
    },
  },
  { target: '`npm test` alone <= 4 min; green with the machine busy', judge: () => ({ figure: 'not the bench\'s to measure: time `npm test`, and run `npm run test:busy`', met: null }) },
];

export function judgeTargets(results: Results): Verdict[] {
  return TARGETS.flatMap((t) => {
    const v = t.judge(results);
    return Array.isArray(v) ? v : [{ target: t.target, ...v }];
  });
}

export function targetLines(verdicts: Verdict[]): string[] {
  const word = (met: boolean | null) => (met === null ? '-' : met ? 'MET' : 'NOT MET');
  const width = Math.max(...verdicts.map((v) => v.target.length));
  return verdicts.map((v) => `${word(v.met).padEnd(7)}  ${v.target.padEnd(width)}  ${v.figure}`);
}
