/**
 * 登记投诉: the filing form inside WeCom. The same fields, checks and error texts as Slack's
 * complaint modal (validate-complaint.ts through fileComplaint); an error is shown beside its
 * field and nothing is stored. The form carries an idempotency key made when it was shown, the
 * submission's key for fileComplaint: sent twice (a double tap, a resend after a lost answer),
 * it files once and both land on the same complaint.
 */
import { randomUUID } from 'node:crypto';
import { PRIORITIES, SOURCES } from '../../domain/complaint';
import { DRAFT_LIMITS, type DraftErrors, type RawDraft } from '../../domain/validate-complaint';
import { priorityLabel, sourceLabel } from '../../i18n';
import { readForm } from '../../web/form';
import type { PageKit, PageRequest, PagesOptions } from './kit';

const KEY = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const FIELDS = ['title', 'details', 'category', 'priority', 'source', 'customerName', 'customerContact'] as const;

export async function filePage(o: PagesOptions, kit: PageKit, p: PageRequest): Promise<void> {
  if (p.req.method === 'GET') return showForm(o, kit, p, 200, {});
  const read = await readForm(p.req);
  if (!read.ok) return kit.notice(p.res, read.status, { titleKey: 'wecom.page.refused.title', textKey: read.status === 413 ? 'wecom.page.refused.too_large' : 'wecom.page.refused.stale', back: 'file' });
  const f = read.fields;
  if (!kit.csrfOk(p, f)) return kit.notice(p.res, 403, { titleKey: 'wecom.page.refused.title', textKey: 'wecom.page.refused.stale', back: 'file' });
  const key = f.get('key') ?? '';
  if (!KEY.test(key)) return kit.notice(p.res, 400, { titleKey: 'wecom.page.refused.title', textKey: 'wecom.page.refused.stale', back: 'file' });
  const draft: RawDraft = Object.fromEntries(FIELDS.map((name) => [name, f.get(name)]));
  // The member and the key together: a key copied into someone else's form files nothing of theirs.
  const result = await o.services.fileComplaint({ filerId: p.userId, submissionKey: `wecom:page:${p.userId}:${key}`, draft });
  if (!result.ok) return showForm(o, kit, p, 400, { errors: result.errors, values: draft, key });
  kit.seeOther(p.res, `complaints/${result.complaint.id}?done=filed`);
}

function showForm(o: PagesOptions, kit: PageKit, p: PageRequest, status: number, extra: { errors?: DraftErrors; values?: RawDraft; key?: string }) {
  const { config } = o.services;
  const headers: Record<string, string | string[]> = {};
  const csrf = kit.csrfFor(p, headers);
  kit.show(p, status, 'wecom-file', {
    csrf,
    // A resent form with errors keeps its key: filing it, once corrected, is still one complaint.
    key: extra.key ?? randomUUID(),
    errors: extra.errors ?? {},
    values: { priority: 'normal', source: 'chat', ...extra.values },
    categories: config.categories.map((id) => ({ id, name: config.categoryNames[id] ?? id })),
    priorities: PRIORITIES.map((value) => ({ value, label: priorityLabel(o.locale, value) })),
    sources: SOURCES.map((value) => ({ value, label: sourceLabel(o.locale, value) })),
    limits: DRAFT_LIMITS,
    root: p.root,
  }, headers);
}
