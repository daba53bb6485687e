/**
 * Revealing an outside customer's contact: the button, on the card and the detail view while a
 * masked contact is there, and the private answer. Pressing it is open to anyone who sees the
 * card; the service decides who may see the contact (owner, group leader, supervisors) and
 * records every reveal. The contact appears only in the answer's blocks, never in its `text`,
 * which notifications and some logs show.
 */
import type { KnownBlock } from '@slack/types';
import type { ComplaintCard } from '../../domain/complaint';
import { t, type Locale } from '../../i18n';
import type { RevealResult } from '../../services/reveal-contact';
import { CONTACT_ACTIONS_BLOCK, REVEAL_CONTACT_ACTION } from '../ids';
import { LIMITS, mrkdwn, plain, type SlackMessage } from './common';
import { escapeText } from './escape';
import { bold, dateTime } from './markup';

export function revealActions(locale: Locale, card: ComplaintCard): KnownBlock[] {
  if (!card.maskedContact) return [];
  return [
    {
      type: 'actions',
      block_id: CONTACT_ACTIONS_BLOCK,
      elements: [{ type: 'button', action_id: REVEAL_CONTACT_ACTION, text: plain(t(locale, 'reveal.button'), LIMITS.buttonText), value: card.id }],
    },
  ];
}

export function revealMessage({ locale, timeZone }: { locale: Locale; timeZone: string }, result: RevealResult): SlackMessage {
  const reference = escapeText(result.reference);
  const text = t(locale, 'reveal.fallback', { reference });
  if (result.status === 'none') return { text, blocks: [{ type: 'section', text: mrkdwn(t(locale, 'reveal.none', { reference })) }] };
  if (result.status === 'erased') {
    const date = dateTime(locale, result.erasedAt, timeZone);
    return { text, blocks: [{ type: 'section', text: mrkdwn(t(locale, 'reveal.erased', { reference, date })) }] };
  }
  const { name, value } = result.contact;
  const shown = name
    ? t(locale, 'reveal.shown_named', { reference: bold(reference), name: escapeText(name), value: escapeText(value) })
    : t(locale, 'reveal.shown', { reference: bold(reference), value: escapeText(value) });
  return {
    text,
    blocks: [
      { type: 'section', text: mrkdwn(shown) },
      { type: 'context', elements: [mrkdwn(t(locale, 'reveal.note'))] },
    ],
  };
}

/** The refusal, naming who may: the same words whatever the reason they may not. */
export function revealRefusal(locale: Locale, reference: string): string {
  return t(locale, 'reveal.refused', { reference: escapeText(reference) });
}
