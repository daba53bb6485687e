/**
 * Delivers the outbox. Each message is rendered from the complaint's state at delivery time,
 * so a late delivery never shows stale facts. Backoff is exponential and capped; after
 * `maxAttempts` a message is marked failed and stays listed (pledge outbox) rather than lost.
 *
 * Rate limits (HTTP 429 Retry-After) are the platform client's business (@slack/web-api waits
 * and retries itself); this loop only retries what the client finally gave up on.
 */
import type { Clock } from '../clock';
import type { ComplaintCard } from '../domain/complaint';
import type { DigestModel } from '../domain/digest';
import { NO_LIMIT } from '../domain/sla';
import { timeLeftFromParams } from '../i18n';
import type { HomeModel } from '../domain/home';
import * as complaints from '../db/complaints';
import * as outbox from '../db/outbox';
import type { Store } from '../db/tx';
import * as lifecycle from '../db/lifecycle';
import { COMPLAINANT_KIND } from '../db/reach';
import { DeliveryDeferred } from './deferred';
import { withDelivery } from './delivery-context';
import { refreshSentAbout, reviewView } from './refresh-sent';
import { PermanentDeliveryError, type ApprovalView, type ChatPort, type EscalationView, type Line, type MessageRef } from './port';

export interface DispatcherOptions {
  maxAttempts: number;
  /** First retry delay; doubles each attempt up to maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** How long a claimed message is hidden from other dispatchers while it is being sent. */
  leaseMs: number;
  batchSize: number;
}

export const defaultDispatcherOptions: DispatcherOptions = {
  maxAttempts: 8,
  baseDelayMs: 5_000,
  maxDelayMs: 15 * 60_000,
  leaseMs: 2 * 60_000,
  batchSize: 50,
};

export interface DispatcherDeps {
  prisma: Store;
  clock: Clock;
  chat: ChatPort;
  card(complaintId: string): Promise<ComplaintCard | undefined>;
  /** A person's App Home as it is now (rendered at delivery, like everything else). */
  home(userId: string): Promise<HomeModel>;
  /** The channel of a group, by group id. */
  groupChannel(groupId: string): string | undefined;
  /** Sends a message to the complainant (e-mail, SMS); absent when the team has no such channel. */
  reach?(message: outbox.ClaimedMessage, card: ComplaintCard, now: Date): Promise<MessageRef | { until: Date }>;
  /** Sends the public form's verification code or link (kind web.verify); absent when no form is served. */
  verify?(submissionId: string, now: Date): Promise<MessageRef | undefined>;
  log?: (level: 'warn' | 'error', message: string) => void;
  /**
   * Kinds delivered by a platform's own code rather than through the port: a WeCom callback to
   * act on (`wecom.callback`), a message WeCom-only code composed (`wecom.message`).
   */
  kinds?: Record<string, (message: outbox.ClaimedMessage, now: Date) => Promise<MessageRef | void | { until: Date }>>;
  /**
   * Waits while the platform's callbacks are being answered (answers-first.ts): asked before
   * each claim and each delivery, since answering has a deadline and delivering has none.
   */
  turn?(): Promise<void>;
}

export type Outcome = 'sent' | 'retry' | 'failed' | 'postponed';

export class Dispatcher {
  private readonly options: DispatcherOptions;
  constructor(private readonly deps: DispatcherDeps, options: Partial<DispatcherOptions> = {}) {
    this.options = { ...defaultDispatcherOptions, ...options };
  }

  /**
   * Delivers what is due now, batch after batch, until nothing due is left. Returns counts.
   * A short batch does not end it: a delivery may queue a follow-up (the card's refresh once
   * the major report is in the leader's hands), which goes out in the same drain.
   */
  async drain(): Promise<Record<Outcome, number>> {
    const counts: Record<Outcome, number> = { sent: 0, retry: 0, failed: 0, postponed: 0 };
    for (;;) {
      await this.deps.turn?.();
      const batch = await outbox.claimDue(this.deps.prisma, this.deps.clock.now(), this.options.leaseMs, this.options.batchSize);
      if (batch.length === 0) return counts;
      for (const message of batch) {
        await this.deps.turn?.();
        counts[await this.deliverOne(message)]++;
      }
    }
  }

