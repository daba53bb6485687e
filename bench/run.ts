/**
 * `npm run bench [-- section ...] [--rounds N] [--db embedded|server]`: runs each bench section,
 * prints its report, and ends with one `BENCH {...}` line for machines (CI, trend charts).
 * A section is a measurement, not a test: missing a target still exits 0. Only a bench that
 * could not run at all exits non-zero.
 * New sections (sweep time, digest, report build, calendar throughput) go in SECTIONS.
 */
import { cpus, loadavg } from 'node:os';
import { ackLatency } from './ack-latency';
import { calendarThroughput } from './calendar';
import { digestBuild, reportBuild } from './digest-report';
import { endToEnd } from './end-to-end';
import { parseOptions, type Section } from './options';
import { sweepTime } from './sweep';
import { judgeTargets, targetLines } from './targets';
import { webPage } from './web-page';

const SECTIONS: Record<string, Section> = {
  ack: ackLatency,
  calendar: calendarThroughput,
  sweep: sweepTime,
  digest: digestBuild,
  report: reportBuild,
  load: endToEnd,
  web: webPage,
};

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2), Object.keys(SECTIONS));
  const machine = { node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model.trim() ?? 'unknown' };
  console.log(`Pledge bench: node ${machine.node}, ${machine.cpus} x ${machine.cpu}`);
  const results: Record<string, unknown> = {};
  try {
    for (const name of options.sections) {
      const section = SECTIONS[name]!;
      console.log(`\n== ${name}: ${section.title}`);
      const started = Date.now();
      const result = await section.run(options);
      for (const line of result.lines) console.log(line ? `  ${line}` : '');
      console.log(`  (${((Date.now() - started) / 1000).toFixed(1)} s)`);
      results[name] = { ...result.json, loadAvg: busy(machine.cpus) };
    }
  } finally {
    // Seeded databases shared between sections (digest, report) are dropped only now.
    for (const name of options.sections) await SECTIONS[name]!.dispose?.();
  }
  const verdicts = judgeTargets(results);
  console.log('\n== targets (issues 15 and 13)');
  for (const line of targetLines(verdicts)) console.log(`  ${line}`);
  console.log(`\nBENCH ${JSON.stringify({ machine, ...results, targets: verdicts })}`);
}

/**
 * Latency on a shared machine says as much about the neighbours as about Pledge: report the
 * 1-minute load average after each section and say so when other work was competing.
 */
function busy(cpuCount: number): number {
  const load = loadavg()[0]!;
  // Our own apps and load generator account for about one CPU's worth.
  if (load > cpuCount + 1) console.log(`  NOTE: load average ${load.toFixed(1)} on ${cpuCount} CPUs: other processes were competing; expect noisy numbers`);
  return Math.round(load * 100) / 100;
}

main().then(
  // Child processes and sockets are closed by then; exit anyway so a stray handle can't hang CI.
  () => process.exit(0),
  (error: unknown) => {
    console.error('bench could not run:', error);
    process.exit(1);
  },
);
