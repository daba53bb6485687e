import { t } from '../../i18n';
import { fieldSections, mrkdwn, truncate, type SlackMessage } from './common';
import { escapeText } from './escape';
import { cardActions } from './card-actions';
import { contextBlock, facts, originLink, type CardContext } from './card-parts';

const TITLE_MAX = 150;

/** A major complaint, reported to the group leader the moment it is filed (the pledge's rule). */
export function majorReport(ctx: CardContext): SlackMessage {
  const { locale, card } = ctx;
  const params = { reference: card.reference, group: escapeText(card.groupName), title: escapeText(truncate(card.title, TITLE_MAX)) };
  return {
    text: t(locale, 'major.fallback', params),
    blocks: [
      { type: 'section', text: mrkdwn(t(locale, 'major.report', params)) },
      ...fieldSections(facts(ctx, ['priority', 'status', 'category', 'owner', 'nextDue', 'filedBy', 'customer', 'contact'])),
      ...contextBlock([t(locale, 'major.report.note'), originLink(locale, card)]),
      ...cardActions(locale, card),
    ],
  };
}
