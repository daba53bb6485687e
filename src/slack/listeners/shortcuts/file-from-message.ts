/**
 * "File as complaint" on a message: the modal prefilled with the message text. The modal opens
 * first (the trigger id expires in 3 seconds), then the permalink is fetched and added.
 */
import type { App, MessageShortcut } from '@slack/bolt';
import type { SlackContext } from '../../context';
import { FILE_FROM_MESSAGE_CALLBACK } from '../../ids';
import { openPrefilledModal } from './prefilled-modal';

export function register(app: App, ctx: SlackContext): void {
  app.shortcut<MessageShortcut>(FILE_FROM_MESSAGE_CALLBACK, async ({ ack, shortcut, client }) => {
    await ack();
    await openPrefilledModal(client, ctx, {
      triggerId: shortcut.trigger_id,
      userId: shortcut.user.id,
      channelId: shortcut.channel.id,
      messageTs: shortcut.message.ts,
      text: shortcut.message.text ?? '',
    });
  });
}

