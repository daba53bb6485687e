/**
 * Requests that need someone's yes: the group leader's approval (a rejection, a handover) and a
 * team-member filer's consent (an extension). Approving and either answer to consent are a
 * click; declining an approval needs a reason, so it opens its page in WeCom.
 */
import type { ApprovalView } from '../../chat/port';
import { t } from '../../i18n';
import type { ButtonCard } from '../messages';
import { cardOf, plainLine, stepButton, withQuote, type CardContext } from './common';
import { clickKey } from './keys';

const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

/** Who a handover is from, as the request recorded it (older requests: whoever asked). */
const handedFrom = (approval: ApprovalView): string => str(approval.payload.fromOwnerId) || approval.requestedBy;

export function approvalCard(ctx: CardContext, approval: ApprovalView): ButtonCard {
  const { locale, card } = ctx;
  const p = approval.payload;
  const key = approval.kind === 'handover' ? 'approval.handover' : approval.kind === 'extension' ? 'approval.extension' : 'approval.rejection';
  // The reason goes in the quote below, whole, rather than cut short inside the sentence.
  const text = plainLine(ctx, { key, params: { requester: approval.requestedBy, reference: card.reference, owner: handedFrom(approval), to: str(p.toOwnerId), due: str(p.dueAt), text: '' } });
  const asked = cardOf(ctx, {
    text,
    facts: ['status', 'priority', 'owner', 'firstContact', 'nextDue'],
    buttons: [{ text: t(locale, 'approval.approve'), key: clickKey({ verb: 'approve', approvalId: approval.id }) }, ...stepButton(ctx, 'approval_decline', 'approval.decline', approval.id, 3)],
  });
  return withQuote(asked, str(p.reason));
}

export function consentCard(ctx: CardContext, approval: ApprovalView): ButtonCard {
  const { locale, card } = ctx;
  const p = approval.payload;
  const asked = plainLine(ctx, { key: 'consent.ask', params: { requester: approval.requestedBy, reference: card.reference, stage: str(p.stage), due: str(p.dueAt), text: '' } });
  return withQuote(
    cardOf(ctx, {
      text: `${asked}\n${t(locale, 'consent.question')}`,
      buttons: [
        { text: t(locale, 'consent.agree'), key: clickKey({ verb: 'consent_agree', approvalId: approval.id }) },
        { text: t(locale, 'consent.decline'), key: clickKey({ verb: 'consent_decline', approvalId: approval.id }), style: 3 },
      ],
    }),
    str(p.reason),
  );
}