  private async deliverOne(message: outbox.ClaimedMessage): Promise<Outcome> {
    const { prisma, clock } = this.deps;
    try {
      const result = await withDelivery({ key: message.dedupeKey, mayHaveLanded: message.attempts > 1 }, () => this.send(message));
      if (result === 'postpone' || (result && 'until' in result)) {
        const until = result === 'postpone' ? new Date(clock.now().getTime() + this.options.baseDelayMs) : result.until;
        await outbox.postpone(prisma, message.id, until);
        return 'postponed';
      }
      await outbox.markSent(prisma, message.id, clock.now(), result ?? {});
      await this.afterComplainantMessage(message);
      return 'sent';
    } catch (error) {
      if (error instanceof DeliveryDeferred) {
        await outbox.postpone(prisma, message.id, error.until);
        return 'postponed';
      }
      const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      if (error instanceof PermanentDeliveryError || message.attempts >= this.options.maxAttempts) {
        await outbox.markFailed(prisma, message.id, clock.now(), text);
        await this.afterComplainantMessage(message);
        this.deps.log?.('error', `outbox: gave up on ${message.dedupeKey} after ${message.attempts} attempt(s): ${text}`);
        return 'failed';
      }
      const delay = Math.min(this.options.maxDelayMs, this.options.baseDelayMs * 2 ** (message.attempts - 1));
      await outbox.markRetry(prisma, message.id, new Date(clock.now().getTime() + delay), text);
      this.deps.log?.('warn', `outbox: ${message.dedupeKey} failed (attempt ${message.attempts}), retrying in ${delay} ms: ${text}`);
      return 'retry';
    }
  }

  /** The card shows whether the complainant was reached: once a message to them settles, it is re-rendered. */
  private async afterComplainantMessage(message: outbox.ClaimedMessage): Promise<void> {
    if (message.kind !== COMPLAINANT_KIND || !message.complaintId) return;
    await outbox.enqueue(this.deps.prisma, this.deps.clock.now(), [
      { dedupeKey: `${message.dedupeKey}:settled:refresh`, kind: 'complaint.refresh', target: message.complaintId, complaintId: message.complaintId },
    ]);
  }

