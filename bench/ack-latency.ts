/**
 * Issue 2, point 15: ack latency of `/complaint` (no text) under concurrent load, Pledge on
 * Slack beside a bare Bolt app that only acks and opens the same modal. Both run at once, each in
 * its own process, against one Slack Web API stand-in; rounds alternate between them (ABBA order,
 * so neither always goes first) and a round starts only when the previous round's views.open
 * calls have all landed, so the apps never load the machine at the same time.
 *
 * Issue 14, point 11: then a Pledge on WeCom (a process of its own on a database of its own, as
 * a WeCom deployment runs: start-up refuses both platforms at once) answers rounds of encrypted
 * WeCom callbacks (wecom-ack.ts), each round once the last one's work is done.
 *
 * Issue 15, point 4: each process's memory at rest (resting-memory.ts), read once it has fallen
 * quiet after start-up and again after its rounds.
 */
import { startSlackStandIn, type SlackStandIn } from '../test/support/slack-stand-in';
import { startWeComStandIn } from '../test/support/wecom-stand-in';
import { startApp, type AppHandle } from './app-handle';
import { prepareBenchDb, type BenchDb } from './bench-db';
import { fireRound, target, type Target } from './load';
import type { BenchOptions, Section, SectionResult } from './options';
import type { ProcessStats } from './process-stats';
import { APPS, report, type AppName, type Rest, type Tally } from './ack-report';
import { benchMembers, fireWeComRound, settleApp, weComBenchEnv } from './wecom-ack';

const SECRET = 'bench-signing-secret';
// Distinct tokens tell the stand-in's recorded calls apart per app.
const TOKEN: Record<AppName, string> = { pledge: 'xoxb-bench-pledge', bare: 'xoxb-bench-bare' };

export const ackLatency: Section = {
  title: '/complaint ack latency: Pledge vs a bare Bolt app (ack + views.open)',
  async run(options: BenchOptions): Promise<SectionResult> {
    const standIn = await startSlackStandIn();
    const wecomStandIn = await startWeComStandIn({ members: benchMembers(options.concurrency) });
    const handles: AppHandle[] = [];
    const dbs: BenchDb[] = [];
    try {
      const db = await prepareBenchDb(options.db);
      dbs.push(db);
      const spec = { signingSecret: SECRET, apiUrl: standIn.url };
      const started = await Promise.allSettled([
        startApp('pledge', { ...spec, app: 'pledge', botToken: TOKEN.pledge, db: db.target }),
        startApp('bare', { ...spec, app: 'bare', botToken: TOKEN.bare }),
      ]);
      for (const s of started) if (s.status === 'fulfilled') handles.push(s.value);
      for (const s of started) if (s.status === 'rejected') throw s.reason;
      const targets = Object.fromEntries(handles.map((h) => [h.name, target(h.name, h.port, options.concurrency)])) as Record<AppName, Target>;
      const tally: Record<AppName, Tally> = { pledge: { rounds: [], viewsOpened: 0, failures: [] }, bare: { rounds: [], viewsOpened: 0, failures: [] } };
      const memory = {} as Record<AppName | 'wecom', Rest>;
      const atRest = async (h: AppHandle) => {
        await settleApp(h);
        return h.rest();
      };
      for (const h of handles) memory[h.name as AppName] = { afterStart: await atRest(h) };

      const oneRound = async (app: AppName, measured: boolean) => {
        const result = await fireRound(targets[app], SECRET, options.concurrency, standIn.responseUrl());
        const t = tally[app];
        const opened = await settle(standIn, options.concurrency);
        t.view ??= opened.find((c) => c.token === TOKEN[app])?.view;
        if (!measured) return;
        t.rounds.push(result.latenciesMs);
        t.failures.push(...result.failures);
        t.viewsOpened += opened.filter((c) => c.token === TOKEN[app] && c.ok).length;
      };
      const order = (i: number): readonly AppName[] => (i % 2 === 0 ? APPS : [...APPS].reverse());
      for (let i = 0; i < options.warmupRounds; i++) for (const app of order(i)) await oneRound(app, false);
      for (let i = 0; i < options.rounds; i++) for (const app of order(i)) await oneRound(app, true);
      for (const h of handles) memory[h.name as AppName].afterWork = await atRest(h);
      const stats = Object.fromEntries(await Promise.all(handles.splice(0).map(async (h) => [h.name, await h.stop()])));

      // WeCom's callbacks, to a Pledge on WeCom alone, once the Slack processes are gone.
      const wecomDb = await prepareBenchDb(options.db);
      dbs.push(wecomDb);
      const pledge = await startApp('pledge-wecom', { ...spec, app: 'pledge', botToken: '', db: wecomDb.target, wecom: weComBenchEnv(wecomStandIn.url) });
      handles.push(pledge);
      const wecom: Tally = { rounds: [], viewsOpened: 0, failures: [] };
      const inProcess: number[][] = [];
      memory.wecom = { afterStart: await atRest(pledge) };
      const cpuBefore = await pledge.cpuMs();
      for (let i = 0; i < options.warmupRounds + options.rounds; i++) {
        const result = await fireWeComRound(pledge.port, options.concurrency);
        await settleApp(pledge);
        const served = await pledge.served();
        if (i < options.warmupRounds) continue;
        wecom.rounds.push(result.latenciesMs);
        wecom.failures.push(...result.failures);
        inProcess.push(served);
      }
      const wecomCpuMs = (await pledge.cpuMs()) - cpuBefore;
      memory.wecom.afterWork = await atRest(pledge);
      const wecomStats = await handles.splice(0)[0]!.stop();

      return report(options, db.where, tally, stats as Record<AppName, ProcessStats | undefined>, { tally: wecom, cpuMs: wecomCpuMs, process: wecomStats, inProcess }, memory);
    } finally {
      await Promise.all(handles.map((h) => h.stop()));
      await standIn.close();
      await wecomStandIn.close();
      for (const db of dbs) await db.cleanup();
    }
  },
};

/** Waits until `expected` views.open calls have arrived (the apps' work after ack), then forgets them. */
async function settle(standIn: SlackStandIn, expected: number): Promise<{ token?: string; ok: boolean; view: string }[]> {
  const deadline = Date.now() + 10_000;
  while (standIn.callsTo('views.open').length < expected && Date.now() < deadline) await sleep(2);
  // Let the apps take in the stand-in's answers before the other app's round starts.
  await sleep(10);
  const calls = standIn.callsTo('views.open').map((c) => ({
    token: c.token,
    ok: (c.response.body as { ok?: boolean }).ok === true,
    view: JSON.stringify(c.args.view),
  }));
  standIn.reset();
  return calls;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
