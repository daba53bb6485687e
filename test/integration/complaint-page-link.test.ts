/** Page links: unguessable, stored hashed, revocable, ending a configured time after archiving (issue 13, point 5). */
import { expect, it } from 'vitest';
import { inTransaction } from '../../src/db/tx';
import { hashPageToken, issueComplaintPageLink, openComplaintPageLink, revokeComplaintPageLinks } from '../../src/services/complaint-page-link';
import { bareComplaint } from '../support/bare-complaint';
import { describeEachDb } from '../support/db';
import { testConfig } from '../support/pledge-harness';

const at = new Date('2026-12-01T02:00:00Z');
const day = 86_400_000;
const publicUrl = new URL('https://pledge.example.com/help/');

describeEachDb('complaint page links', (getDb) => {
  async function setUp() {
    const db = getDb();
    const config = await testConfig();
    const complaintId = await bareComplaint(db.prisma, 1, at);
    const issue = () => inTransaction(db.prisma, (tx) => issueComplaintPageLink({ publicUrl }, tx, complaintId, at));
    const open = (token: string, now = at) => openComplaintPageLink({ config, prisma: db.prisma }, token, now);
    return { db, config, complaintId, issue, open };
  }

  it('makes a link under PLEDGE_PUBLIC_URL whose 256-bit token is stored only as its SHA-256', async () => {
    const { db, complaintId, issue, open } = await setUp();
    const url = (await issue())!;
    expect(url).toMatch(/^https:\/\/pledge\.example\.com\/help\/p\/[A-Za-z0-9_-]{43}$/);
    const token = url.split('/').pop()!;
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    const rows = await db.prisma.pageLink.findMany();
    expect(rows).toEqual([expect.objectContaining({ complaintId, tokenHash: hashPageToken(token), revokedAt: null })]);
    // Nowhere in the database is the token itself: not the link row, not the audit log.
    const dump = JSON.stringify(await db.prisma.$queryRawUnsafe(`SELECT row_to_json(t)::text AS r FROM (SELECT * FROM "PageLink") t UNION ALL SELECT row_to_json(e)::text FROM "Event" e`));
    expect(dump).not.toContain(token);
    expect(dump).toContain('page_link.issued');
    expect(await open(token)).toEqual({ ok: true, complaintId, linkId: rows[0]!.id });
    // Each call makes a different link.
    expect(await issue()).not.toBe(url);
  });

  it('refuses a forged, malformed or revoked token; revoking is audited', async () => {
    const { db, complaintId, issue, open } = await setUp();
    const token = (await issue())!.split('/').pop()!;
    const forged = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    expect(await open(forged)).toEqual({ ok: false, reason: 'unknown' });
    expect(await open('short')).toEqual({ ok: false, reason: 'malformed' });
    expect(await open(`${token}'--`)).toEqual({ ok: false, reason: 'malformed' });
    const revoked = await inTransaction(db.prisma, (tx) => revokeComplaintPageLinks(tx, complaintId, 'ULEADER', at));
    expect(revoked).toBe(1);
    expect(await open(token)).toEqual({ ok: false, reason: 'revoked' });
    const events = await db.prisma.event.findMany({ where: { type: 'page_link.revoked' } });
    expect(events).toEqual([expect.objectContaining({ actorId: 'ULEADER', payload: { links: 1 } })]);
  });

  it('keeps working until page.linkDaysAfterArchive days after archiving, then refuses', async () => {
    const { db, complaintId, issue, open, config } = await setUp();
    const token = (await issue())!.split('/').pop()!;
    expect((await open(token, new Date(at.getTime() + 400 * day))).ok).toBe(true); // never archived: no end
    const archivedAt = new Date(at.getTime() + 10 * day);
    await db.prisma.complaint.update({ where: { id: complaintId }, data: { archivedAt, archiveReason: 'limit' } });
    const limit = archivedAt.getTime() + config.page.linkDaysAfterArchive * day;
    expect((await open(token, new Date(limit - 1))).ok).toBe(true);
    expect(await open(token, new Date(limit))).toEqual({ ok: false, reason: 'expired' });
    // The setting is read at each visit: a longer one opens the link again.
    const longer = { ...config, page: { ...config.page, linkDaysAfterArchive: config.page.linkDaysAfterArchive + 1 } };
    expect((await openComplaintPageLink({ config: longer, prisma: db.prisma }, token, new Date(limit))).ok).toBe(true);
  });

  it('makes no link without PLEDGE_PUBLIC_URL', async () => {
    const { db, complaintId } = await setUp();
    expect(await inTransaction(db.prisma, (tx) => issueComplaintPageLink({}, tx, complaintId, at))).toBeUndefined();
    expect(await db.prisma.pageLink.count()).toBe(0);
  });
});
