/**
 * After a step that makes buttons in people's DMs unusable (an archive, a reopen), those DMs are
 * shown again as things stand: each builder renders a button only while it can still work.
 * Only messages that ever carry such buttons are looked at. Cosmetic per message: one that can
 * no longer be edited (deleted, say) does not hold up the others or fail the delivery.
 */
import type { ComplaintCard } from '../domain/complaint';
import { NO_LIMIT } from '../domain/sla';
import * as outbox from '../db/outbox';
import type { Store } from '../db/tx';
import { PermanentDeliveryError, type ChatPort, type Line, type ReviewView, type SentMessage } from './port';

/** The kinds of messages with buttons an archive or a reopen can make unusable (the major report carries its escalation's). */
const KINDS = ['notice', 'survey.ask', 'review.ask', 'escalation.ask', 'major.leader'] as const;
/** Notices that carry buttons: Reopen after a result or rejection, Record follow-up. */
const NOTICES_WITH_BUTTONS = new Set(['notice.result', 'notice.rejected', 'notice.follow_up_call']);

export async function reviewView(prisma: Store, reviewId: string): Promise<ReviewView | undefined> {
  const r = await prisma.review.findUnique({ where: { id: reviewId } });
  if (!r) return undefined;
  const survey = r.cause === 'low_rating' ? await prisma.survey.findUnique({ where: { complaintId: r.complaintId }, select: { comment: true } }) : null;
  // Requested: the complainant's reason; a low rating: their comment with it.
  return { id: r.id, cause: r.cause, rating: r.rating, comment: r.reason ?? survey?.comment ?? null, outcome: r.outcome, decidedBy: r.decidedBy, decidedAt: r.decidedAt };
}

async function asSent(prisma: Store, card: ComplaintCard, kind: string, payload: Record<string, unknown>): Promise<SentMessage | undefined> {
  switch (kind) {
    case 'notice': {
      const line: Line = { key: String(payload.key), params: (payload.params as Line['params']) ?? {} };
      return NOTICES_WITH_BUTTONS.has(line.key) ? { kind, line } : undefined;
    }
    case 'survey.ask': {
      const survey = await prisma.survey.findUnique({ where: { complaintId: card.id } });
      return { kind, ...(survey ? { rated: { rating: survey.rating, at: survey.updatedAt } } : {}) };
    }
    case 'review.ask': {
      const review = await reviewView(prisma, String(payload.reviewId));
      return review ? { kind, review } : undefined;
    }
    case 'major.leader':
    // The major report asked the leader's level-1 escalation itself, so it carries the choices too.
    case 'escalation.ask': {
      // Only those closed with the complaint: a person's decision already shows in its DM.
      if (!payload.escalationId) return undefined;
      const e = await prisma.escalation.findUnique({ where: { id: String(payload.escalationId) } });
      if (e?.decision !== 'closed' || !e.decidedAt) return undefined;
      const escalation = { id: e.id, level: e.level, stage: e.stage, reason: e.reason, left: NO_LIMIT, dueAt: null, decision: e.decision };
      return { kind: 'escalation.ask', escalation, decided: { decision: e.decision, by: e.decidedBy ?? 'system', at: e.decidedAt } };
    }
    default:
      return undefined;
  }
}

export async function refreshSentAbout(prisma: Store, chat: ChatPort, card: ComplaintCard, log?: (message: string) => void): Promise<void> {
  for (const row of await outbox.sentAbout(prisma, card.id, KINDS)) {
    const sent = await asSent(prisma, card, row.kind, row.payload);
    if (!sent) continue;
    try {
      await chat.refreshSent(row.ref, card, sent);
    } catch (error) {
      if (!(error instanceof PermanentDeliveryError)) throw error;
      log?.(`could not refresh ${row.kind} in ${row.ref.channel}: ${error.message}`);
    }
  }
}
