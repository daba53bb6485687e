/** The chart's weekly series: ISO weeks in the team's zone, empty weeks kept, on-time per stage. */
import { describe, expect, it } from 'vitest';
import { parsePeriod } from '../../src/domain/period';
import { weeklySeries } from '../../src/domain/report-series';
import { AS_OF, FACTS } from '../support/report-facts';

const q4 = parsePeriod('2026-Q4', 'Asia/Shanghai')!;
const at = (iso: string) => new Date(iso);
const late = { ...FACTS[1]!, reference: 'F', filedAt: at('2026-10-11T17:00:00Z') }; // Mon 12 Oct 01:00 in Shanghai, Sun in UTC
const before = { ...FACTS[0]!, reference: 'G', filedAt: at('2026-09-30T15:59:59Z') }; // 30 Sep in Shanghai: not Q4

describe('weeklySeries', () => {
  const series = weeklySeries([...FACTS, late, before], q4, 'Asia/Shanghai', AS_OF);

  it('has every ISO week that overlaps the period, partial ones at both ends', () => {
    expect(series.map((w) => w.week)).toEqual(Array.from({ length: 14 }, (_, i) => `2026-W${40 + i}`)); // 2026 has 53 weeks
    expect(series[0]!.start).toBe('2026-09-28');
    expect(series.at(-1)!.start).toBe('2026-12-28');
  });

  it('counts each complaint in the local week it was filed, with on-time rates per stage', () => {
    expect(series[1]).toEqual({ week: '2026-W41', start: '2026-10-05', volume: 5, acknowledgedOnTimePct: 80, solutionOnTimePct: 75 });
    expect(series[2]).toEqual({ week: '2026-W42', start: '2026-10-12', volume: 1, acknowledgedOnTimePct: 0, solutionOnTimePct: 100 });
    expect(series[0]).toEqual({ week: '2026-W40', start: '2026-09-28', volume: 0, acknowledgedOnTimePct: null, solutionOnTimePct: null });
    expect(series.reduce((n, w) => n + w.volume, 0)).toBe(6);
  });

  it('shifts with the zone: in UTC the late one is a Sunday of W41', () => {
    const utc = weeklySeries([late], parsePeriod('2026-Q4', 'UTC')!, 'UTC', AS_OF);
    expect(utc.find((w) => w.volume > 0)?.week).toBe('2026-W41');
  });

  it('covers a single week', () => {
    expect(weeklySeries(FACTS, parsePeriod('2026-W41', 'Asia/Shanghai')!, 'Asia/Shanghai', AS_OF).map((w) => [w.week, w.volume])).toEqual([['2026-W41', 5]]);
  });
});
