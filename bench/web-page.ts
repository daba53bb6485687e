/**
 * Issue 13, point 13: the complainant's page (`GET /p/<token>`) under concurrent requests, on
 * the embedded database. The app runs in a process of its own, as in the ack bench, so the
 * load generator's clock is not held up by the database's WASM thread. Its one complaint is
 * seeded there through the real services (filed, accepted, investigated, a note to the
 * complainant, an open question) with a real link. Each round fires `--concurrency` requests
 * at once; each is a first visit (no cookie), so each also gets a fresh CSRF nonce. Each round
 * is followed by the same round against a static page (static-page.ts): the floor this machine
 * sets at that moment, so a busy machine's figures can still be read.
 */
import { startSlackStandIn } from '../test/support/slack-stand-in';
import { startApp, type AppHandle } from './app-handle';
import { prepareBenchDb, type BenchDb } from './bench-db';
import type { BenchOptions, Section, SectionResult } from './options';
import type { SeededPage } from './page-seed';
import { fmtMs, round1 } from './seeded-db';
import { round3, summarize, table } from './stats';

const PAGE_BASE = 'https://pledge.example.com/';

export const webPage: Section = {
  title: "the complainant's page (GET /p/<token>) under concurrent requests, embedded database, against a static page",
  async run(options: BenchOptions): Promise<SectionResult> {
    const standIn = await startSlackStandIn();
    let app: AppHandle | undefined;
    let yardstick: AppHandle | undefined;
    let db: BenchDb | undefined;
    try {
      // The target is about the embedded database; --db server measures that one instead.
      db = await prepareBenchDb(options.db);
      app = await startApp('pledge', { app: 'pledge', botToken: 'xoxb-bench-web', signingSecret: 'bench-signing-secret', apiUrl: standIn.url, db: db.target, pageBase: PAGE_BASE });
      const page = app.page;
      if (!page) throw new Error('Expected the app to seed a complaint page');
      const url = `http://127.0.0.1:${app.port}${page.path}`;
      // The yardstick serves the very bytes and headers of Pledge's page (a first visit's).
      const first = await fetch(url);
      const staticPage = { body: await first.text(), headers: Object.fromEntries([...first.headers].filter(([name]) => !['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding'].includes(name))) };
      yardstick = await startApp('static', { app: 'static', botToken: '', signingSecret: '', apiUrl: standIn.url, staticPage });
      const staticUrl = `http://127.0.0.1:${yardstick.port}${page.path}`;
      const failures: string[] = [];
      const samples: number[] = [];
      const staticSamples: number[] = [];
      // Rounds alternate between the two, so both see the same machine (its load moves by the minute).
      // CPU is counted while each app's own rounds run (measured rounds only): an idle Pledge still
      // polls its outbox and runs its timers, some 15 ms a second, which is not the page's.
      const cpu = { pledge: 0, static: 0 };
      const timed = async (handle: AppHandle, key: keyof typeof cpu, target: string, counted: boolean) => {
        const before = counted ? await handle.cpuMs() : 0;
        const round = await fireRound(target, page, options.concurrency);
        if (counted) cpu[key] += (await handle.cpuMs()) - before;
        return round;
      };
      for (let i = 0; i < options.warmupRounds + options.rounds; i++) {
        const counted = i >= options.warmupRounds;
        const round = await timed(app, 'pledge', url, counted);
        const staticRound = await timed(yardstick, 'static', staticUrl, counted);
        if (!counted) continue;
        samples.push(...round.latenciesMs);
        staticSamples.push(...staticRound.latenciesMs);
        failures.push(...round.failures, ...staticRound.failures.map((f) => `static page: ${f}`));
      }
      const stats = await app.stop();
      await yardstick.stop();
      app = yardstick = undefined;
      const s = summarize(samples);
      const y = summarize(staticSamples);
      const served = options.rounds * options.concurrency;
      const cpuPerPage = cpu.pledge / served;
      const staticCpuPerPage = cpu.static / served;
      const row = (name: string, t: ReturnType<typeof summarize>, ms: number) => [name, String(t.n), fmtMs(t.p50), fmtMs(t.p90), fmtMs(t.p99), fmtMs(t.max), fmtMs(t.mean), fmtMs(ms)];
      const ratio = (a: number | undefined, b: number | undefined) => (a !== undefined && b ? `${round1(a / b)}x` : '-');
      const lines = [
        `database: ${db.where}`,
        `${options.rounds} rounds of ${options.concurrency} concurrent first visits each (after ${options.warmupRounds} warm-up rounds), alternating`,
        `with a bare Node server answering the same page (${Buffer.byteLength(staticPage.body)} bytes, same headers) from memory`,
        '',
        ...table(
          ['page', 'n', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'mean ms', 'CPU ms/page'],
          [row('GET /p/<token>', s, cpuPerPage), row('static page', y, staticCpuPerPage), ['ratio', '', ratio(s.p50, y.p50), ratio(s.p90, y.p90), ratio(s.p99, y.p99), ratio(s.max, y.max), ratio(s.mean, y.mean), ratio(cpuPerPage, staticCpuPerPage)]],
        ),
        '',
        failures.length ? `FAILURES: ${failures.length}, first: ${failures[0]}` : `every response 200 with the complaint's reference and its open question`,
        `CPU ms/page: each app's CPU while its measured rounds ran, per request; less inflated by a busy machine than latency`,
        ...(stats ? [`Pledge's process from start to stop: CPU ${round1(stats.cpuMs / 1000)} s, RSS peak ${stats.rssPeakMb} MB`] : []),
      ];
      return {
        lines,
        json: {
          db: options.db,
          where: db.where,
          concurrency: options.concurrency,
          requests: s.n,
          p50Ms: round3(s.p50),
          p90Ms: round3(s.p90),
          p99Ms: round3(s.p99),
          maxMs: round3(s.max),
          failures: failures.length,
          cpuMsPerPage: round3(cpuPerPage),
          staticPage: { p50Ms: round3(y.p50), p99Ms: round3(y.p99), cpuMsPerPage: round3(staticCpuPerPage) },
        },
      };
    } finally {
      await app?.stop();
      await yardstick?.stop();
      await standIn.close();
      await db?.cleanup();
    }
  },
};

/** `n` GETs at once; a response counts only if it is the page itself, not a notice. */
async function fireRound(url: string, page: SeededPage, n: number): Promise<{ latenciesMs: number[]; failures: string[] }> {
  const failures: string[] = [];
  const latenciesMs = await Promise.all(
    Array.from({ length: n }, async () => {
      const started = performance.now();
      try {
        const res = await fetch(url);
        const body = await res.text();
        const ms = performance.now() - started;
        if (res.status !== 200 || !body.includes(page.reference) || !body.includes(page.question)) failures.push(`HTTP ${res.status} ${body.slice(0, 120)}`);
        return ms;
      } catch (error) {
        failures.push(String(error));
        return performance.now() - started;
      }
    }),
  );
  return { latenciesMs, failures };
}
