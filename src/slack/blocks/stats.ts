/**
 * `/complaint stats` as Block Kit. Slack renders no Markdown tables, so the report's totals
 * become section fields (ten metrics: exactly Slack's ten fields per section) and each group
 * one line of its key rates.
 */
import type { KnownBlock } from '@slack/types';
import type { Metrics } from '../../domain/report';
import { t, type Locale } from '../../i18n';
import { cell, METRIC_COLUMNS } from '../../reports/columns';
import type { Stats } from '../../services/stats';
import { field, fieldSections, LIMITS, mrkdwn, packedSections, plain, type SlackMessage } from './common';
import { escapeText } from './escape';
import { bold, code } from './markup';
import { COMMAND } from '../ids';

/** No data (a rate over nothing) is a dash, never 0%. */
const DASH = '–';
// 1 header + 1 scope + 1 fields + 1 heading + groups + 1 chart line: groups stay well inside 50 blocks.
const GROUP_SECTIONS_MAX = 40;

export interface StatsContext {
  locale: Locale;
  groupName(groupId: string): string;
  /** 'sent': the chart went to the caller's DM; 'hint': say how to ask for it. */
  chart: 'sent' | 'hint';
}

const pct = (v: number | null) => (v === null ? DASH : `${v}%`);

function groupLine(ctx: StatsContext, key: string, m: Metrics): string {
  return t(ctx.locale, 'stats.group_line', {
    group: bold(escapeText(ctx.groupName(key))),
    volume: m.volume,
    ack: pct(m.acknowledgedOnTimePct),
    solution: pct(m.solutionOnTimePct),
    resolved: pct(m.resolutionRatePct),
    satisfaction: m.averageSatisfaction === null ? DASH : String(m.averageSatisfaction),
  });
}

function packed(lines: string[]): KnownBlock[] {
  return packedSections(lines).slice(0, GROUP_SECTIONS_MAX);
}

function scopeLine(ctx: StatsContext, stats: Stats): string {
  const { locale } = ctx;
  if (stats.scope.kind === 'all') return t(locale, 'stats.scope.all');
  if (stats.scope.kind === 'own') return t(locale, 'stats.scope.own');
  const groups = stats.scope.groupIds.map((g) => escapeText(ctx.groupName(g))).join(locale === 'en' ? ', ' : '、');
  return t(locale, 'stats.scope.led', { groups });
}

export function statsMessage(ctx: StatsContext, stats: Stats): SlackMessage {
  const { locale } = ctx;
  const { report } = stats;
  const period = report.period.label;
  const blocks: KnownBlock[] = [
    { type: 'header', text: plain(t(locale, 'stats.title', { period }), LIMITS.headerText) },
    { type: 'context', elements: [mrkdwn(scopeLine(ctx, stats))] },
  ];
  if (report.total.volume === 0) {
    blocks.push({ type: 'section', text: mrkdwn(t(locale, 'report.none')) });
  } else {
    blocks.push(...fieldSections(METRIC_COLUMNS.map((c) => field(t(locale, c.header), escapeText(cell(report.total, c.field) ?? DASH)))));
    blocks.push({ type: 'section', text: mrkdwn(bold(t(locale, 'stats.by_group'))) });
    blocks.push(...packed(report.by.group.map((r) => groupLine(ctx, r.key, r.metrics))));
  }
  blocks.push({ type: 'context', elements: [mrkdwn(t(locale, ctx.chart === 'sent' ? 'stats.chart_sent' : 'stats.chart_hint', { chart: code('chart'), example: code(`${COMMAND} stats quarter chart`) }))] });
  return { text: t(locale, 'stats.fallback', { period }), blocks };
}
