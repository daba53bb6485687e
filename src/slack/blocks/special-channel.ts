import { maskPersonalData } from '../../domain/mask';
import { t } from '../../i18n';
import { fieldSections, mrkdwn, truncate, type SlackMessage } from './common';
import { escapeText } from './escape';
import { bold } from './markup';
import { contextBlock, facts, type CardContext } from './card-parts';

// Slack channel names: lower case, no spaces or periods, at most 80 characters.
const NAME_MAX = 80;

/** `plg-2026-000123`, then `plg-2026-000123-2`, ... when a name is taken. */
export function specialChannelName(reference: string, attempt = 1): string {
  const base = reference.toLowerCase().replace(/[^a-z0-9_-]+/g, '-');
  const suffix = attempt > 1 ? `-${attempt}` : '';
  return `${base.slice(0, NAME_MAX - suffix.length)}${suffix}`;
}

/** Pinned at the top of a major complaint's own channel. A channel: personal data is masked. */
export function specialChannelSummary(ctx: CardContext): SlackMessage {
  const { locale, card } = ctx;
  const params = { reference: card.reference, title: escapeText(truncate(maskPersonalData(card.title), 150)) };
  const details = escapeText(truncate(maskPersonalData(card.details.trim()), 1500));
  return {
    text: t(locale, 'special.fallback', params),
    blocks: [
      { type: 'section', text: mrkdwn(t(locale, 'special.summary', { ...params, reference: bold(escapeText(card.reference)) })) },
      ...(details ? [{ type: 'section' as const, text: mrkdwn(details) }] : []),
      ...fieldSections(facts(ctx, ['priority', 'status', 'category', 'group', 'owner', 'nextDue', 'filedBy', 'filedAt', 'customer', 'contact'])),
      ...contextBlock([escapeText(t(locale, 'special.note'))]),
    ],
  };
}
