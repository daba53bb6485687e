/**
 * What each click on a card decides: the one service Slack's button calls, with the clicker as
 * the actor (WeCom vouches for FromUserName), and the words the clicked card then shows in
 * place of its buttons (who decided what, when), read from what the service returns, so a
 * click acted on again after a crash shows the same decision. Withdraw first asks "are you
 * sure?" in the card's place (cards/filer.ts). A click the service refuses throws its AppError;
 * one that changes nothing because someone else got there first is a refusal in words too.
 */
import { formatDateTime, standingLabel, t } from '../../i18n';
import { filerCard, withdrawConfirmCard } from '../cards/filer';
import type { Click } from '../cards/keys';
import type { ButtonCard } from '../messages';
import type { WeComListenerContext } from './context';

/** Words for the clicked card's button, a card to show in its place, or a refusal told to the clicker. */
export type Decided = { decided: string; complaintId: string } | { shown: ButtonCard; complaintId: string } | { refusal: string; complaintId: string };

/** `taskId`: the clicked card's (WeCom's TaskId), which a card shown in its place keeps. */
export async function decide(ctx: WeComListenerContext, click: Click, actorId: string, taskId: string): Promise<Decided> {
  const { services, locale } = ctx;
  const at = (groupId: string, date: Date) => formatDateTime(locale, date, ctx.timeZoneOf(groupId));
  switch (click.verb) {
    case 'accept': {
      const { changed, complaint: c } = await services.acceptComplaint({ complaintId: click.complaintId, actorId });
      const time = c.acceptedAt ? at(c.groupId, c.acceptedAt) : '';
      // Someone else accepted first: say who, and who handles it. A second click by the one who
      // accepted (a double click) shows their acceptance again.
      if (!changed && c.acceptedById !== actorId) {
        const params = { reference: c.reference, user: c.acceptedById ?? c.ownerId, time, owner: c.ownerId };
        return { refusal: t(locale, actorId === c.ownerId ? 'card.accepted_already' : 'card.accepted_already.other', params), complaintId: c.id };
      }
      return { decided: t(locale, 'card.accepted', { user: c.acceptedById ?? actorId, time }), complaintId: c.id };
    }
    case 'start_investigation': {
      await services.startInvestigation({ complaintId: click.complaintId, actorId });
      const zone = (await ctx.card(click.complaintId))?.groupId ?? '';
      return { decided: t(locale, 'wecom.decided.investigating', { user: actorId, time: at(zone, ctx.clock.now()) }), complaintId: click.complaintId };
    }
    case 'withdraw': {
      // Nothing is written yet: the question is put only to someone who may withdraw it now.
      const card = await services.prepareAction({ complaintId: click.complaintId, actorId, action: 'withdraw' });
      return { shown: withdrawConfirmCard({ locale, timeZone: ctx.timeZoneOf(card.groupId), ...(ctx.links && { links: ctx.links }), taskId, card }), complaintId: card.id };
    }
    case 'withdraw_cancelled': {
      // The filing card again, as it stands now: with Withdraw while that is still open to them,
      // else (accepted meanwhile) its buttons give way to where it stands. Nothing is written;
      // a clicker who may not see the complaint is told it is not found.
      const card = await services.complaintFor(actorId, click.complaintId);
      const shown = filerCard({ locale, timeZone: ctx.timeZoneOf(card.groupId), ...(ctx.links && { links: ctx.links }), taskId, card });
      if (shown.buttons.length > 0) return { shown, complaintId: card.id };
      return { decided: t(locale, 'wecom.decided.standing', { status: standingLabel(locale, card) }), complaintId: card.id };
    }
    case 'withdraw_confirmed': {
      // A second click by the filer finds it withdrawn and changes nothing; the card shows it withdrawn again.
      await services.withdrawComplaint({ complaintId: click.complaintId, actorId });
      const zone = (await ctx.card(click.complaintId))?.groupId ?? '';
      return { decided: t(locale, 'wecom.decided.withdrawn', { user: actorId, time: at(zone, ctx.clock.now()) }), complaintId: click.complaintId };
    }
    case 'approve':
    case 'consent_agree':
    case 'consent_decline': {
      const consent = click.verb !== 'approve';
      const approve = click.verb !== 'consent_decline';
      const r = await services.decideApproval({ approvalId: click.approvalId, actorId, approve, expects: consent ? 'consent' : 'approval' });
      const key = consent ? (approve ? 'consent.agreed' : 'consent.declined') : 'approval.approved';
      return { decided: t(locale, key, { user: actorId, time: at(r.complaint.groupId, r.decidedAt) }), complaintId: r.complaint.id };
    }
    case 'escalation_approve': {
      // Taken on as it stands: the handler kept, the priority unchanged. A new handler or a higher
      // priority is chosen on the escalation's page.
      const r = await services.decideEscalation({ escalationId: click.escalationId, actorId, answer: { decision: 'approve' } });
      return { decided: t(locale, 'escalation.decided.approve', { user: actorId, time: at(r.complaint.groupId, r.decidedAt) }), complaintId: r.complaint.id };
    }
    case 'rate': {
      await services.recordSurvey({ complaintId: click.complaintId, actorId, rating: click.rating, channel: 'dm' });
      const { card } = await services.prepareSurvey({ complaintId: click.complaintId, actorId, channel: 'dm', toShow: true });
      return { decided: t(locale, 'wecom.decided.rated', { user: actorId, rating: click.rating, time: at(card.groupId, ctx.clock.now()) }), complaintId: card.id };
    }
  }
}
