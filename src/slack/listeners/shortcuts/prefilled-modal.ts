/**
 * Opens the complaint modal for an existing message, then fills in what needed a lookup:
 * the permalink (and, from a reaction, the message text). Lookups that fail leave the modal
 * usable, just without the prefill.
 */
import type { WebClient } from '@slack/web-api';
import { complaintModal } from '../../blocks/complaint-modal';
import { unescapeText } from '../../blocks/escape';
import type { SlackContext } from '../../context';
import { encodeOrigin } from '../../parse/complaint-view';
import { sealView } from '../../sealed-metadata';

export interface MessageToFile {
  triggerId: string;
  /** Who asked: the modal's metadata is sealed for them. */
  userId: string;
  channelId: string;
  messageTs: string;
  /** Known from a shortcut; undefined from a reaction, where it has to be fetched. As Slack sends it (entities encoded). */
  text?: string;
}

export async function openPrefilledModal(client: WebClient, { services, locale, seal }: SlackContext, m: MessageToFile): Promise<void> {
  const { categories, categoryNames } = services.config;
  const origin = { c: m.channelId, t: m.messageTs };
  // The modal's input is plain text: show `&` where Slack's message text says `&amp;`.
  const known = m.text === undefined ? undefined : unescapeText(m.text);
  const opened = await client.views.open({
    trigger_id: m.triggerId,
    view: sealView(seal, m.userId, complaintModal({ locale, categories, categoryNames, prefill: { details: known }, privateMetadata: encodeOrigin(origin) })),
  });
  const [permalink, text] = await Promise.all([
    client.chat.getPermalink({ channel: m.channelId, message_ts: m.messageTs }).then((r) => r.permalink, () => undefined),
    known !== undefined
      ? known
      : client.conversations
          .history({ channel: m.channelId, latest: m.messageTs, inclusive: true, limit: 1 })
          .then((r) => r.messages?.find((msg) => msg.ts === m.messageTs)?.text, () => undefined)
          .then((fetched) => (fetched === undefined ? undefined : unescapeText(fetched))),
  ]);
  if (!opened.view?.id || (!permalink && text === known)) return;
  await client.views.update({
    view_id: opened.view.id,
    hash: opened.view.hash,
    view: sealView(
      seal,
      m.userId,
      complaintModal({
        locale,
        categories,
        categoryNames,
        prefill: { details: text, permalink },
        privateMetadata: encodeOrigin({ ...origin, p: permalink?.startsWith('https://') ? permalink : undefined }),
      }),
    ),
  });
}
