/**
 * One app under test, in a process of its own (forked by app-handle.ts). Separate processes
 * because the embedded database (PGlite) runs as WASM on its owner's event loop: in a shared
 * process its work (and the outbox runner's polls) would also delay the bare app's acks and
 * the load generator's clock, hiding the very difference the bench is there to show.
 */
import { systemClock } from '../src/clock';
import type { WeComEnv } from '../src/config';
import { generateKey, Keyring, useKeyring } from '../src/crypto/keyring';
import { createDb, type DatabaseTarget, type Db } from '../src/db/create-db';
import { createPledge } from '../src/pledge';
import { createBareApp } from './bare-app';
import { benchConfig } from './bench-config';
import { seedComplaintPage, type SeededPage } from './page-seed';
import { createStaticPage } from './static-page';
import { watchProcess, type ProcessStats } from './process-stats';

export interface AppSpec {
  app: 'pledge' | 'bare' | 'static';
  botToken: string;
  signingSecret: string;
  apiUrl: string;
  /** Pledge only. */
  db?: DatabaseTarget;
  /** Pledge only: serve complainants' pages under this base and seed one complaint's page (the web bench). */
  pageBase?: string;
  /** Pledge only: WeCom's settings, so it serves /wecom/callback too (the ack bench's WeCom figures). */
  wecom?: WeComEnv;
  /** Static only: the page it answers every GET with, and its headers (the web bench's yardstick). */
  staticPage?: { body: string; headers: Record<string, string> };
}

export type AppMessage =
  | { type: 'ready'; port: number; page?: SeededPage }
  | { type: 'stopped'; stats: ProcessStats }
  | { type: 'failed'; message: string }
  | { type: 'cpu'; ms: number };

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
    db = await createDb(spec.db);
    // As main.ts installs PLEDGE_DATA_KEY's keyring: a fresh key, since the database is fresh too.
    useKeyring(new Keyring(generateKey('bench')));
    // As main.ts builds it (system clock, default outbox poll), but quiet: the bench prints.
    const publicUrl = spec.pageBase ? new URL(spec.pageBase) : undefined;
    const pledge = createPledge({ slack, config, db, clock: systemClock, logLevel: 'error', log: (level, m) => level === 'error' && console.error(m), ...(publicUrl ? { publicUrl } : {}), ...(spec.wecom ? { wecom: { env: spec.wecom } } : {}) });
    if (publicUrl) page = await seedComplaintPage(pledge, db, publicUrl, systemClock.now());
    app = pledge;
  } else if (spec.app === 'static') {
    if (!spec.staticPage) throw new Error('Expected the page a static app answers with');
    app = createStaticPage(spec.staticPage.body, spec.staticPage.headers);
  } else {
    app = createBareApp({ ...slack, locale: config.locale, categories: config.categories, categoryNames: config.categoryNames });
  }
  const port = await app.start(0, '127.0.0.1');

  // From here on: start-up (initdb, migrations, module loading) is not what the bench measures.
  const watch = watchProcess();
  process.on('message', (message) => {
    // The CPU used so far: the parent reads it around its rounds, leaving out the time between them.
    if (message === 'cpu') return send({ type: 'cpu', ms: cpuMs() });
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
