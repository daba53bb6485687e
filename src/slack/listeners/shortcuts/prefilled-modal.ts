/**
 * Opens the complaint modal for an existing message, then fills in what needed a lookup:
 * the permalink (and, from a reaction, the message text). Lookups that fail leave the modal
 * usable, just without the prefill.
 */
import type { WebClient } from '@slack/web-api';
import { complaintModal } from '../../blocks/complaint-modal';
import type { SlackContext } from '../../context';
import { encodeOrigin } from '../../parse/complaint-view';

export interface MessageToFile {
  triggerId: string;
  channelId: string;
  messageTs: string;
  /** Known from a shortcut; undefined from a reaction, where it has to be fetched. */
  text?: string;
}

export async function openPrefilledModal(client: WebClient, { services, locale }: SlackContext, m: MessageToFile): Promise<void> {
  const categories = services.config.categories;
  const origin = { c: m.channelId, t: m.messageTs };
  const opened = await client.views.open({
    trigger_id: m.triggerId,
    view: complaintModal({ locale, categories, prefill: { details: m.text }, privateMetadata: encodeOrigin(origin) }),
  });
  const [permalink, text] = await Promise.all([
    client.chat.getPermalink({ channel: m.channelId, message_ts: m.messageTs }).then((r) => r.permalink, () => undefined),
    m.text !== undefined
      ? m.text
      : client.conversations
          .history({ channel: m.channelId, latest: m.messageTs, inclusive: true, limit: 1 })
          .then((r) => r.messages?.find((msg) => msg.ts === m.messageTs)?.text, () => undefined),
  ]);
  if (!opened.view?.id || (!permalink && text === m.text)) return;
  await client.views.update({
    view_id: opened.view.id,
    hash: opened.view.hash,
    view: complaintModal({
      locale,
      categories,
      prefill: { details: text, permalink },
      privateMetadata: encodeOrigin({ ...origin, p: permalink?.startsWith('https://') ? permalink : undefined }),
    }),
  });
}
