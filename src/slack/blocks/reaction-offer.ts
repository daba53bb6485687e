import { t, type Locale } from '../../i18n';
import { OPEN_FILE_MODAL_ACTION, REACTION_OFFER_BLOCK } from '../ids';
import { LIMITS, mrkdwn, plain, type SlackMessage } from './common';

export interface ReactionOfferInput {
  locale: Locale;
  channelId: string;
  messageTs: string;
}

/** What the button carries: the message to prefill the modal from. Short keys keep it small. */
export interface ReactionOfferValue {
  c: string;
  t: string;
}

/** Offered (ephemerally) when someone marks a message as a complaint with a reaction. */
export function reactionOffer({ locale, channelId, messageTs }: ReactionOfferInput): SlackMessage {
  const value: ReactionOfferValue = { c: channelId, t: messageTs };
  const text = t(locale, 'reaction.offer');
  return {
    text,
    blocks: [
      {
        type: 'section',
        block_id: REACTION_OFFER_BLOCK,
        text: mrkdwn(text),
        accessory: {
          type: 'button',
          action_id: OPEN_FILE_MODAL_ACTION,
          text: plain(t(locale, 'reaction.button'), LIMITS.buttonText),
          value: JSON.stringify(value),
        },
      },
    ],
  };
}