  private async send(message: outbox.ClaimedMessage): Promise<MessageRef | void | 'postpone' | { until: Date }> {
    const { chat, prisma, clock } = this.deps;
    const p = message.payload;
    const own = this.deps.kinds?.[message.kind];
    if (own) return own(message, clock.now());
    const can = chat.capabilities;
    if (message.kind === 'home.refresh') {
      // Nothing to push: the platform renders the home view when it is opened.
      if (!can.home) return;
      return chat.publishHome(message.target, await this.deps.home(message.target));
    }
    if (message.kind === 'digest.post') {
      return chat.postDigest(message.target, reviveDigest(p.model));
    }
    if (message.kind === 'web.verify') {
      if (!this.deps.verify) throw new PermanentDeliveryError('the public form is not served here (page.form, PLEDGE_PUBLIC_URL)');
      return this.deps.verify(message.target, clock.now());
    }
    if (message.kind === outbox.FILING_FAILED_KIND) {
      // No complaint to render from: the title it was filed under is all there is.
      return chat.tellFilingFailed(message.target, String(p.title ?? ''));
    }
    if (message.kind === 'file.offer') {
      // Said in the channel, the offer would be read by everyone there, so none is made.
      if (!can.ephemeral) return;
      return chat.offerToFile(message.target, String(p.channelId), String(p.messageTs));
    }
    const card = message.complaintId ? await this.deps.card(message.complaintId) : undefined;
    if (!card) throw new PermanentDeliveryError(`complaint ${message.complaintId} not found`);
    switch (message.kind) {
      case 'complaint.post': {
        const ref = await chat.postComplaint(message.target, card);
        await complaints.setRootMessage(prisma, card.id, ref.channel, ref.id);
        return ref;
      }
      case 'complaint.refresh': {
        // A card that cannot be edited stays as posted: each step's line tells the channel what changed.
        if (can.updates !== 'any') return;
        const root = await this.root(card.id);
        if (root === 'postpone' || root === undefined) return root === 'postpone' ? root : undefined;
        return chat.updateComplaint(root, card);
      }
      case 'thread.line': {
        // No threads: the line stands alone in the group's channel, naming the complaint it is about.
        if (!can.threads) return this.channelLine(card, line(p));
        const root = await this.root(card.id);
        if (root === 'postpone') return root;
        const special = await complaints.specialChannel(prisma, card.id);
        // No root message ever (its post failed for good): the line still goes to the special channel.
        if (!root) return special ? chat.postThreadLine({ channel: special, id: '' }, null, card, line(p)) : undefined;
        return chat.postThreadLine(root, special, card, line(p));
      }
      case 'owner.assigned':
        return chat.notifyOwner(message.target, card);
      case 'owner.refresh': {
        // Where the handler's message cannot be brought up to date, they get a new one with the
        // steps open now: on WeCom the clicked card shows only the decision, and starting the
        // investigation is a click no page offers.
        if (can.updates !== 'any') return chat.notifyOwner(message.target, card);
        // The handler's DM, once it landed: rendered now, it offers only what is open now.
        const told = await outbox.landed(prisma, 'owner.assigned', card.id, message.target);
        if (told.pending) return 'postpone';
        for (const ref of told.refs) await chat.updateOwnerMessage(ref, card);
        return;
      }
      case 'filer.confirmed':
        return chat.confirmFiler(message.target, card);
      case 'notice':
        return chat.sendNotice(message.target, card, line(p));
      case 'approval.ask':
      case 'consent.ask': {
        const approval = await lifecycle.findApproval(prisma, String(p.approvalId));
        if (!approval) throw new PermanentDeliveryError(`approval ${String(p.approvalId)} not found`);
        // Already answered (say, by the leader from App Home): asking now would only confuse.
        if (approval.status !== 'pending') return;
        const view = { id: approval.id, kind: approval.kind as ApprovalView['kind'], requestedBy: approval.requestedBy, payload: approval.payload as Record<string, unknown> };
        return message.kind === 'approval.ask' ? chat.askApproval(message.target, card, view) : chat.askConsent(message.target, card, view);
      }
      case 'approval.closed': {
        const approval = await lifecycle.findApproval(prisma, String(p.approvalId));
        if (!approval) throw new PermanentDeliveryError(`approval ${String(p.approvalId)} not found`);
        const asked = await outbox.askFor(prisma, card.id, approval.id);
        // Still on its way: once it goes, it sees the request closed and asks nobody (above).
        // Wait for it all the same, so a post already under way is closed too.
        if (asked && !asked.sentAt && !asked.failedAt) return 'postpone';
        if (!asked?.resultChannel || !asked.resultMessageId) return;
        const view = { id: approval.id, kind: approval.kind as ApprovalView['kind'], requestedBy: approval.requestedBy, payload: approval.payload as Record<string, unknown> };
        // The ask cannot lose its buttons: a new message tells whoever was asked that it is closed.
        if (can.updates !== 'any') return chat.sendNotice(asked.target, card, supersededLine(view, asked.target));
        return chat.closeRequest({ channel: asked.resultChannel, id: asked.resultMessageId }, card, view, approval.decidedAt ?? clock.now());
      }
      case 'info.ask':
        return chat.askInfo(message.target, card, String(p.question), String(p.askedBy));
      case 'escalation.ask': {
        const view = await this.escalation(p);
        // Answered or handed up before this went out: asking now would only confuse.
        if (!view) return;
        return chat.askEscalation(message.target, card, view);
      }
      case 'escalation.moved': {
        // Handed up: the DM that asked this level loses its choices, once it has gone out.
        const asked = await outbox.escalationAskMessage(prisma, String(p.escalationId));
        if (asked === 'pending') return 'postpone';
        const e = asked ? await prisma.escalation.findUnique({ where: { id: String(p.escalationId) } }) : null;
        if (!asked || !e) return;
        // The ask cannot lose its choices: a new message tells the level below whom it is before now.
        if (can.updates !== 'any') return chat.sendNotice(asked.target, card, { key: 'line.handed_up', params: { from: asked.target, leader: String(p.to) } });
        // The limit as it stood when handed up, not as this level was first told.
        const deadline = e.deadlineId ? await prisma.deadline.findUnique({ where: { id: e.deadlineId } }) : null;
        const left = timeLeftFromParams(p as Record<string, string | number>) ?? NO_LIMIT;
        const view = { id: e.id, level: e.level, stage: e.stage, reason: e.reason, left, dueAt: deadline?.dueAt ?? null, decision: e.decision };
        await chat.showEscalationHandedUp(asked, card, view, String(p.to));
        return;
      }
      case 'channel.line': {
        const group = this.deps.groupChannel(message.target);
        if (!group) throw new PermanentDeliveryError(`no channel for group ${message.target}`);
        return chat.postChannelLine(group, card, line(p));
      }
      case 'survey.ask':
        return chat.askSurvey(message.target, card);
      case COMPLAINANT_KIND:
        if (!this.deps.reach) throw new PermanentDeliveryError('no e-mail or SMS channel is configured for complainants (reach)');
        return this.deps.reach(message, card, clock.now());
      case 'review.ask': {
        const review = await reviewView(prisma, String(p.reviewId));
        if (!review) throw new PermanentDeliveryError(`review ${String(p.reviewId)} not found`);
        return chat.askReview(message.target, card, review);
      }
      case 'dms.refresh':
        // Only buttons that can no longer work would go; pressed, they answer why in words.
        if (can.updates !== 'any') return;
        return refreshSentAbout(prisma, chat, card, (m) => this.deps.log?.('warn', m));
      case 'major.leader': {
        // The report carries the escalation's choices while it still waits for the leader.
        const escalation = p.escalationId ? await this.escalation(p) : undefined;
        const ref = await chat.reportMajor(message.target, card, escalation);
        // The pledge's "report to leader" is met once the leader has it in hand; the card showed it due.
        await complaints.meetStageIfOpen(prisma, card.id, 'report_to_leader', clock.now());
        return ref;
      }
      case 'special.channel': {
        // No channel of its own: its lines stay in the group's channel.
        if (!can.specialChannels) return;
        const channel = await chat.createSpecialChannel(card, (p.members as string[]) ?? []);
        await complaints.setSpecialChannel(prisma, card.id, channel);
        return { channel, id: '' };
      }
      default:
        throw new PermanentDeliveryError(`unknown outbox kind ${message.kind}`);
    }
  }

