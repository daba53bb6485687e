/**
 * Time and memory of one call: RSS and JS heap before (after a full GC), after, and the peak
 * seen by a 10 ms sampler while the call awaits the database. Synchronous stretches (building a
 * report model) are not sampled inside, only at their end. With the embedded database, RSS also
 * holds PGlite's WASM memory: it runs in this process, as it does in the bot.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

export interface MemoryUse {
  rssBeforeMb: number;
  rssAfterMb: number;
  rssPeakMb: number;
  heapBeforeMb: number;
  heapAfterMb: number;
  heapPeakMb: number;
}

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

export async function withMemory<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number; memory: MemoryUse }> {
  gc();
  const before = process.memoryUsage();
  let rssPeak = before.rss;
  let heapPeak = before.heapUsed;
  const sample = () => {
    const m = process.memoryUsage();
    rssPeak = Math.max(rssPeak, m.rss);
    heapPeak = Math.max(heapPeak, m.heapUsed);
  };
  const timer = setInterval(sample, 10);
  const started = performance.now();
  try {
    const value = await fn();
    const ms = performance.now() - started;
    sample();
    const after = process.memoryUsage();
    return {
      value,
      ms,
      memory: {
        rssBeforeMb: mb(before.rss),
        rssAfterMb: mb(after.rss),
        rssPeakMb: mb(rssPeak),
        heapBeforeMb: mb(before.heapUsed),
        heapAfterMb: mb(after.heapUsed),
        heapPeakMb: mb(heapPeak),
      },
    };
  } finally {
    clearInterval(timer);
  }
}
