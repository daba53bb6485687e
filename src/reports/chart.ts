/**
 * The report chart as a PNG, drawn on Node without a browser: ECharts renders SVG on the
 * server (no DOM, no canvas), resvg rasterizes it with the bundled CJK font. Bars are the
 * weekly volume (right axis); lines are the on-time rate per stage (left axis, 0-100%).
 */
import { createRequire } from 'node:module';
import { renderAsync } from '@resvg/resvg-js';
import type * as ECharts from 'echarts/core';
import type { WeekPoint } from '../domain/report-series';
import { t, type Locale } from '../i18n';
import { CHART_FONT_FAMILY, CHART_FONT_FILE } from './font';

/**
 * ECharts' one-file CommonJS build of its common parts (bar and line charts, grid, title, legend,
 * the SVG renderer among them), not the ES modules behind echarts/core, echarts/charts and the
 * others: those are hundreds of files, each resolved and loaded through the module loader (under
 * tsx, a round trip to its loader thread each). Loading it took ~1.2 s of CPU that way, ~0.4 s
 * as one file, and the process's RSS ~20 MB less; the SVG it draws is the same, byte for byte.
 */
const echarts = createRequire(import.meta.url)('echarts/dist/echarts.common.js') as typeof ECharts;

export interface ChartOptions {
  locale: Locale;
  title: string;
  width?: number;
  height?: number;
}

const COLORS = { volume: '#c9d6e8', acknowledge: '#2f6fbf', solution: '#e08a1e', text: '#333333', grid: '#e6e6e6' };

export function chartSvg(series: WeekPoint[], { locale, title, width = 900, height = 500 }: ChartOptions): string {
  const volume = t(locale, 'report.col.volume');
  const acknowledged = t(locale, 'report.col.acknowledged_on_time');
  const solution = t(locale, 'report.col.solution_on_time');
  const line = (name: string, color: string, data: (number | null)[]) => ({
    type: 'line' as const,
    name,
    yAxisIndex: 0,
    data,
    color,
    symbolSize: 7,
    lineStyle: { width: 2.5 },
    // A week with nothing decided has no rate: a gap, not a drop to 0%.
    connectNulls: false,
  });
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({
      animation: false,
      backgroundColor: '#ffffff',
      textStyle: { fontFamily: CHART_FONT_FAMILY, color: COLORS.text },
      title: { text: title, left: 'center', top: 14, textStyle: { fontSize: 18, fontFamily: CHART_FONT_FAMILY } },
      legend: { top: 48, itemGap: 24, textStyle: { fontFamily: CHART_FONT_FAMILY } },
      grid: { left: 70, right: 70, top: 100, bottom: 64 },
      xAxis: {
        type: 'category',
        data: series.map((w) => `${t(locale, 'report.chart.week', { week: Number(w.week.slice(-2)) })}\n${w.start.slice(5)}`),
        axisLabel: { interval: 0, fontSize: 11, lineHeight: 15 },
      },
      yAxis: [
        { type: 'value', name: t(locale, 'report.chart.percent'), min: 0, max: 100, interval: 20, axisLabel: { formatter: '{value}%' }, splitLine: { lineStyle: { color: COLORS.grid } } },
        { type: 'value', name: volume, minInterval: 1, splitLine: { show: false } },
      ],
      series: [
        { type: 'bar', name: volume, yAxisIndex: 1, data: series.map((w) => w.volume), color: COLORS.volume, barMaxWidth: 32 },
        line(acknowledged, COLORS.acknowledge, series.map((w) => w.acknowledgedOnTimePct)),
        line(solution, COLORS.solution, series.map((w) => w.solutionOnTimePct)),
      ],
    });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/** Rasterizes off the event loop (resvg's worker thread), so a chart never stalls Slack acks. */
export async function svgToPng(svg: string, fontFiles: string[] = [CHART_FONT_FILE]): Promise<Buffer> {
  const image = await renderAsync(svg, {
    font: { fontFiles, loadSystemFonts: false, defaultFontFamily: CHART_FONT_FAMILY, sansSerifFamily: CHART_FONT_FAMILY },
    background: '#ffffff',
  });
  return image.asPng();
}

export async function renderChartPng(series: WeekPoint[], options: ChartOptions): Promise<Buffer> {
  return svgToPng(chartSvg(series, options));
}
