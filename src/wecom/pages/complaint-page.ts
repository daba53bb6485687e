/**
 * A complaint as staff see it inside WeCom: what `/complaint show` shows on Slack, to whoever
 * may see the complaint (anyone else reads "not found", so ids cannot be probed). The customer's
 * contact is shown masked, as everywhere in chat; "Reveal contact" shows it in full to those who
 * may see it (the service decides, and records each reveal). Under it, links to the steps that need typed
 * input and are open to this member now.
 */
import { rolesOf } from '../../domain/access';
import type { ComplaintCard } from '../../domain/complaint';
import { actionsAvailable, standingOf } from '../../domain/lifecycle';
import { appErrorOf, refusalText } from '../../chat/render/refusal';
import { formatDateTime, priorityLabel, sourceLabel, stageLabel, standingLabel, t, type Locale, type MessageKey } from '../../i18n';
import { readForm } from '../../web/form';
import type { PageKit, PageRequest, PagesOptions } from './kit';
import { COMPLAINT_STEPS, isStep, wordsOf } from './steps';

export async function complaintPage(o: PagesOptions, kit: PageKit, p: PageRequest, complaintId: string): Promise<void> {
  let card: ComplaintCard;
  try {
    card = await o.services.complaintFor(p.userId, complaintId);
  } catch (error) {
    if (p.req.method === 'POST') p.req.resume();
    if (appErrorOf(error)?.code !== 'not_found') throw error;
    return kit.notice(p.res, 404, { titleKey: 'wecom.page.gone.title', textKey: 'wecom.page.gone.text' });
  }
  // Posted here: a step that needs nothing typed (Accept, start, withdraw), or "Reveal contact",
  // whose answer is shown on this response only (never in a URL or the page's cache).
  let revealed: string | undefined;
  let refusal: string | undefined;
  let status = 200;
  if (p.req.method === 'POST') {
    const read = await readForm(p.req);
    const act = read.ok ? read.fields.get('do') : undefined;
    if (!read.ok || !kit.csrfOk(p, read.fields) || (act !== 'reveal' && !isImmediate(act))) {
      return kit.notice(p.res, 403, { titleKey: 'wecom.page.refused.title', textKey: 'wecom.page.refused.stale', back: card.id });
    }
    if (act === 'reveal') revealed = await reveal(o, p.userId, card);
    else {
      try {
        await takeImmediate(o, act as Immediate, { complaintId: card.id, actorId: p.userId });
        return kit.seeOther(p.res, `${card.id}?done=${act}`);
      } catch (error) {
        const coded = appErrorOf(error);
        if (!coded) throw error;
        status = coded.code === 'not_allowed' ? 403 : 409;
        refusal = refusalText(o.locale, error, { escape: (x) => x, person: (id) => id });
        card = await o.services.complaintFor(p.userId, complaintId);
      }
    }
  }
  const zone = o.timeZoneOf(card.groupId);
  const when = (d: Date) => kit.h(zone).when(d);
  const group = o.services.config.groups.find((g) => g.id === card.groupId);
  const roles = rolesOf(p.userId, { ...card, group: group ?? { leader: '', members: [] }, supervisors: o.services.config.supervisors });
  const open = actionsAvailable(standingOf(card), roles);
  // Withdrawing closes the complaint, so, as Slack's button asks "are you sure?" first, Withdraw
  // is a link to that question (?confirm=withdraw), whose own button withdraws.
  const confirmWithdraw = open.includes('withdraw') && p.url.searchParams.get('confirm') === 'withdraw';
  const immediate = IMMEDIATE.filter((a) => a !== 'withdraw' && open.includes(a));
  const steps = COMPLAINT_STEPS.filter((s) => open.includes(s)).map((s) => ({ href: `${card.id}/${s}`, label: `action.${s}` }));
  if (open.includes('withdraw') && !confirmWithdraw) steps.push({ href: `${card.id}?confirm=withdraw`, label: 'action.withdraw' });
  // The filer's own follow-up (回访), as their DM offers it; an outside customer rates on their own page.
  const followUpOpen = (card.status === 'resolved' || card.status === 'rejected') && !card.archivedAt;
  if (card.filerId === p.userId && followUpOpen && card.maskedContact === null) steps.push({ href: `${card.id}/survey`, label: 'survey.title' });
  // An outside customer's rating, from the follow-up call, is the handler's (or leader's) to record, as Slack's Record follow-up.
  if ((roles.has('owner') || roles.has('leader')) && followUpOpen && card.maskedContact !== null) steps.push({ href: `${card.id}/survey_record`, label: 'action.record_follow_up' });
  const done = p.url.searchParams.get('done');
  const flash =
    done === 'filed'
      ? t(o.locale, 'wecom.page.done.filed', { reference: card.reference })
      : done && isStep(done)
        ? t(o.locale, 'wecom.page.done.step', { step: t(o.locale, wordsOf(done).title) })
        : isImmediate(done)
          ? t(o.locale, 'wecom.page.done.step', { step: t(o.locale, IMMEDIATE_LABEL[done]) })
          : undefined;
  const headers: Record<string, string | string[]> = {};
  const csrf = card.maskedContact || immediate.length || confirmWithdraw ? kit.csrfFor(p, headers) : undefined;
  kit.show(p, status, 'wecom-complaint', { card, facts: facts(o.locale, card, when), outcome: outcome(card), standing: standingLabel(o.locale, card), steps, immediate: immediate.map((a) => ({ value: a, label: IMMEDIATE_LABEL[a] })), confirmWithdraw, flash, refusal, revealed, csrf, root: p.root }, headers, zone);
}

