/**
 * One app under test, in a process of its own (forked by app-handle.ts). Separate processes
 * because the embedded database (PGlite) runs as WASM on its owner's event loop: in a shared
 * process its work (and the outbox runner's polls) would also delay the bare app's acks and
 * the load generator's clock, hiding the very difference the bench is there to show.
 */
import type { WeComEnv } from '../src/config';
import type { DatabaseTarget, Db } from '../src/db/create-db';
import { benchConfig } from './config-file';
import type { SeededPage } from './page-seed';
import { watchProcess, type ProcessStats } from './process-stats';
import { restingMemory, type RestingMemory } from './resting-memory';
import { watchServed, type ServedTimes } from './served-times';

export interface AppSpec {
  app: 'pledge' | 'bare' | 'static';
  botToken: string;
  signingSecret: string;
  apiUrl: string;
  /** Pledge only. */
  db?: DatabaseTarget;
  /** Pledge only: serve complainants' pages under this base and seed one complaint's page (the web bench). */
  pageBase?: string;
  /**
   * Pledge only: WeCom's settings. Set, Pledge runs on WeCom alone, as a deployment whose
   * environment has WECOM_* does (start-up refuses both platforms at once): no Bolt app, its
   * own server for /wecom/callback. Unset, it runs on Slack alone.
   */
  wecom?: WeComEnv;
  /** Static only: the page it answers every GET with, and its headers (the web bench's yardstick). */
  staticPage?: { body: string; headers: Record<string, string> };
}

export type AppMessage =
  | { type: 'ready'; port: number; page?: SeededPage }
  | { type: 'stopped'; stats: ProcessStats }
  | { type: 'failed'; message: string }
  | { type: 'cpu'; ms: number }
  | { type: 'rest'; memory: RestingMemory }
  | { type: 'served'; ms: number[] };

function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

async function main(spec: AppSpec): Promise<void> {
  const config = await benchConfig();
  let db: Db | undefined;
  let page: SeededPage | undefined;
  let app: { start(port: number, host?: string): Promise<number>; stop(): Promise<void> };
  const slack = { botToken: spec.botToken, signingSecret: spec.signingSecret, apiUrl: spec.apiUrl, mode: 'http' as const };
  if (spec.app === 'pledge') {
    if (!spec.db) throw new Error('Expected a database target for the pledge app');
    // Pledge's modules are loaded here only, so the yardsticks' processes hold none of them.
    const [{ systemClock }, { generateKey, Keyring, useKeyring }, { createDb }, { createPledge }] = await Promise.all([
      import('../src/clock'),
      import('../src/crypto/keyring'),
      import('../src/db/create-db'),
      import('../src/pledge'),
    ]);
    db = await createDb(spec.db);
    // As main.ts installs PLEDGE_DATA_KEY's keyring: a fresh key, since the database is fresh too.
    useKeyring(new Keyring(generateKey('bench')));
    // As main.ts builds it (system clock, default outbox poll, one platform), but quiet: the bench prints.
    const publicUrl = spec.pageBase ? new URL(spec.pageBase) : undefined;
    const common = { config, db, clock: systemClock, logLevel: 'error' as const, log: (level: string, m: string) => level === 'error' && console.error(m), ...(publicUrl ? { publicUrl } : {}) };
    const pledge = spec.wecom ? await createPledge({ ...common, wecom: { env: spec.wecom } }) : await createPledge({ ...common, slack });
    if (publicUrl) page = await (await import('./page-seed')).seedComplaintPage(pledge, db, publicUrl, systemClock.now());
    app = pledge;
  } else if (spec.app === 'static') {
    if (!spec.staticPage) throw new Error('Expected the page a static app answers with');
    app = (await import('./static-page')).createStaticPage(spec.staticPage.body, spec.staticPage.headers);
  } else {
    // Bolt is loaded here only: a Pledge on WeCom never loads it, and its process must not either.
    app = (await import('./bare-app')).createBareApp({ ...slack, locale: config.locale, categories: config.categories, categoryNames: config.categoryNames });
  }
  // WeCom's callbacks: how long each spent in this process, beside the client's timing of it.
  const served: ServedTimes | undefined = spec.wecom ? watchServed('/wecom/callback') : undefined;
  const port = await app.start(0, '127.0.0.1');

  // From here on: start-up (initdb, migrations, module loading) is not what the bench measures.
  const watch = watchProcess();
  process.on('message', (message) => {
    // The CPU used so far: the parent reads it around its rounds, leaving out the time between them.
    if (message === 'cpu') return send({ type: 'cpu', ms: cpuMs() });
    // Memory at rest: the parent asks once the process has fallen quiet.
    if (message === 'rest') return void restingMemory().then((memory) => send({ type: 'rest', memory }));
    // The requests answered since the last ask, each its time in this process.
    if (message === 'served') return send({ type: 'served', ms: served?.take() ?? [] });
    if (message !== 'stop') return;
    void (async () => {
      const stats = watch.stop();
      await app.stop();
      await db?.close();
      send({ type: 'stopped', stats });
      process.disconnect();
    })();
  });
  // The parent gone means nobody will ever say stop.
  process.on('disconnect', () => setTimeout(() => process.exit(0), 2_000).unref());
  send({ type: 'ready', port, ...(page ? { page } : {}) });
}

function send(message: AppMessage): void {
  process.send?.(message);
}

main(JSON.parse(process.env.PLEDGE_BENCH_APP ?? '{}') as AppSpec).catch((error: unknown) => {
  send({ type: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  process.exitCode = 1;
  process.disconnect?.();
});
