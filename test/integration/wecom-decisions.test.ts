/**
 * Decisions by click on WeCom, on both databases: each card is sent through the outbox to the
 * stand-in of WeCom's API, clicked by sending the encrypted callback to Pledge's own server as
 * WeCom does, and then the stand-in is read: the service's effect in the database, the clicked
 * card updated once with who decided what and when, WeCom's retry of the same callback acting
 * once, and a click by someone who may not decide refused in words with nothing changed.
 */
import { expect, it } from 'vitest';
import { describeEachDb } from '../support/db';
import { draft } from '../support/services';
import { useWeComPledge, type SentCard } from '../support/wecom-pledge';

const ONLY_ASKED = 'Only the person this request was sent to can answer it.';

describeEachDb('WeCom: decisions by click', (getDb) => {
  const w = useWeComPledge(getDb);
  const services = () => w().h.pledge.services;
  const prisma = () => w().h.db.prisma;
  const status = async (id: string) => (await prisma().complaint.findUniqueOrThrow({ where: { id } })).status;
  const events = async (id: string, type: string) => prisma().event.count({ where: { complaintId: id, type } });

  async function file(over: Record<string, string> = {}) {
    const filed = await services().fileComplaint({ filerId: 'UFILER', submissionKey: `wecom-${Math.random()}`, draft: draft(over) });
    if (!filed.ok) throw new Error('filing failed');
    await w().h.deliver();
    return filed.complaint;
  }

  /** The latest card to `member` with a button labelled `text`. */
  function cardWith(member: string, text: string): SentCard {
    const card = w().cards(member).findLast((c) => c.button_list.some((b) => b.text === text));
    expect(card, `a card to ${member} with "${text}"; cards: ${JSON.stringify(w().cards(member).map((c) => c.button_list.map((b) => b.text)))}`).toBeDefined();
    return card!;
  }

  it('accept: the handler clicks Accept; a member who is not the handler is refused in words; a retry acts once', async () => {
    const c = await file();
    const card = cardWith(c.ownerId!, 'Accept');
    expect(card.sub_title_text).toBe(`Please accept complaint ${c.reference} by Tue 1 Dec, 10:00 (GMT+8).`);
    const stranger = c.ownerId === 'UOWN1' ? 'UOWN2' : 'UOWN1';

    await w().click(stranger, card, 'Accept');
    expect(w().texts(stranger)).toEqual([`Only the complaint's handler or the group leader can do that on ${c.reference}.`]);
    expect(await status(c.id)).toBe('new');
    expect(w().updates()).toEqual([]);

    const xml = await w().click(c.ownerId!, card, 'Accept');
    await w().resend(xml);
    expect(await status(c.id)).toBe('accepted');
    expect(await events(c.id, 'complaint.accepted')).toBe(1);
    expect(w().updates()).toEqual([{ userids: [c.ownerId], agentid: expect.any(Number), response_code: expect.any(String), button: { replace_name: `Accepted by ${c.ownerId} at Mon 30 Nov, 10:00 (GMT+8)` } }]);
    expect(w().texts(c.ownerId!)).toEqual([]);
  });
});
