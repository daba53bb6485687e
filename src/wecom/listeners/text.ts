/**
 * A text message to the app: on WeCom a member writes to the app to complain, as they would to a
 * colleague. Nothing is filed from the message itself (it has no category, priority or title,
 * and the Slack modal's checks apply to every filing); the answer is the filing form's link.
 * What the member wrote is not logged or stored.
 */
import type { WeComListener } from './context';
import { pageLinkMessage } from './page-link';
import { reply } from './reply';

export const onText: WeComListener = async (ctx, callback) => {
  await reply(ctx, callback, pageLinkMessage(ctx.locale, ctx.links, 'file'));
};
