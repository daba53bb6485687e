/**
 * A step that needs typed input, as a page: GET asks the step's "prepare" service whether this
 * member may take it now (a refusal in words, before anything is typed) and shows its inputs;
 * POST checks the inputs as the Slack modal does, calls the one service, and goes back to the
 * complaint. A refusal there changes nothing and is shown on the form, on its field when the
 * service names one, with what was typed kept.
 */
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { refusalText, appErrorOf } from '../../chat/render/refusal';
import type { ComplaintCard } from '../../domain/complaint';
import type { MessageKey } from '../../i18n';
import { readForm } from '../../web/form';
import type { AppPage } from '../app-links';
import type { PageKit, PageRequest, PagesOptions } from './kit';
import { fieldsOf, isStep, prepareStep, StepNotFound, submitStep, wordsOf, type Field, type FieldName, type Step, type Typed } from './steps';

/** What a text answer may be, as in Slack's modals. */
export const TEXT_MAX = 3000;
const KEY = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** The service's `params.field` (invalid_input) names the input it refused, and what to say there. */
const SERVICE_FIELDS: Record<string, [FieldName, MessageKey]> = {
  delivery: ['delivery', 'field.delivery.required'],
  to: ['to', 'field.to.invalid'],
  due: ['due', 'field.due.invalid'],
  evidence: ['evidence', 'field.evidence.required'],
  rating: ['rating', 'field.rating.required'],
};
const REFUSED_STATUS: Record<string, number> = { not_found: 404, not_allowed: 403, stale: 409, request_waiting: 409, invalid_input: 400 };

type Errors = Partial<Record<FieldName, MessageKey>>;
/** What a required choice left empty (or not one of its options) is told, as the modals tell it. */
const SELECT_REQUIRED: Partial<Record<FieldName, MessageKey>> = { delivery: 'field.delivery.required', channel: 'field.channel.required' };

export async function stepPage(o: PagesOptions, kit: PageKit, p: PageRequest, target: Extract<AppPage, { page: 'step' }>): Promise<void> {
  const { complaintId, requestId } = target;
  const back = `../${complaintId}`;
  if (!isStep(target.step)) {
    if (p.req.method === 'POST') p.req.resume();
    return kit.notice(p.res, 404, { titleKey: 'wecom.page.gone.title', textKey: 'wecom.page.gone.text' });
  }
  const step = target.step;
  let card: ComplaintCard;
  try {
    card = await prepareStep(o.services, step, p.userId, complaintId, requestId);
  } catch (error) {
    if (p.req.method === 'POST') p.req.resume();
    if (error instanceof StepNotFound) return kit.notice(p.res, 404, { titleKey: 'wecom.page.gone.title', textKey: 'wecom.page.gone.text' });
    const coded = appErrorOf(error);
    if (!coded) throw error;
    return refused(o, kit, p, REFUSED_STATUS[coded.code] ?? 409, error, back);
  }
  const zone = o.timeZoneOf(card.groupId);
  const { fields } = fieldsOf(step, card);
  if (p.req.method === 'GET') return showStep(o, kit, p, step, card, 200, { key: randomUUID(), values: {}, errors: {} });

  const read = await readForm(p.req);
  if (!read.ok) return kit.notice(p.res, read.status, { titleKey: 'wecom.page.refused.title', textKey: read.status === 413 ? 'wecom.page.refused.too_large' : 'wecom.page.refused.stale', back });
  const f = read.fields;
  const key = f.get('key') ?? '';
  if (!kit.csrfOk(p, f) || !KEY.test(key)) return kit.notice(p.res, 403, { titleKey: 'wecom.page.refused.title', textKey: 'wecom.page.refused.stale', back });
  const values = Object.fromEntries(fields.map((field) => [field.name, f.get(field.name) ?? '']));
  const { typed, errors } = readTyped(fields, f, zone);
  if (Object.keys(errors).length) return showStep(o, kit, p, step, card, 400, { key, values, errors });
  try {
    await submitStep(o.services, step, p.userId, complaintId, requestId, typed, `wecom:page:${p.userId}:${key}`);
  } catch (error) {
    const coded = appErrorOf(error);
    if (!coded) throw error;
    const field = coded.code === 'invalid_input' ? SERVICE_FIELDS[String(coded.params.field)] : undefined;
    if (field && fields.some((x) => x.name === field[0])) return showStep(o, kit, p, step, card, 400, { key, values, errors: { [field[0]]: field[1] } });
    return showStep(o, kit, p, step, card, REFUSED_STATUS[coded.code] ?? 409, { key, values, errors: {}, refusal: refusalText(o.locale, error, { escape: (s) => s, person: (id) => id }) });
  }
  kit.seeOther(p.res, `${back}?done=${step}`);
}

