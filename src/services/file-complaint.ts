/**
 * Filing: validate the draft, route it to a group, choose the owner, give it a reference,
 * and queue the channel post, the owner's DM and the filer's confirmation, in one transaction.
 */
import type { ComplaintCard } from '../domain/complaint';
import { firstContactAtFiling } from '../domain/first-contact';
import { classifyContact, maskContact } from '../domain/mask';
import { formatReference } from '../domain/reference';
import { chooseOwner, routeCategory } from '../domain/routing';
import { validateDraft, type DraftErrors, type RawDraft } from '../domain/validate-complaint';
import { appendEvent } from '../db/audit';
import * as complaints from '../db/complaints';
import { enqueue, type OutboxMessage } from '../db/outbox';
import { startStage } from './clocks';
import { toComplainant } from './to-complainant';
import { createEscalation } from '../db/sweep';
import { dueAt } from '../domain/sla';
import { inTransaction, isUniqueViolation } from '../db/tx';
import { COMPLAINANT } from '../domain/access';
import { AppError } from '../errors';
import type { Locale } from '../i18n';
import { groupById, groupNameOf, type ServiceDeps } from './deps';

export interface FileComplaintInput {
  filerId: string;
  /** The platform's id of this submission: a retry of it must find the first complaint. */
  submissionKey: string;
  draft: RawDraft;
  /** The complainant's language, where they chose one (the public form); else the configured one. */
  locale?: Locale;
}

export type FileComplaintResult =
  | { ok: true; complaint: ComplaintCard; duplicate: boolean }
  | { ok: false; errors: DraftErrors };

export async function fileComplaint(deps: ServiceDeps, input: FileComplaintInput): Promise<FileComplaintResult> {
  const { config, clock, prisma } = deps;
  const checked = validateDraft(input.draft, config.categories);
  if (!checked.ok) return checked;
  const draft = checked.draft;
  const groupId = routeCategory(config.groups, draft.category);
  if (!groupId) throw new AppError('no_route', `no group handles category "${draft.category}"`);
  const group = groupById(config, groupId);
  const now = clock.now();
  // Filed by the complainant themselves (the public form, once their contact was verified): no
  // member registered it, so the first contact is the first to accept (首问负责制).
  const selfFiled = input.filerId === COMPLAINANT;

  const existing = await complaints.findIdBySubmissionKey(prisma, input.submissionKey);
  if (existing) return { ok: true, complaint: await card(deps, existing), duplicate: true };

  let id: string;
  try {
    id = await inTransaction(prisma, async (tx) => {
      const lastOwnerId = await complaints.lockRotation(tx, group.id);
      const openCounts = await complaints.openCounts(tx, group.members);
      // Everyone away: the leader is accountable rather than the complaint waiting unowned.
      // Nobody handles (and so later rates or consents on) their own complaint: the filer is passed over.
      const ownerId = chooseOwner({ members: group.members, away: group.away, openCounts, lastOwnerId, passOver: input.filerId }) ?? group.leader;
      await complaints.saveRotation(tx, group.id, ownerId);

      const year = Number(new Intl.DateTimeFormat('en', { timeZone: config.timezone, year: 'numeric' }).format(now));
      const seq = await complaints.nextReferenceSeq(tx, year);
      const firstContact = selfFiled ? null : firstContactAtFiling(input.filerId, draft);
      const contact = draft.customerContact ? classifyContact(draft.customerContact) : undefined;
      const complaintId = await complaints.insertComplaint(tx, {
        reference: formatReference(year, seq),
        year,
        seq,
        draft,
        contact: contact && { ...contact, name: draft.customerName ?? null, masked: maskContact(contact.kind, contact.value) },
        filerId: input.filerId,
        ownerId,
        firstContactId: firstContact,
        groupId: group.id,
        submissionKey: input.submissionKey,
        filedAt: now,
        locale: input.locale ?? null,
      });
      const clocked = { id: complaintId, priority: draft.priority, groupId: group.id };
      const ackDue = await startStage(deps, tx, clocked, 'acknowledge', ownerId, now);
      const solutionDue = await startStage(deps, tx, clocked, 'solution', ownerId, now);
      // A major complaint is reported to the leader at once; the stage is met when they answer.
      if (draft.priority === 'major') await startStage(deps, tx, clocked, 'report_to_leader', group.leader, now);
      await appendEvent(tx, {
        complaintId,
        actorId: input.filerId,
        type: 'complaint.filed',
        // Ids and choices only: the contact is referenced, never copied (personal data).
        payload: { groupId: group.id, ownerId, firstContactId: firstContact, priority: draft.priority, category: draft.category, source: draft.source },
        at: now,
      });
      const messages: OutboxMessage[] = [
        { dedupeKey: `complaint:${complaintId}:post`, kind: 'complaint.post', target: group.channel, complaintId },
        { dedupeKey: `complaint:${complaintId}:owner-dm`, kind: 'owner.assigned', target: ownerId, complaintId },
      ];
      // The complainant who filed themselves hears by e-mail or SMS below, not in chat.
      if (!selfFiled) messages.push({ dedupeKey: `complaint:${complaintId}:filer-confirm`, kind: 'filer.confirmed', target: input.filerId, complaintId });
      // The customer hears at once that it is registered, by when it will be accepted and answered.
      const registered = contact
        ? await toComplainant(deps, tx, { id: complaintId, contactKind: contact.kind }, 'registered', { ackDue: ackDue.toISOString(), solutionDue: solutionDue.toISOString() })
        : [];
      messages.push(...registered.map((m) => ({ ...m, dedupeKey: `complaint:${complaintId}:complainant:registered` })));
      if (draft.priority === 'major') {
        // Reported to the leader as an escalation from the start: they decide as for any other.
        const escalationId = await createEscalation(tx, {
          complaintId,
          deadlineId: null,
          stage: 'report_to_leader',
          level: 1,
          approverId: group.leader,
          reason: 'major',
          at: now,
          respondBy: dueAt(deps.escalationResponse, now, deps.calendarFor(group.id)),
        });
        messages.push({ dedupeKey: `complaint:${complaintId}:major-leader`, kind: 'major.leader', target: group.leader, complaintId, payload: { escalationId } });
        if (config.majorChannels) {
          const members = [...new Set([ownerId, group.leader])];
          messages.push({ dedupeKey: `complaint:${complaintId}:special-channel`, kind: 'special.channel', target: complaintId, complaintId, payload: { members } });
        }
      }
      // The App Home of everyone it now concerns (a major one waits for the leader's decision).
      const concerned = new Set([...(selfFiled ? [] : [input.filerId]), ownerId, ...(draft.priority === 'major' ? [group.leader] : [])]);
      for (const userId of concerned) messages.push({ dedupeKey: `complaint:${complaintId}:home:${userId}`, kind: 'home.refresh', target: userId, complaintId });
      await enqueue(tx, now, messages);
      return complaintId;
    });
  } catch (error) {
    // Two deliveries of the same submission raced; the other one filed it.
    if (!isUniqueViolation(error)) throw error;
    const winner = await complaints.findIdBySubmissionKey(prisma, input.submissionKey);
    if (!winner) throw error;
    return { ok: true, complaint: await card(deps, winner), duplicate: true };
  }
  deps.outboxWritten?.();
  return { ok: true, complaint: await card(deps, id), duplicate: false };
}

async function card(deps: ServiceDeps, id: string): Promise<ComplaintCard> {
  const found = await complaints.findCard(deps.prisma, { id }, groupNameOf(deps.config));
  if (!found) throw new AppError('not_found', `complaint ${id} vanished`);
  return found;
}