  /** A complaint's line, top level in its group's channel (a platform without threads). */
  private channelLine(card: ComplaintCard, l: Line): Promise<MessageRef> {
    const group = this.deps.groupChannel(card.groupId);
    if (!group) throw new PermanentDeliveryError(`no channel for group ${card.groupId}`);
    return this.deps.chat.postChannelLine(group, card, l);
  }

  /** The escalation an outbox row is about, undefined once answered or handed up. */
  private async escalation(p: Record<string, unknown>): Promise<EscalationView | undefined> {
    const e = await this.deps.prisma.escalation.findUnique({ where: { id: String(p.escalationId) } });
    if (!e) throw new PermanentDeliveryError(`escalation ${String(p.escalationId)} not found`);
    if (e.decision || e.handedUpAt) return undefined;
    const deadline = e.deadlineId ? await this.deps.prisma.deadline.findUnique({ where: { id: e.deadlineId } }) : null;
    const left = timeLeftFromParams(p as Record<string, string | number>) ?? NO_LIMIT;
    return { id: e.id, level: e.level, stage: e.stage, reason: e.reason, left, dueAt: deadline?.dueAt ?? null, decision: e.decision };
  }

  /** The root message, 'postpone' while its post is still on its way, undefined if it never will be. */
  private async root(complaintId: string): Promise<MessageRef | 'postpone' | undefined> {
    const root = await complaints.rootMessage(this.deps.prisma, complaintId);
    if (root?.channelId && root.rootMessageId) return { channel: root.channelId, id: root.rootMessageId };
    return (await outbox.isSettled(this.deps.prisma, `complaint:${complaintId}:post`)) ? undefined : 'postpone';
  }
}

/** The digest travels as JSON in the outbox; its dates come back as strings. */
function reviveDigest(raw: unknown): DigestModel {
  return raw as DigestModel;
}

function line(payload: Record<string, unknown>): Line {
  return { key: String(payload.key), params: (payload.params as Line['params']) ?? {} };
}

/** The words a thread gets when a request is closed unanswered, for a direct message to whoever was asked. */
function supersededLine(approval: ApprovalView, asked: string): Line {
  const to = typeof approval.payload.toOwnerId === 'string' ? approval.payload.toOwnerId : '';
  if (approval.kind === 'extension') return { key: 'line.extension_superseded', params: { filer: asked } };
  if (approval.kind === 'handover') return { key: 'line.handover_superseded', params: { to, leader: asked } };
  return { key: 'line.rejection_superseded', params: { leader: asked } };
}
