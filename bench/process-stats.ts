/**
 * What an app process went through while it served the bench: the first suspects when one
 * app's acks are slower than another's with the same handler — a blocked event loop (a
 * synchronous query in the embedded database, say) or more garbage collection (a bigger heap).
 */
import { monitorEventLoopDelay, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';

export interface ProcessStats {
  /** User + system CPU time: unlike latency, hardly inflated by other processes taking turns. */
  cpuMs: number;
  loopDelayMs: { p50: number; p99: number; max: number };
  gcMs: number;
  gcCount: number;
  heapUsedMb: number;
  rssMb: number;
  /** Resident memory when the app had just started listening, before any request. */
  rssIdleMb: number;
  /** The highest resident memory seen (sampled every 100 ms) while it served the load. */
  rssPeakMb: number;
}

const ms3 = (ms: number) => Math.round(ms * 1000) / 1000;
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

export function watchProcess(): { stop(): ProcessStats } {
  const loop = monitorEventLoopDelay({ resolution: 5 });
  let gcMs = 0;
  let gcCount = 0;
  const gc = new PerformanceObserver((list) => {
    for (const entry of list.getEntries() as PerformanceEntry[]) {
      gcMs += entry.duration;
      gcCount++;
    }
  });
  const cpuAtStart = process.cpuUsage();
  const rssIdle = process.memoryUsage.rss();
  let rssPeak = rssIdle;
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage.rss())), 100);
  sampler.unref();
  loop.enable();
  gc.observe({ entryTypes: ['gc'] });
  return {
    stop() {
      loop.disable();
      gc.disconnect();
      clearInterval(sampler);
      const cpu = process.cpuUsage(cpuAtStart);
      const memory = process.memoryUsage();
      return {
        cpuMs: ms3((cpu.user + cpu.system) / 1000),
        loopDelayMs: { p50: ms3(loop.percentile(50) / 1e6), p99: ms3(loop.percentile(99) / 1e6), max: ms3(loop.max / 1e6) },
        gcMs: ms3(gcMs),
        gcCount,
        heapUsedMb: mb(memory.heapUsed),
        rssMb: mb(memory.rss),
        rssIdleMb: mb(rssIdle),
        rssPeakMb: mb(Math.max(rssPeak, memory.rss)),
      };
    },
  };
}
