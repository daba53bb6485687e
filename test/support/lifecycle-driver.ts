/**
 * Drives a complaint through its lifecycle over signed HTTP, the way Slack would: button
 * presses (block_actions), modal submissions (view_submission), and delivery of the outbox.
 * Everything goes through the real Bolt app; only the payload shapes are built here.
 */
import { expect } from 'vitest';
import type { ModalView } from '@slack/types';
import type { ButtonAction, ModalAction } from '../../src/slack/action-kinds';
import {
  ACCEPT_ACTION,
  ACTION_FIELD,
  ACTION_MODAL_VIEW,
  CARD_ACTIONS_BLOCK,
  complaintActionId,
  DECLINE_MODAL_VIEW,
  type ActionFieldName,
} from '../../src/slack/ids';
import type { Settle } from './in-flight';
import { complaintSubmission, type DraftValues, type Harness } from './pledge-harness';
import type { RecordedCall } from './slack-stand-in';
import { blockActionPayload, inputValue, viewSubmissionPayload, type SignedResponse } from './signed-requests';

export interface Filed {
  id: string;
  reference: string;
  ownerId: string;
  rootMessageId: string;
}

export type FieldValues = Partial<Record<ActionFieldName, object | string>>;

export const datetime = (at: Date) => ({ type: 'datetimepicker', selected_date_time: Math.floor(at.getTime() / 1000) });

let views = 0;
export const newViewId = () => `VLC${String(++views).padStart(6, '0')}`;

export class Driver {
  constructor(
    readonly h: Harness,
    readonly settle: Settle,
  ) {}

  get prisma() {
    return this.h.db.prisma;
  }

  /** Files a complaint through the modal and delivers its first messages. */
  async file(values: DraftValues = {}, filerId = 'UFILER'): Promise<Filed> {
    const res = await this.h.interact(complaintSubmission(filerId, values));
    expect(res.status).toBe(200);
    await this.h.deliver();
    const row = await this.prisma.complaint.findFirstOrThrow({ orderBy: { seq: 'desc' } });
    return { id: row.id, reference: row.reference, ownerId: row.ownerId, rootMessageId: row.rootMessageId! };
  }

  /**
   * Files a complaint whose owner accepts it and starts the investigation; what that sent is
   * delivered and then forgotten, so a test reads only what its own story sends.
   */
  async investigating(values: DraftValues = {}, filerId = 'UFILER'): Promise<Filed> {
    const c = await this.file(values, filerId);
    await this.accept(c.ownerId, c);
    await this.press(c.ownerId, 'start_investigation', c.id);
    await this.h.deliver();
    this.h.standIn.reset();
    return c;
  }

  async accept(userId: string, c: Filed): Promise<void> {
    await this.h.interact(blockActionPayload({ actionId: ACCEPT_ACTION, blockId: CARD_ACTIONS_BLOCK, value: c.id, userId, channelId: 'CBILLING', messageTs: c.rootMessageId }));
    await this.settle();
  }

  /** Presses a complaint step's button (or chooses it in the overflow menu). */
  async press(userId: string, action: ButtonAction, complaintId: string, opts: { overflow?: boolean; value?: string; responseUrl?: string } = {}): Promise<SignedResponse> {
    const value = opts.value ?? `${action}:${complaintId}`;
    const res = await this.h.interact(
      blockActionPayload({
        actionId: opts.overflow ? complaintActionId('more') : complaintActionId(action),
        blockId: CARD_ACTIONS_BLOCK,
        userId,
        channelId: 'CBILLING',
        responseUrl: opts.responseUrl ?? this.h.standIn.responseUrl(`press-${userId}`),
        ...(opts.overflow ? { actionType: 'overflow', selectedOption: { value } } : { value }),
      }),
    );
    expect(res.status).toBe(200);
    await this.settle();
    return res;
  }

