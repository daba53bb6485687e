/**
 * Issue 13, point 13: the complainant's page (`GET /p/<token>`) under concurrent requests, on
 * the embedded database. The app runs in a process of its own, as in the ack bench, so the
 * load generator's clock is not held up by the database's WASM thread. Its one complaint is
 * seeded there through the real services (filed, accepted, investigated, a note to the
 * complainant, an open question) with a real link. Each round fires `--concurrency` requests
 * at once; each is a first visit (no cookie), so each also gets a fresh CSRF nonce.
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
  title: "the complainant's page (GET /p/<token>) under concurrent requests, embedded database",
  async run(options: BenchOptions): Promise<SectionResult> {
    const standIn = await startSlackStandIn();
    let app: AppHandle | undefined;
    let db: BenchDb | undefined;
    try {
      // The target is about the embedded database; --db server measures that one instead.
      db = await prepareBenchDb(options.db);
      app = await startApp('pledge', { app: 'pledge', botToken: 'xoxb-bench-web', signingSecret: 'bench-signing-secret', apiUrl: standIn.url, db: db.target, pageBase: PAGE_BASE });
      const page = app.page;
      if (!page) throw new Error('Expected the app to seed a complaint page');
      const url = `http://127.0.0.1:${app.port}${page.path}`;
      const failures: string[] = [];
      const samples: number[] = [];
      for (let i = 0; i < options.warmupRounds + options.rounds; i++) {
        const round = await fireRound(url, page, options.concurrency);
        if (i < options.warmupRounds) continue;
        samples.push(...round.latenciesMs);
        failures.push(...round.failures);
      }
      const stats = await app.stop();
      app = undefined;
      const s = summarize(samples);
      // Every request the app served after it was ready, warm-up rounds too: the CPU was spent on all of them.
      const cpuPerPage = stats ? stats.cpuMs / ((options.warmupRounds + options.rounds) * options.concurrency) : undefined;
      const lines = [
        `database: ${db.where}`,
        `${options.rounds} rounds of ${options.concurrency} concurrent first visits (after ${options.warmupRounds} warm-up rounds)`,
        '',
        ...table(['page', 'n', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'mean ms'], [['GET /p/<token>', String(s.n), fmtMs(s.p50), fmtMs(s.p90), fmtMs(s.p99), fmtMs(s.max), fmtMs(s.mean)]]),
        '',
        failures.length ? `FAILURES: ${failures.length}, first: ${failures[0]}` : `every response 200 with the complaint's reference and its open question`,
        ...(stats ? [`app process: CPU ${round1(stats.cpuMs / 1000)} s, ${fmtMs(cpuPerPage!)} ms per page (warm-up included; less inflated by a busy machine than latency), RSS peak ${stats.rssPeakMb} MB`] : []),
      ];
      return {
        lines,
        json: { db: options.db, where: db.where, concurrency: options.concurrency, requests: s.n, p50Ms: round3(s.p50), p90Ms: round3(s.p90), p99Ms: round3(s.p99), maxMs: round3(s.max), failures: failures.length, ...(cpuPerPage !== undefined && { cpuMsPerPage: round3(cpuPerPage) }) },
      };
    } finally {
      await app?.stop();
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
