/**
 * 我的投诉: the WeCom counterpart of Slack's App Home, from the same model (services.homeFor):
 * the requests and escalations waiting for this member (each with its steps' pages), what they
 * handle (next due first), their groups' open complaints when they lead, what they filed, and
 * for supervisors what needs looking after.
 */
import { standingLabel } from '../../i18n';
import type { ComplaintCard } from '../../domain/complaint';
import type { PageKit, PageRequest, PagesOptions } from './kit';

export async function minePage(o: PagesOptions, kit: PageKit, p: PageRequest): Promise<void> {
  if (p.req.method === 'POST') {
    p.req.resume();
    return kit.notice(p.res, 405, { titleKey: 'wecom.page.gone.title', textKey: 'wecom.page.gone.text' });
  }
  const home = await o.services.homeFor(p.userId, o.calendarWarnings);
  kit.show(p, 200, 'wecom-mine', { home, root: p.root, standing: (c: ComplaintCard) => standingLabel(o.locale, c) });
}