/** The steps that need nothing typed: a button on the page, as on the Slack card. */
const IMMEDIATE = ['accept', 'start_investigation', 'withdraw'] as const;
type Immediate = (typeof IMMEDIATE)[number];
const IMMEDIATE_LABEL: Record<Immediate, MessageKey> = { accept: 'card.accept', start_investigation: 'action.start_investigation', withdraw: 'action.withdraw' };
const isImmediate = (a: string | null | undefined): a is Immediate => (IMMEDIATE as readonly (string | null | undefined)[]).includes(a);

async function takeImmediate(o: PagesOptions, act: Immediate, input: { complaintId: string; actorId: string }): Promise<void> {
  if (act === 'accept') await o.services.acceptComplaint(input);
  else if (act === 'start_investigation') await o.services.startInvestigation(input);
  else await o.services.withdrawComplaint(input);
}

/**
 * The customer's contact in full, for the handler, the group's leader and supervisors, as
 * Slack's "Reveal contact" answers it: each reveal is audited by the service before it is shown.
 */
async function reveal(o: PagesOptions, userId: string, card: ComplaintCard): Promise<string> {
  const reference = card.reference;
  try {
    const result = await o.services.revealContact(userId, card.id);
    if (result.status === 'none') return t(o.locale, 'reveal.none', { reference });
    if (result.status === 'erased') return t(o.locale, 'reveal.erased', { reference, date: formatDateTime(o.locale, result.erasedAt, o.timeZoneOf(card.groupId)) });
    const { name, value } = result.contact;
    return `${name ? t(o.locale, 'reveal.shown_named', { reference, name, value }) : t(o.locale, 'reveal.shown', { reference, value })} ${t(o.locale, 'reveal.note')}`;
  } catch (error) {
    if (appErrorOf(error)?.code !== 'not_allowed') throw error;
    return t(o.locale, 'reveal.refused', { reference });
  }
}

/** The facts `/complaint show` lists, as label and plain text. */
function facts(locale: Locale, card: ComplaintCard, when: (d: Date) => string): { label: MessageKey; value: string }[] {
  const out: { label: MessageKey; value: string | null | undefined }[] = [
    { label: 'card.priority', value: priorityLabel(locale, card.priority) },
    { label: 'card.category', value: card.categoryName ?? card.category },
    { label: 'card.source', value: sourceLabel(locale, card.source) },
    { label: 'card.group', value: card.groupName },
    { label: 'card.owner', value: card.ownerId },
    { label: 'card.first_contact', value: card.firstContactId },
    { label: 'card.filed_by', value: card.filerId },
    { label: 'card.filed_at', value: when(card.filedAt) },
    {
      label: 'card.next_due',
      value: card.paused ? t(locale, 'card.paused') : card.nextDue && t(locale, 'card.next_due.value', { stage: stageLabel(locale, card.nextDue.stage), due: when(card.nextDue.dueAt) }),
    },
    { label: 'card.waiting', value: card.waiting?.map((w) => t(locale, 'card.waiting.value', { approver: w.approverId, kind: t(locale, `history.kind.${w.kind}`) })).join('; ') },
    { label: 'card.accepted_at', value: card.acceptedAt && when(card.acceptedAt) },
    { label: 'card.archived_at', value: card.archivedAt && when(card.archivedAt) },
    { label: 'card.customer', value: card.customerName },
    // Masked for everyone here, as on Slack; the full contact is revealed (and audited) only on request.
    { label: 'card.contact', value: card.maskedContact },
    { label: 'card.follow_up', value: card.followUp && t(locale, 'card.follow_up.value', { rating: card.followUp.rating, by: t(locale, `recorded.${card.followUp.by}`) }) },
  ];
  return out.filter((f): f is { label: MessageKey; value: string } => Boolean(f.value));
}

function outcome(card: ComplaintCard): { label: MessageKey; text: string }[] {
  const out: { label: MessageKey; text: string }[] = [];
  if (card.solution) out.push({ label: 'card.solution', text: card.solution });
  if (card.result) out.push({ label: card.status === 'rejected' ? 'card.rejection_reason' : 'card.result', text: card.result });
  if (card.resultBasis) out.push({ label: 'act.resolve.basis', text: card.resultBasis });
  return out;
}
