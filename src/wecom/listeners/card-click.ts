/**
 * A click on one of Pledge's cards (template_card_event): the key says which decision on which
 * complaint or request (cards/keys.ts), the one service decides and checks that the clicker may
 * (decisions.ts), and then, through the outbox, the card that was clicked shows the decision in
 * place of its buttons, or a question in its place (update_template_card with the click's
 * ResponseCode, valid once: the row is keyed on it, so a crash or WeCom's retry neither loses
 * the update nor makes it twice).
 * A refusal is answered in words, to the clicker alone, and the card is left as it was.
 */
import { refusalText, appErrorOf } from '../../chat/render/refusal';
import { enqueue } from '../../db/outbox';
import { t } from '../../i18n';
import { parseClick } from '../cards/keys';
import { taskIdFor } from '../cards/common';
import { buttonCard, textMessage } from '../messages';
import { CARD_UPDATE_KIND } from '../wecom';
import { text } from '../xml';
import type { WeComListener } from './context';
import { decide, type Decided } from './decisions';
import { reply } from './reply';

/** A refusal names people by their UserID: a text message has no mentions. */
const plain = { escape: (s: string) => s, person: (id: string) => id };

export const cardClick: WeComListener = async (ctx, callback) => {
  const key = text(callback.message, 'EventKey');
  const click = parseClick(key);
  if (!click) {
    ctx.log('warn', `wecom card click: a key no card of ours carries (${JSON.stringify((key ?? '').slice(0, 80))})`);
    return reply(ctx, callback, textMessage(t(ctx.locale, 'error.invalid_input')));
  }
  let outcome: Decided;
  try {
    // WeCom names the clicked card's task_id; a card of ours always has one.
    outcome = await decide(ctx, click, callback.from, text(callback.message, 'TaskId') ?? taskIdFor(callback.key));
  } catch (error) {
    const coded = appErrorOf(error);
    // Anything else (the database) is worth another try: the callback stays in the outbox.
    if (!coded) throw error;
    ctx.log('info', `wecom card click refused: ${coded.code}: ${coded.message}`);
    return reply(ctx, callback, textMessage(refusalText(ctx.locale, error, plain)));
  }
  if ('refusal' in outcome) return reply(ctx, callback, textMessage(outcome.refusal), outcome.complaintId);
  const responseCode = text(callback.message, 'ResponseCode');
  if (!responseCode) return;
  await enqueue(ctx.prisma, ctx.clock.now(), [
    {
      dedupeKey: `wecom:card:${responseCode}:update`,
      kind: CARD_UPDATE_KIND,
      target: callback.from,
      complaintId: outcome.complaintId,
      payload: { responseCode, ...('shown' in outcome ? { card: buttonCard(outcome.shown).template_card } : { label: outcome.decided }) },
    },
  ]);
  ctx.queued?.();
};