  /** Presses the step's button and returns the modal it opened. */
  async openModal(userId: string, action: ModalAction, complaintId: string, opts: { overflow?: boolean } = {}): Promise<ModalView> {
    const before = this.h.standIn.callsTo('views.open').length;
    await this.press(userId, action, complaintId, opts);
    const opened = this.h.standIn.callsTo('views.open');
    expect(opened.length, `expected ${action} to open a modal; ephemerals: ${JSON.stringify(this.replies().map((r) => r.args.text))}`).toBe(before + 1);
    return opened.at(-1)!.args.view as ModalView;
  }

  /** Submits an action modal: the metadata of `view` (or forged metadata) with these values. */
  async submit(userId: string, view: ModalView | { metadata: string }, values: FieldValues, viewId = newViewId()): Promise<{ status: number; errors?: Record<string, string> }> {
    const metadata = 'metadata' in view ? view.metadata : view.private_metadata ?? '';
    const res = await this.h.interact(
      viewSubmissionPayload({ callbackId: ACTION_MODAL_VIEW, userId, viewId, privateMetadata: metadata, values: stateOf(values) }),
    );
    await this.settle();
    return { status: res.status, errors: res.body ? (res.json() as { errors?: Record<string, string> }).errors : undefined };
  }

  /** Opens the step's modal and submits it; fails the test unless the modal closes cleanly. */
  async act(userId: string, action: ModalAction, complaintId: string, values: FieldValues): Promise<void> {
    const view = await this.openModal(userId, action, complaintId);
    const result = await this.submit(userId, view, values);
    expect(result).toEqual({ status: 200, errors: undefined });
  }

  async answerRequest(userId: string, actionId: string, approvalId: string, dm = `D${userId}`, ts = '1700000000.009900'): Promise<SignedResponse> {
    const res = await this.h.interact(
      blockActionPayload({ actionId, value: approvalId, userId, channelId: dm, messageTs: ts, responseUrl: this.h.standIn.responseUrl(`answer-${userId}`) }),
    );
    expect(res.status).toBe(200);
    await this.settle();
    return res;
  }

  async submitDecline(userId: string, metadata: string, reason: string, viewId = newViewId()) {
    const res = await this.h.interact(
      viewSubmissionPayload({ callbackId: DECLINE_MODAL_VIEW, userId, viewId, privateMetadata: metadata, values: stateOf({ text: reason }) }),
    );
    await this.settle();
    return { status: res.status, errors: res.body ? (res.json() as { errors?: Record<string, string> }).errors : undefined };
  }

  /** The modal the app opened last. */
  lastModal(): ModalView {
    const opened = this.h.standIn.callsTo('views.open').at(-1);
    expect(opened, 'a modal was opened').toBeDefined();
    return opened!.args.view as ModalView;
  }

  /** Submits an opened modal under its own callback id and metadata (escalations, surveys...). */
  async submitOpened(userId: string, view: ModalView, values: FieldValues, viewId = newViewId()): Promise<{ status: number; errors?: Record<string, string> }> {
    const res = await this.h.interact(
      viewSubmissionPayload({ callbackId: view.callback_id ?? '', userId, viewId, privateMetadata: view.private_metadata ?? '', values: stateOf(values) }),
    );
    await this.settle();
    return { status: res.status, errors: res.body ? (res.json() as { errors?: Record<string, string> }).errors : undefined };
  }

  /** Presses a button in a DM (`D<user>` unless told otherwise), carrying `value`. */
  async pressInDm(userId: string, actionId: string, value: string, dm = `D${userId}`, ts = '1700000000.009900'): Promise<SignedResponse> {
    return this.answerRequest(userId, actionId, value, dm, ts);
  }

  /** Sets the clock to `at`, runs the sweep there, and delivers what it sent; returns its report. */
  async sweepAt(at: Date) {
    this.h.clock.set(at);
    const report = await this.h.pledge.services.sweep();
    await this.h.deliver();
    return report;
  }

  async status(id: string) {
    return (await this.prisma.complaint.findUniqueOrThrow({ where: { id } })).status;
  }

