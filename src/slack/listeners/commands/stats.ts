/**
 * `/complaint stats [week|month|quarter] [chart]`: the summary privately, then, when asked, the
 * weekly chart as a PNG in the caller's DM with Pledge (an ephemeral answer cannot carry a
 * file). The chart is drawn on request only: ECharts and resvg take a second or two, after the
 * ack and after the summary has gone out.
 */
import type { RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { t } from '../../../i18n';
import { groupNameOf } from '../../../services/deps';
import { statsMessage } from '../../blocks/stats';
import type { SlackContext } from '../../context';
import type { StatsPeriodWord } from '../../parse/command';

export interface StatsRequest {
  userId: string;
  period: StatsPeriodWord;
  chart: boolean;
}

export async function answerStats({ services, locale }: SlackContext, client: WebClient, respond: RespondFn, request: StatsRequest): Promise<void> {
  const stats = await services.statsFor(request.userId, request.period, { chart: request.chart });
  const groupName = groupNameOf(services.config);
  await respond({ response_type: 'ephemeral', ...statsMessage({ locale, groupName, chart: request.chart ? 'sent' : 'hint' }, stats) });
  if (!request.chart) return;
  const { renderChartPng } = await import('../../../reports/chart');
  const label = stats.report.period.label;
  const title = t(locale, 'report.chart.title', { period: label });
  const png = await renderChartPng(stats.series ?? [], { locale, title });
  // files.completeUploadExternal wants a conversation id: the DM's, not the user's.
  const dm = await client.conversations.open({ users: request.userId });
  if (!dm.channel?.id) throw new Error('conversations.open answered without a channel id');
  await client.filesUploadV2({ channel_id: dm.channel.id, file: png, filename: `pledge-${label}.png`, title });
}
