/**
 * Calendar throughput: addWorkingTime on the per-year range tables, side by side with a naive
 * minute-by-minute loop over isWorkingTime, on the same inputs in the same run; both must agree.
 * A section for bench/run.ts (same shape as its Section); `npx tsx bench/calendar.ts` runs it alone.
 */
import { pathToFileURL } from 'node:url';
import { loadHolidayTable } from '../src/calendar-data/holidays';
import { buildCalendar, type BusinessCalendar, type TimeRange } from '../src/domain/calendar';

const MINUTE = 60_000;
const LUNCH: TimeRange[] = [
  { start: '09:00', end: '12:00' },
  { start: '13:30', end: '18:00' },
];

export interface CalendarBenchResult {
  lines: string[];
  json: Record<string, unknown>;
}

function shanghaiCalendar(): BusinessCalendar {
  const { table, coveredYears } = loadHolidayTable({ country: 'CN', years: [2025, 2026, 2027] });
  return buildCalendar(
    { timeZone: 'Asia/Shanghai', workingHours: { mon: LUNCH, tue: LUNCH, wed: LUNCH, thu: LUNCH, fri: LUNCH, sat: [], sun: [] }, holidays: [], workdays: [] },
    table,
    coveredYears,
  );
}

/** The obvious implementation: step a minute at a time and count the working ones. */
function naiveAddWorkingTime(calendar: BusinessCalendar, start: Date, ms: number): Date {
  let t = start.getTime();
  let left = ms;
  while (!calendar.isWorkingTime(new Date(t))) t += MINUTE;
  while (left > 0) {
    if (calendar.isWorkingTime(new Date(t))) left -= MINUTE;
    t += MINUTE;
  }
  return new Date(t);
}

/** Seeded inputs: minute-aligned starts through 2026 (holidays and New Year included), 1 to 40 working hours. */
function inputs(count: number): { start: Date; ms: number }[] {
  let seed = 20260214;
  const next = () => {
    seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
    return seed / 2 ** 32;
  };
  const from = Date.UTC(2026, 0, 1);
  const span = Date.UTC(2027, 0, 1) - from;
  return Array.from({ length: count }, () => ({
    start: new Date(from + Math.floor((next() * span) / MINUTE) * MINUTE),
    ms: (1 + Math.floor(next() * 40 * 60)) * MINUTE,
  }));
}

/** Runs `fn` over the inputs until at least `minMs` has passed; ops per second. */
function opsPerSecond(cases: { start: Date; ms: number }[], fn: (c: { start: Date; ms: number }) => Date, minMs: number): number {
  let ops = 0;
  const started = performance.now();
  let elapsed = 0;
  let sink = 0;
  do {
    for (const c of cases) sink ^= fn(c).getTime() & 1;
    ops += cases.length;
    elapsed = performance.now() - started;
  } while (elapsed < minMs);
  if (sink === 2) console.log(sink); // keeps the results alive
  return (ops / elapsed) * 1000;
}

const format = (n: number) => (n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(1));

export async function runCalendarBench({ naiveCases = 200, fastCases = 10_000, minMs = 1_000 } = {}): Promise<CalendarBenchResult> {
  const buildStarted = performance.now();
  const calendar = shanghaiCalendar();
  calendar.isWorkingDay('2026-01-01'); // builds 2026's table
  const coldMs = performance.now() - buildStarted;

  const naiveInputs = inputs(naiveCases);
  let agreed = 0;
  const disagreements: string[] = [];
  for (const { start, ms } of naiveInputs) {
    const fast = calendar.addWorkingTime(start, ms).getTime();
    const naive = naiveAddWorkingTime(calendar, start, ms).getTime();
    if (fast === naive) agreed++;
    else if (disagreements.length < 3) disagreements.push(`${start.toISOString()} + ${ms / MINUTE} min: ${new Date(fast).toISOString()} vs naive ${new Date(naive).toISOString()}`);
  }

  const fast = opsPerSecond(inputs(fastCases), (c) => calendar.addWorkingTime(c.start, c.ms), minMs);
  const naive = opsPerSecond(naiveInputs, (c) => naiveAddWorkingTime(calendar, c.start, c.ms), minMs);
  const ratio = fast / naive;
  const lines = [
    `Asia/Shanghai, CN 2026 data, 09:00-12:00 + 13:30-18:00; 1-40 working hours from random 2026 instants`,
    `addWorkingTime (range tables):      ${format(fast).padStart(12)} ops/s`,
    `naive minute-by-minute loop:        ${format(naive).padStart(12)} ops/s`,
    `ratio:                              ${format(ratio).padStart(12)} x`,
    `results agree: ${agreed}/${naiveInputs.length}${disagreements.length ? ` — DISAGREE: ${disagreements.join('; ')}` : ''}`,
    `first use (load CN data, build the 2026 table): ${coldMs.toFixed(1)} ms`,
  ];
  return {
    lines,
    json: { fastOpsPerSec: Math.round(fast), naiveOpsPerSec: Math.round(naive * 10) / 10, ratio: Math.round(ratio), agreed, compared: naiveInputs.length, coldMs: Math.round(coldMs * 10) / 10 },
  };
}

/** The shape bench/run.ts registers in SECTIONS. */
export const calendarThroughput = {
  title: 'business calendar: addWorkingTime vs a minute-by-minute loop',
  run: () => runCalendarBench(),
};

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runCalendarBench().then(
    (result) => {
      for (const line of result.lines) console.log(line);
      if (result.json.agreed !== result.json.compared) process.exitCode = 1;
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
