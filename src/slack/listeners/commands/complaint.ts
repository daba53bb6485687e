/** `/complaint`: the modal, or help / mine / show / history / digest / stats. Parses, calls one service, answers. */
import { displayNames } from '../../user-names';
import type { App } from '@slack/bolt';
import { t } from '../../../i18n';
import { filingModal } from '../../blocks/complaint-modal';
import { digestsMessage } from '../../blocks/digest';
import { escapeText } from '../../blocks/escape';
import { helpMessage } from '../../blocks/help';
import { historyMessage } from '../../blocks/history';
import { mineMessage } from '../../blocks/mine';
import { showMessage } from '../../blocks/show';
import type { SlackContext } from '../../context';
import { COMMAND } from '../../ids';
import { parseCommandText } from '../../parse/command';
import { answerStats } from './stats';

export function register(app: App, context: SlackContext): void {
  const { services, locale, timeZone, timeZoneOf } = context;
  app.command(COMMAND, async ({ command, ack, client, respond }) => {
    const request = parseCommandText(command.text);
    // Every branch acks first: Slack shows an error after 3 seconds, and trigger ids expire.
    await ack();
    const user = command.user_id;
    switch (request.kind) {
      case 'file':
        await client.views.open({
          trigger_id: command.trigger_id,
          view: filingModal(locale, services.config),
        });
        return;
      case 'mine': {
        const mine = await services.listMyComplaints(user);
        await respond({ response_type: 'ephemeral', ...mineMessage({ locale, timeZone, ...mine }) });
        return;
      }
      case 'show': {
        // Not found or not allowed: the AppError ends in the error handler, answered ephemerally.
        const card = await services.showComplaint(user, request.reference);
        await respond({ response_type: 'ephemeral', ...showMessage({ locale, timeZone: timeZoneOf(card.groupId), card }) });
        return;
      }
      case 'history': {
        // The same refusal as show: a reference someone may not see reads as one that does not exist.
        const history = await services.complaintHistory(user, request.reference);
        await respond({ response_type: 'ephemeral', ...historyMessage({ locale, timeZone }, history) });
        return;
      }
      case 'digest': {
        const mine = await services.myDigests(user, request.group);
        if (mine.status === 'ok') {
          const names = await displayNames(client, mine.digests.flatMap((d) => d.items.map((i) => i.ownerId)));
          await respond({ response_type: 'ephemeral', ...digestsMessage({ locale, names }, mine.digests) });
        } else {
          const text = mine.status === 'no_group' ? t(locale, 'digest.no_group') : t(locale, 'digest.not_your_group', { group: escapeText(request.group ?? '') });
          await respond({ response_type: 'ephemeral', text });
        }
        return;
      }
      case 'stats':
        await answerStats(context, client, respond, { userId: user, period: request.period, chart: request.chart });
        return;
      default:
        await respond({ response_type: 'ephemeral', ...helpMessage(locale) });
    }
  });
}
