/**
 * Delivers one complainant message from the outbox: opens the contact (in memory only), picks
 * the channel by its kind, holds an SMS back during quiet hours (not an urgent complaint's) and
 * past the per-number daily cap, renders the text in the complaint's locale, and sends it.
 * Whatever goes wrong is reported with the contact redacted: outbox errors are listed to
 * supervisors and logged.
 */
import { createHmac, hkdfSync } from 'node:crypto';
import type { MessageRef } from '../chat/port';
import { PermanentDeliveryError } from '../chat/port';
import type { ReachConfig } from '../config/reach';
import type { ComplaintCard } from '../domain/complaint';
import { afterCap, localDay, quietUntil, REACH_KINDS, type ReachKind } from '../domain/reach';
import { activeKeyring, type Keyring } from '../crypto/keyring';
import { openContact } from '../db/contacts';
import type { ClaimedMessage } from '../db/outbox';
import { noteAttempt, smsSentSince } from '../db/reach';
import type { Store } from '../db/tx';
import type { Locale } from '../i18n';
import { emailMessage, smsParams, type ReachFacts } from './messages';
import { PermanentReachError, type ComplainantChannels } from './port';
import { e164 } from './sms-tencent';

export interface ReachDeliveryDeps {
  prisma: Store;
  reach: ReachConfig;
  channels: ComplainantChannels;
  locale: Locale;
  /** The zone a complaint's group keeps time in: quiet hours and the daily cap are local. */
  zoneOf(groupId: string): string;
  /** Days after a result or rejection in which a review may be asked for (page.reviewWithinDays). */
  reviewWithinDays: number;
  /** The complainant's page for this complaint, when pages are served. */
  pageLink?(complaintId: string, at: Date): Promise<string | undefined>;
  keyring?: () => Keyring;
}

export type ReachOutcome = MessageRef | { until: Date };

export async function deliverToComplainant(deps: ReachDeliveryDeps, message: ClaimedMessage, card: ComplaintCard, now: Date): Promise<ReachOutcome> {
  const kind = message.payload.what as ReachKind;
  if (!REACH_KINDS.includes(kind)) throw new PermanentDeliveryError(`unknown complainant message ${String(kind)}`);
  const contactId = card.contactId;
  const keyring = (deps.keyring ?? activeKeyring)();
  const contact = contactId ? await openContact(deps.prisma, contactId, keyring) : undefined;
  // Erased by retention (or never given): nobody to tell, and nothing will change that.
  if (!contact?.value) throw new PermanentDeliveryError('no contact on file for the complainant');
  const value = contact.value;
  try {
    const facts: ReachFacts = {
      kind,
      locale: card.locale ?? deps.locale,
      timeZone: deps.zoneOf(card.groupId),
      organisation: (card.locale && deps.reach.organisationIn?.[card.locale]) || deps.reach.organisation,
      reference: card.reference,
      title: card.title,
      name: contact.name,
      params: { days: deps.reviewWithinDays, ...((message.payload.params as Record<string, string | number>) ?? {}) },
    };
    if (contact.kind === 'email') return await sendEmail(deps, message, await withLink(deps, facts, card, now), value);
    return await sendSms(deps, message, card, facts, value, keyring, now);
  } catch (error) {
    throw redacted(error, value);
  }
}

/**
 * A fresh page link per message, made as it goes: the token then exists only in the message
 * (the database keeps its hash), never in the outbox row. A message held back makes none.
 */
async function withLink(deps: ReachDeliveryDeps, facts: ReachFacts, card: ComplaintCard, now: Date): Promise<ReachFacts> {
  const link = await deps.pageLink?.(card.id, now);
  return link ? { ...facts, link } : facts;
}

async function sendEmail(deps: ReachDeliveryDeps, message: ClaimedMessage, facts: ReachFacts, to: string): Promise<ReachOutcome> {
  const sender = deps.channels.email;
  if (!sender) throw new PermanentDeliveryError('no e-mail channel is configured (reach.email)');
  await noteAttempt(deps.prisma, message.id, 'email', null);
  const sent = await sender.send({ to, ...emailMessage(facts), messageId: `<${message.dedupeKey.replace(/[^\w.-]/g, '.')}@pledge>` });
  return { channel: 'email', id: sent.id };
}

async function sendSms(deps: ReachDeliveryDeps, message: ClaimedMessage, card: ComplaintCard, facts: ReachFacts, to: string, keyring: Keyring, now: Date): Promise<ReachOutcome> {
  const sender = deps.channels.sms;
  const sms = deps.reach.sms;
  if (!sender || !sms) throw new PermanentDeliveryError('no SMS channel is configured (reach.sms)');
  const templateId = sms.templates[facts.kind];
  if (!templateId) throw new PermanentDeliveryError(`no SMS template for ${facts.kind} (reach.sms.templates.${facts.kind})`);
  // Nobody is woken by a complaint's routine news; an urgent complaint's news is not routine.
  if (card.priority !== 'urgent') {
    const until = quietUntil(now, facts.timeZone, sms.quietHours);
    if (until) return { until };
  }
  const toHash = numberHash(keyring, e164(to));
  if ((await smsSentSince(deps.prisma, toHash, localDay(now, facts.timeZone).start)) >= sms.dailyCap) {
    return { until: afterCap(now, facts.timeZone, sms.quietHours) };
  }
  await noteAttempt(deps.prisma, message.id, 'sms', toHash);
  const sent = await sender.send({ to, templateId, params: smsParams(await withLink(deps, facts, card, now)) });
  return { channel: 'sms', id: sent.id };
}

/** A keyed hash of the number, to count messages to it without keeping it readable. */
function numberHash(keyring: Keyring, number: string): string {
  const key = Buffer.from(hkdfSync('sha256', keyring.current.key, Buffer.alloc(0), 'pledge:reach:number', 32));
  return createHmac('sha256', key).update(number).digest('base64url');
}

/** The error as it may be listed and logged: the contact's value never appears in it. */
function redacted(error: unknown, value: string): Error {
  const scrub = (s: string) => s.split(value).join('[contact]').split(e164(value)).join('[contact]');
  if (error instanceof PermanentDeliveryError || error instanceof PermanentReachError) return new PermanentDeliveryError(scrub(error.message));
  const e = error instanceof Error ? error : new Error(String(error));
  const safe = new Error(scrub(e.message));
  safe.name = e.name;
  return safe;
}
