import { t } from '../../i18n';
import { fieldSections, LIMITS, mrkdwn, truncate, type SlackMessage } from './common';
import { escapeText } from './escape';
import { italic } from './markup';
import { cardActions } from './card-actions';
import { revealActions } from './contact-reveal';
import { acceptedLine, contextBlock, facts, headerBlock, originLink, outcomeSections, type CardContext } from './card-parts';

// Label and escaping need room inside a section's 3000 characters.
const OUTCOME_MAX = 2500;

/** Everything about one complaint, for `/complaint show <ref>`. */
export function showMessage(ctx: CardContext): SlackMessage {
  const { locale, card } = ctx;
  const label = `*${escapeText(t(locale, 'card.details'))}*\n`;
  const details = card.details.trim();
  // Escaping can grow text up to 5x (`<` -> `&lt;`), so cut generously before and exactly after.
  const body = details ? escapeText(truncate(details, LIMITS.sectionText - label.length)) : italic(t(locale, 'card.no_details'));
  return {
    text: t(locale, 'show.fallback', { reference: card.reference, title: escapeText(card.title) }),
    blocks: [
      headerBlock(card),
      ...fieldSections(
        facts(ctx, [
          'priority',
          'status',
          'category',
          'source',
          'group',
          'owner',
          'firstContact',
          'filedBy',
          'filedAt',
          'nextDue',
          'waiting',
          'acceptedAt',
          'archivedAt',
          'customer',
          'contact',
        ]),
      ),
      { type: 'section', text: mrkdwn(label + body) },
      ...outcomeSections(ctx, { mask: false, max: OUTCOME_MAX }),
      ...contextBlock([acceptedLine(ctx), originLink(locale, card)]),
      ...cardActions(locale, card),
      ...revealActions(locale, card),
    ],
  };
}
