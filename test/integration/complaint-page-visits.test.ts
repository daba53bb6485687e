/**
 * The complainant's page under many visits at once (issue 13, point 13): the visits share reads
 * (db/batched-read.ts) and renderings (web/render.ts), and none of that may cost correctness —
 * each visitor gets their own CSRF token, a revoked or expired link is refused on the next
 * visit, and every change shows at once, including one only the clock makes.
 */
import { expect, it } from 'vitest';
import { describeEachDb } from '../support/db';
import { browserLike, csrfOf, outsideComplaint, PUBLIC_URL } from '../support/complaint-page';
import { useHarness } from '../support/pledge-harness';

const DAY = 86_400_000;

describeEachDb('complaint page under concurrent visits', (getDb) => {
  const h = useHarness(getDb, { publicUrl: PUBLIC_URL });

  it('gives each of fifty visitors at once the page with their own CSRF token, which works for them only', async () => {
    const c = await outsideComplaint(h, h.baseUrl);
    await c.accept();
    await c.investigate();
    await c.ask('Which account number?');
    const visitors = Array.from({ length: 50 }, () => browserLike());
    const pages = await Promise.all(visitors.map((v) => v.get(c.pageUrl)));
    for (const page of pages) {
      expect(page.res.status).toBe(200);
      expect(page.body).toContain('Which account number?');
    }
    const tokens = pages.map((p) => csrfOf(p.body));
    expect(new Set(tokens).size).toBe(50);
    // The pages differ only by their tokens: one rendering, each visitor's token put in.
    expect(new Set(pages.map((p, i) => p.body.replace(tokens[i]!, 'TOKEN'))).size).toBe(1);

    const [first, second] = visitors;
    const borrowed = await first!.post(c.pageUrl, { do: 'answer', answer: 'ACC-1', csrf: tokens[1]! });
    expect(borrowed.res.status).toBe(403);
    expect((await h.db.prisma.complaint.findUniqueOrThrow({ where: { id: c.id } })).status).toBe('waiting_on_complainant');
    const own = await second!.post(c.pageUrl, { do: 'answer', answer: 'ACC-1', csrf: tokens[1]! });
    expect(own.res.status).toBe(303);
    expect((await h.db.prisma.complaint.findUniqueOrThrow({ where: { id: c.id } })).status).toBe('investigating');
  });

  it('refuses a link revoked while visits were under way on the next visit, and after it every one', async () => {
    const c = await outsideComplaint(h, h.baseUrl);
    const during = Array.from({ length: 20 }, () => browserLike().get(c.pageUrl));
    await h.db.prisma.pageLink.updateMany({ where: { complaintId: c.id }, data: { revokedAt: h.clock.now() } });
    // Visits that overlapped the revoking may have been served either way; none failed.
    for (const visit of await Promise.all(during)) expect([200, 404]).toContain(visit.res.status);
    const after = await Promise.all(Array.from({ length: 20 }, () => browserLike().get(c.pageUrl)));
    for (const visit of after) {
      expect(visit.res.status).toBe(404);
      expect(visit.body).toContain('This link does not open a complaint');
      expect(visit.body).not.toContain(c.reference);
    }
  });

  it('shows each change on the next visit, also one only time makes, and the archived page until its link expires', async () => {
    const c = await outsideComplaint(h, h.baseUrl);
    const browser = browserLike();
    const running = await browser.get(c.pageUrl);
    expect(running.body).toContain('in progress');
    expect(running.body).not.toContain('not kept: overdue');
    // The same content again: the same page.
    expect((await browser.get(c.pageUrl)).body).toBe(running.body);

    // Nothing recorded changes; the clock passes the acknowledge limit.
    const ack = await h.db.prisma.deadline.findFirstOrThrow({ where: { complaintId: c.id, stage: 'acknowledge' } });
    h.clock.set(new Date(ack.dueAt.getTime() + 60_000));
    expect((await browser.get(c.pageUrl)).body).toContain('not kept: overdue');

    await c.accept();
    await h.pledge.services.addNote({ complaintId: c.id, actorId: c.owner, note: 'Billing is checking both charges.', toComplainant: true, requestKey: 'visits-note' });
    const noted = await browser.get(c.pageUrl);
    expect(noted.body).toContain('Progress: Billing is checking both charges.');
    expect(noted.body).toContain('Accept</strong>');

    const archivedAt = h.clock.now();
    await h.db.prisma.complaint.update({ where: { id: c.id }, data: { archivedAt, archiveReason: 'limit' } });
    expect((await browser.get(c.pageUrl)).body).toContain(', archived');
    h.clock.set(new Date(archivedAt.getTime() + h.pledge.services.config.page.linkDaysAfterArchive * DAY));
    const expired = await browser.get(c.pageUrl);
    expect(expired.res.status).toBe(404);
    expect(expired.body).not.toContain(c.reference);
  });
});
