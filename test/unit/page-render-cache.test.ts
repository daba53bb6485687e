/** web/render.ts renderComplaintPage: a page rendered once per content, each visitor's CSRF token put in (issue 13, point 13). */
import { describe, expect, it } from 'vitest';
import type { ComplaintPageView } from '../../src/services/complaint-page';
import { render, helpers, renderComplaintPage } from '../../src/web/render';

const AT = new Date('2026-11-30T02:00:00Z');

function view(over: Partial<ComplaintPageView> = {}): ComplaintPageView {
  return {
    locale: 'en',
    timeZone: 'Asia/Shanghai',
    reference: 'PLG-2026-000001',
    title: 'Water bill doubled',
    status: 'resolved',
    archived: false,
    filedAt: AT,
    handler: 'your complaint handler',
    limits: [{ stage: 'acknowledge', dueAt: new Date(AT.getTime() + 3_600_000), state: 'running', metAt: null, extended: null }],
    timeline: [{ at: AT, key: 'filed', params: {} }],
    result: { text: 'The second charge was refunded.', basis: null },
    rejection: null,
    question: 'Which account?',
    extension: null,
    extensionAnswered: null,
    rating: { may: true, current: null },
    review: { until: new Date(AT.getTime() + 86_400_000), open: null },
    help: {},
    ...over,
  };
}

/** What the template itself gives for the same data and token: the cache must not change a byte. */
const direct = (data: { view: ComplaintPageView; flash?: string }, csrf: string) => render('complaint', { ...data, h: helpers(data.view.locale, data.view.timeZone), csrf });

describe('renderComplaintPage', () => {
  it('gives what the template gives, with each visitor’s own token in every form, from the first rendering on', () => {
    const data = { view: view() };
    const first = renderComplaintPage(data, 'token-of-visitor-one');
    const second = renderComplaintPage(data, 'token-of-visitor-two');
    expect(first).toBe(direct(data, 'token-of-visitor-one'));
    expect(second).toBe(direct(data, 'token-of-visitor-two'));
    // Three forms on this page (answer, rating, review), each with the visitor's token and no other.
    expect(second.match(/name="csrf" value="token-of-visitor-two"/g)).toHaveLength(3);
    expect(second).not.toContain('token-of-visitor-one');
    expect(second).not.toMatch(/csrf-[0-9a-f]{32}/);
  });

  it('renders anew for any change of content: a state only the clock changed, a flash, a date', () => {
    const base = view();
    const overdue = view({ limits: [{ ...base.limits[0]!, state: 'overdue' }] });
    const later = view({ filedAt: new Date(AT.getTime() + 60_000) });
    for (const data of [{ view: base }, { view: overdue }, { view: base, flash: 'page.done.answer' }, { view: later }]) {
      renderComplaintPage(data, 't');
      expect(renderComplaintPage(data, 't')).toBe(direct(data, 't'));
    }
    expect(renderComplaintPage({ view: overdue }, 't')).toContain('not kept: overdue');
    expect(renderComplaintPage({ view: base }, 't')).not.toContain('not kept: overdue');
  });

  it('renders a very large page correctly, kept or not, and pages before it still come out right', () => {
    const long = 'A long note. '.repeat(230);
    const timeline = Array.from({ length: 500 }, (_, i) => ({ at: new Date(AT.getTime() + i * 60_000), key: 'note', params: { text: `${i} ${long}` } }));
    const big = { view: view({ timeline }) };
    expect(renderComplaintPage(big, 'big-token')).toBe(direct(big, 'big-token'));
    expect(renderComplaintPage(big, 'big-token-2')).toBe(direct(big, 'big-token-2'));
    const small = { view: view() };
    expect(renderComplaintPage(small, 's')).toBe(direct(small, 's'));
  });
});
