/** A reaction on a message: with the configured emoji, privately offer to file the message. */
import type { App } from '@slack/bolt';
import type { SlackContext } from '../../context';

export function register(app: App, { services }: SlackContext): void {
  app.event('reaction_added', async ({ event }) => {
    if (event.item.type !== 'message') return;
    // Idempotent per message and person (outbox dedupe key), so Slack's retries offer once.
    await services.offerToFile({
      userId: event.user,
      reaction: event.reaction,
      channelId: event.item.channel,
      messageTs: event.item.ts,
    });
  });
}
