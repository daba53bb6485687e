import { maskPersonalData } from '../../domain/mask';
import { priorityLabel, t } from '../../i18n';
import { fieldSections, mrkdwn, truncate, type SlackMessage } from './common';
import { escapeText } from './escape';
import { cardActions } from './card-actions';
import { revealActions } from './contact-reveal';
import { acceptedLine, contextBlock, facts, headerBlock, originLink, outcomeSections, type CardContext } from './card-parts';

// Enough of the details to tell complaints apart in the channel; `/complaint show` has the rest.
const EXCERPT = 300;
// The solution and result on the card: the thread and `/complaint show` carry them in full.
const OUTCOME_EXCERPT = 600;

/** The group channel's root message for a complaint; updated in place as it moves on. */
export function complaintCard(ctx: CardContext): SlackMessage {
  const { locale, card } = ctx;
  // Many people read a channel: a phone number, e-mail or ID pasted into free text is masked there.
  const title = maskPersonalData(card.title);
  // Truncate before escaping so the cut never splits an `&amp;` entity.
  const excerpt = escapeText(truncate(maskPersonalData(card.details.trim()), EXCERPT));
  return {
    text: t(locale, 'card.fallback', {
      reference: card.reference,
      priority: priorityLabel(locale, card.priority),
      title: escapeText(title),
    }),
    blocks: [
      headerBlock({ ...card, title }),
      ...(excerpt ? [{ type: 'section' as const, text: mrkdwn(excerpt) }] : []),
      ...fieldSections(facts(ctx, ['priority', 'status', 'category', 'source', 'owner', 'firstContact', 'nextDue', 'waiting', 'filedBy', 'customer', 'contact', 'reach', 'followUp'])),
      ...outcomeSections(ctx, { mask: true, max: OUTCOME_EXCERPT }),
      ...contextBlock([acceptedLine(ctx), originLink(locale, card)]),
      ...cardActions(locale, card),
      ...revealActions(locale, card),
    ],
  };
}
