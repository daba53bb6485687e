import type { EscalationView } from '../../chat/port';
import { t } from '../../i18n';
import { fieldSections, mrkdwn, truncate, type SlackMessage } from './common';
import { escapeText } from './escape';
import { bold, withEmoji } from './markup';
import { cardActions } from './card-actions';
import { cardLink } from './card-link';
import { contextBlock, facts, originLink, type CardContext } from './card-parts';
import { escalationChoices, type EscalationDecision } from './escalation';

const TITLE_MAX = 150;

/**
 * A major complaint, reported to the group leader the moment it is filed (the pledge's rule).
 * It is an escalation from the start: with it, the report offers the escalation's choices
 * (and, once decided, says who decided what).
 */
export function majorReport(ctx: CardContext & { escalation?: EscalationView; decided?: EscalationDecision; handedTo?: string }): SlackMessage {
  const { locale, timeZone, card, escalation, decided, handedTo } = ctx;
  const params = { reference: card.reference, group: escapeText(card.groupName), title: escapeText(truncate(card.title, TITLE_MAX)) };
  return {
    text: t(locale, 'major.fallback', params),
    blocks: [
      { type: 'section', text: mrkdwn(withEmoji('alarm', t(locale, 'major.report', { ...params, reference: bold(escapeText(card.reference)) }))) },
      ...fieldSections(facts(ctx, ['priority', 'status', 'category', 'owner', 'nextDue', 'filedBy', 'customer', 'contact'])),
      ...contextBlock([t(locale, 'major.report.note'), cardLink(locale, card), originLink(locale, card)]),
      ...cardActions(locale, card),
      ...(escalation ? escalationChoices(locale, timeZone, escalation, decided, handedTo) : []),
    ],
  };
}