function refused(o: PagesOptions, kit: PageKit, p: PageRequest, status: number, error: unknown, back: string) {
  const text = refusalText(o.locale, error, { escape: (s) => s, person: (id) => id });
  kit.notice(p.res, status, { titleKey: 'wecom.page.step.refused', textKey: 'wecom.page.verbatim', params: { text }, back });
}

function showStep(o: PagesOptions, kit: PageKit, p: PageRequest, step: Step, card: ComplaintCard, status: number, form: { key: string; values: Record<string, string>; errors: Errors; refusal?: string }) {
  const zone = o.timeZoneOf(card.groupId);
  const group = o.services.config.groups.find((g) => g.id === card.groupId);
  // Whoever the service would take: the group's members and its leader, not the one who has it now.
  const people = [...new Set([...(group?.members ?? []), ...(group ? [group.leader] : [])])].filter((id) => id !== card.ownerId);
  const suggested = card.nextDue?.suggestedDueAt;
  const headers: Record<string, string | string[]> = {};
  const csrf = kit.csrfFor(p, headers);
  const { fields, hint } = fieldsOf(step, card);
  kit.show(p, status, 'wecom-step', {
    card,
    words: wordsOf(step),
    fields,
    hint,
    people,
    zone,
    due: suggested ? DateTime.fromJSDate(suggested, { zone }).toFormat("yyyy-MM-dd'T'HH:mm") : '',
    csrf,
    root: p.root,
    back: `../${card.id}`,
    ...form,
  }, headers, zone);
}

/** The inputs, checked as the modals check them (slack/parse/complaint-action.ts, escalation.ts), one error per field. */
export function readTyped(fields: Field[], f: URLSearchParams, zone: string): { typed: Typed; errors: Errors } {
  const errors: Errors = {};
  const typed: Typed = { text: '', basis: '', note: '', notify: false };
  const take = f.get('take');
  for (const field of fields) {
    const raw = (f.get(field.name) ?? '').replace(/\r\n/g, '\n').trim();
    switch (field.kind) {
      case 'textarea': {
        if (field.required && !raw) errors[field.name] = 'field.text.required';
        else if (Array.from(raw).length > TEXT_MAX) errors[field.name] = 'field.text.too_long';
        else if (field.name === 'text' || field.name === 'basis' || field.name === 'note') typed[field.name] = raw;
        else if (field.name === 'evidence' && raw) typed.evidence = raw;
        break;
      }
      case 'checkbox':
        typed.notify = raw === 'on';
        break;
      case 'radio':
        if (!field.options.some((x) => x.value === raw)) errors[field.name] = field.name === 'rating' ? 'field.rating.required' : 'field.take.required';
        else if (field.name === 'rating') typed.rating = Number(raw);
        else typed.take = raw as Typed['take'];
        break;
      case 'select':
        if (raw && !field.options.some((x) => x.value === raw)) errors[field.name] = field.name === 'priority' ? 'field.priority.invalid' : SELECT_REQUIRED[field.name] ?? 'field.delivery.required';
        else if (!raw && field.required) errors[field.name] = SELECT_REQUIRED[field.name] ?? 'field.delivery.required';
        else if (raw && field.name === 'priority') typed.priority = raw as Typed['priority'];
        else if (raw && field.name === 'channel') typed.channel = raw as Typed['channel'];
        break;
      case 'person':
        // Assigning in an escalation's approval needs a person; keeping it or taking it over does not.
        if (raw) typed.to = raw;
        else if (field.required || take === 'assign') errors[field.name] = 'field.to.required';
        break;
      case 'datetime': {
        const at = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(raw) ? DateTime.fromISO(raw, { zone }) : undefined;
        if (at?.isValid) typed.due = at.toJSDate();
        else errors[field.name] = 'field.due.required';
        break;
      }
    }
  }
  if (!errors.delivery && fields.some((x) => x.name === 'delivery') && f.get('delivery')) {
    typed.delivery = { channel: f.get('delivery') as NonNullable<Typed['delivery']>['channel'], note: (f.get('deliveryNote') ?? '').trim() };
  }
  return { typed, errors };
}