  /** The status and, beside it, whether it is archived: "resolved, archived". */
  async standing(id: string) {
    const row = await this.prisma.complaint.findUniqueOrThrow({ where: { id } });
    return row.archivedAt ? `${row.status}, archived` : row.status;
  }

  async eventTypes(id: string): Promise<string[]> {
    return (await this.prisma.event.findMany({ where: { complaintId: id }, orderBy: { id: 'asc' } })).map((e) => e.type);
  }

  async pendingApproval(id: string, kind: string) {
    return this.prisma.approval.findFirstOrThrow({ where: { complaintId: id, kind, status: 'pending' } });
  }

  /** Ephemeral answers through response_url (refusals). */
  replies(): RecordedCall[] {
    return this.h.standIn.callsTo('response_url');
  }

  posts(filter: (c: RecordedCall) => boolean = () => true): RecordedCall[] {
    return this.h.standIn.callsTo('chat.postMessage').filter(filter);
  }

  threadPosts(c: Filed): RecordedCall[] {
    return this.posts((p) => p.args.channel === 'CBILLING' && p.args.thread_ts === c.rootMessageId);
  }

  dmsTo(userId: string): RecordedCall[] {
    return this.posts((p) => p.args.channel === userId);
  }

  /** Where the DM that asked `userId` (with a button `actionId`) landed, after delivering the outbox. */
  async askedIn(userId: string, actionId: string): Promise<{ channel: string; ts: string }> {
    await this.h.deliver();
    const dm = this.dmsTo(userId).find((p) => JSON.stringify(p.args.blocks).includes(`"action_id":"${actionId}"`));
    expect(dm, `a DM to ${userId} with ${actionId}`).toBeDefined();
    const answer = dm!.response.body as { channel: string; ts: string };
    return { channel: answer.channel, ts: answer.ts };
  }

  /** Every chat.update of the message at `where`, oldest first. */
  updatesOf(where: { channel: string; ts: string }): RecordedCall[] {
    return this.h.standIn.callsTo('chat.update').filter((u) => u.args.channel === where.channel && u.args.ts === where.ts);
  }

  /** Every chat.update of the complaint's card in the group channel, oldest first. */
  cardUpdates(c: Pick<Filed, 'rootMessageId'>): RecordedCall[] {
    return this.updatesOf({ channel: 'CBILLING', ts: c.rootMessageId });
  }

  /** The blocks a posted message shows now: its latest chat.update, or the post itself. */
  shownNow(post: RecordedCall): string {
    const sent = post.response.body as { channel: string; ts: string };
    return JSON.stringify((this.updatesOf(sent).at(-1) ?? post).args.blocks);
  }

  private readonly seen = new WeakSet<RecordedCall>();

  /**
   * Delivers the outbox and returns the thread lines not returned before. (The outbox runner
   * may already have delivered some in the background: it is kicked after every commit.)
   */
  async deliverThread(c: Filed): Promise<string[]> {
    await this.h.deliver();
    const fresh = this.threadPosts(c).filter((p) => !this.seen.has(p));
    for (const p of fresh) this.seen.add(p);
    return fresh.map((p) => String(p.args.text));
  }

  /** What must not move when a step is refused. */
  async snapshot(id: string) {
    const row = await this.prisma.complaint.findUniqueOrThrow({ where: { id } });
    return {
      row: { ...row, updatedAt: undefined },
      deadlines: await this.prisma.deadline.findMany({ where: { complaintId: id }, orderBy: { id: 'asc' } }),
      approvals: await this.prisma.approval.findMany({ where: { complaintId: id }, orderBy: { id: 'asc' } }),
      events: await this.prisma.event.count(),
      notifications: await this.prisma.notification.count(),
    };
  }
}

function stateOf(values: FieldValues) {
  return Object.fromEntries(
    Object.entries(values).map(([name, v]) => {
      const ids = ACTION_FIELD[name as ActionFieldName];
      return [ids.block, { [ids.action]: typeof v === 'string' ? inputValue.text(v) : v }];
    }),
  );
}
