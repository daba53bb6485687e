import { t } from '../../i18n';
import { fieldSections, LIMITS, mrkdwn, truncate, type SlackMessage } from './common';
import { escapeText } from './escape';
import { acceptActions, acceptedLine, contextBlock, facts, headerBlock, originLink, type CardContext } from './card-parts';

/** Everything about one complaint, for `/complaint show <ref>`. */
export function showMessage(ctx: CardContext): SlackMessage {
  const { locale, card } = ctx;
  const label = `*${escapeText(t(locale, 'card.details'))}*\n`;
  const details = card.details.trim();
  // Escaping can grow text up to 5x (`<` -> `&lt;`), so cut generously before and exactly after.
  const body = details ? escapeText(truncate(details, LIMITS.sectionText - label.length)) : t(locale, 'card.no_details');
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
          'firstResponder',
          'filedBy',
          'filedAt',
          'ackDue',
          'acceptedAt',
          'customer',
          'contact',
        ]),
      ),
      { type: 'section', text: mrkdwn(label + body) },
      ...contextBlock([acceptedLine(ctx), originLink(locale, card)]),
      ...acceptActions(locale, card),
    ],
  };
}
