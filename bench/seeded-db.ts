/**
 * A migrated bench database opened in this process (the sweep, digest and report benches call
 * services directly, as the scheduler and the CLI do), plus the small timing helpers they share.
 */
import { createDb, type Db } from '../src/db/create-db';
import { prepareBenchDb } from './bench-db';
import type { DbKind } from './options';

export interface OpenBenchDb {
  db: Db;
  where: string;
  close(): Promise<void>;
}

export async function openBenchDb(kind: DbKind): Promise<OpenBenchDb> {
  const prepared = await prepareBenchDb(kind);
  try {
    const db = await createDb(prepared.target);
    return {
      db,
      where: prepared.where,
      async close() {
        try {
          await db.close();
        } finally {
          await prepared.cleanup();
        }
      },
    };
  } catch (error) {
    await prepared.cleanup();
    throw error;
  }
}

/** Wall time of `fn` in milliseconds, with its result. */
export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await fn();
  return { ms: performance.now() - started, value };
}

/** Median wall time of `times` runs of `fn` (after one untimed warm-up run). */
export async function medianMs(times: number, fn: () => Promise<unknown>): Promise<number> {
  await fn();
  const samples: number[] = [];
  for (let i = 0; i < times; i++) samples.push((await timed(fn)).ms);
  samples.sort((a, b) => a - b);
  return samples[Math.floor((samples.length - 1) / 2)]!;
}

export const fmtMs = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2));
export const fmtInt = (n: number) => n.toLocaleString('en-US');
export const round1 = (n: number) => Math.round(n * 10) / 10;

/** The error of a database that could not be used, in one line for the report. */
export const oneLine = (error: unknown) => (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').slice(0, 300);
