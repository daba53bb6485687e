/** Percentiles and a plain text table: enough statistics to compare two latency samples. */
export interface Summary {
  n: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

const sorted = (xs: readonly number[]) => [...xs].sort((x, y) => x - y);

/** Nearest-rank percentile: an observed value, never an interpolation between two. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function summarize(samples: readonly number[]): Summary {
  const xs = sorted(samples);
  return {
    n: xs.length,
    p50: percentile(xs, 50),
    p90: percentile(xs, 90),
    p99: percentile(xs, 99),
    max: xs[xs.length - 1] ?? Number.NaN,
    mean: xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : Number.NaN,
  };
}

/** Milliseconds rounded for JSON: microsecond precision is already more than a 2-core box gives. */
export const round3 = (n: number): number => Math.round(n * 1000) / 1000;

export function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  // First column (names) left-aligned, numbers right-aligned.
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
}

/**
 * Median over paired rounds of percentile(a_i) / percentile(b_i). Pooled percentiles let one
 * unlucky round (another process taking the CPU) decide p99; pairing each round with its
 * neighbour of the other app and taking the median is robust to a few of those.
 */
export function pairedRatio(a: readonly (readonly number[])[], b: readonly (readonly number[])[], p: number): number {
  const ratios = a.map((round, i) => percentile(sorted(round), p) / percentile(sorted(b[i] ?? []), p));
  return percentile(sorted(ratios), 50);
}
