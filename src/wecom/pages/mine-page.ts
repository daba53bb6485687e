/**
 * 我的投诉: the WeCom counterpart of Slack's App Home, from the same model (services.homeFor):
 * the requests and escalations waiting for this member (each with its steps' pages), what they
 * handle (next due first), their groups' open complaints when they lead, what they filed, and
 * for supervisors what needs looking after.
 *
 * As on App Home, a request is answered here with a press where no words are owed: the leader's
 * Approve, the filer's Agree or Decline to an extension (POSTed here, through decideApproval with
 * what the button answers, so a forged one naming another sort of request is refused). Declining
 * a rejection or handover needs a reason: its page. A refusal is shown in words; nothing changes.
 */
import { appErrorOf, refusalText } from '../../chat/render/refusal';
import type { ComplaintCard } from '../../domain/complaint';
import { standingLabel, t, type MessageKey } from '../../i18n';
import { readForm } from '../../web/form';
import type { PageKit, PageRequest, PagesOptions } from './kit';

/** The presses, by the form's `do`: what decideApproval is told, and the button's words. */
const ANSWERS = {
  approve: { approve: true, expects: 'approval', label: 'approval.approve' },
  agree: { approve: true, expects: 'consent', label: 'consent.agree' },
  consent_decline: { approve: false, expects: 'consent', label: 'consent.decline' },
} as const satisfies Record<string, { approve: boolean; expects: 'approval' | 'consent'; label: MessageKey }>;
type Answer = keyof typeof ANSWERS;
const isAnswer = (a: string | null | undefined): a is Answer => a !== null && a !== undefined && Object.hasOwn(ANSWERS, a);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export async function minePage(o: PagesOptions, kit: PageKit, p: PageRequest): Promise<void> {
  let refusal: string | undefined;
  let status = 200;
  if (p.req.method === 'POST') {
    const read = await readForm(p.req);
    const act = read.ok ? read.fields.get('do') : undefined;
    const approvalId = read.ok ? (read.fields.get('request') ?? '') : '';
    if (!read.ok || !kit.csrfOk(p, read.fields) || !isAnswer(act) || !UUID.test(approvalId)) {
      return kit.notice(p.res, 403, { titleKey: 'wecom.page.refused.title', textKey: 'wecom.page.refused.stale' });
    }
    const { approve, expects } = ANSWERS[act];
    try {
      await o.services.decideApproval({ approvalId, actorId: p.userId, approve, expects });
      return kit.seeOther(p.res, `mine?done=${act}`);
    } catch (error) {
      const coded = appErrorOf(error);
      if (!coded) throw error;
      status = coded.code === 'not_allowed' ? 403 : coded.code === 'not_found' ? 404 : 409;
      refusal = refusalText(o.locale, error, { escape: (x) => x, person: (id) => id });
    }
  }
  const home = await o.services.homeFor(p.userId, o.calendarWarnings);
  const done = p.url.searchParams.get('done');
  const flash = isAnswer(done) ? t(o.locale, 'wecom.page.done.step', { step: t(o.locale, ANSWERS[done].label) }) : undefined;
  const headers: Record<string, string | string[]> = {};
  const csrf = kit.csrfFor(p, headers);
  kit.show(p, status, 'wecom-mine', { home, root: p.root, standing: (c: ComplaintCard) => standingLabel(o.locale, c), csrf, flash, refusal }, headers);
}
