/** The report chart: a real PNG of the asked size, in English and Chinese, Chinese glyphs drawn. */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePeriod } from '../../src/domain/period';
import { weeklySeries, type WeekPoint } from '../../src/domain/report-series';
import { chartSvg, renderChartPng, svgToPng } from '../../src/reports/chart';
import { CHART_FONT_FILE } from '../../src/reports/font';
import { AS_OF, FACTS } from '../support/report-facts';
import { decodeRgba, inkIn, PNG_SIGNATURE, pngSize } from '../support/png';

const series: WeekPoint[] = weeklySeries(FACTS, parsePeriod('2026-Q4', 'Asia/Shanghai')!, 'Asia/Shanghai', AS_OF);
// The title is centred at the top; this box holds it and nothing else.
const TITLE_BOX = { x: 250, y: 8, w: 400, h: 30 };

describe('renderChartPng', () => {
  // Each render parses the 8 MB CJK font again: the English chart is drawn once and read twice.
  let english: Promise<Buffer> | undefined;
  const englishChart = () => (english ??= renderChartPng(series, { locale: 'en', title: 'On time by week, 2026-Q4' }));

  it('draws an English chart as a PNG of the default size', async () => {
    const png = await englishChart();
    expect(png.subarray(0, 8)).toEqual(PNG_SIGNATURE);
    expect(pngSize(png)).toEqual({ width: 900, height: 500 });
  });

  it('draws a Chinese chart at the asked size, with the labels in Chinese', async () => {
    const png = await renderChartPng(series, { locale: 'zh-CN', title: '2026-Q4 各周按时率', width: 640, height: 360 });
    expect(png.subarray(0, 8)).toEqual(PNG_SIGNATURE);
    expect(pngSize(png)).toEqual({ width: 640, height: 360 });
    const svg = chartSvg(series, { locale: 'zh-CN', title: 'x' });
    for (const label of ['投诉量', '按时受理率（%）', '按时提出方案率（%）', '第41周']) expect(svg).toContain(label);
  });

  it('renders CJK glyphs from the bundled font (and nothing without it)', async () => {
    expect(existsSync(CHART_FONT_FILE)).toBe(true);
    const svg = chartSvg(series, { locale: 'zh-CN', title: '投诉处理按时率统计' }); // a title with no Latin at all
    const withFont = decodeRgba(await svgToPng(svg));
    const withoutFont = decodeRgba(await svgToPng(svg, []));
    expect(inkIn(withFont, TITLE_BOX)).toBeGreaterThan(300);
    expect(inkIn(withoutFont, TITLE_BOX)).toBe(0);
  });

  it('draws the bars and lines: the plot area has ink in both colours', async () => {
    const image = decodeRgba(await englishChart());
    const colours = new Set<string>();
    for (let i = 0; i < image.pixels.length; i += 4) colours.add(image.pixels.subarray(i, i + 3).toString('hex'));
    expect(colours).toContain('c9d6e8'); // volume bar
    expect(colours).toContain('2f6fbf'); // acknowledge line
    expect(colours).toContain('e08a1e'); // solution line
  });
});
