/** The supervisors' quality sample as lines to read: who, what, where it stands, and a link. */
import type { SampleItem } from '../services/report';
import { standingLabel, type Locale } from '../i18n';

/**
 * A message's permalink without knowing the workspace's domain: slack.com/archives redirects
 * to it. The path takes the message ts without its dot ("1764470400.000100" -> p1764470400000100).
 */
export function slackMessageLink(channelId: string, ts: string): string {
  return `https://slack.com/archives/${channelId}/p${ts.replace('.', '')}`;
}

export function sampleLines(items: SampleItem[], locale: Locale, groupName: (groupId: string) => string): string[] {
  return items.map((item) => {
    const status = standingLabel(locale, item);
    const link = item.channelId && item.rootMessageId ? slackMessageLink(item.channelId, item.rootMessageId) : '-';
    const title = item.title.replace(/\s+/g, ' ').trim();
    return [item.reference, title, groupName(item.groupId), item.ownerId, status, link].join('  ');
  });
}
