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
import { WECOM_AGENT_ID, WECOM_CORP_ID, WECOM_SECRET } from '../support/wecom-stand-in';

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

  it('withdraw: a team-member filer withdraws from the card confirming their filing, saying yes on the card first; the handler is refused in words; a retry acts once', async () => {
    const c = await file();
    const card = cardWith('UFILER', 'Withdraw');
    expect(card.sub_title_text).toBe(`Your complaint is filed as ${c.reference}: Charged twice\nHandler: ${c.ownerId}, Billing; accepts it by Tue 1 Dec, 10:00 (GMT+8).`);
    expect(card.button_list.map((b) => [b.text, b.style, b.key ? 'click' : 'page'])).toEqual([['Withdraw', 3, 'click']]);

    await w().click(c.ownerId!, card, 'Withdraw');
    expect(w().texts(c.ownerId!)).toEqual([`Only the person who filed it can do that on ${c.reference}.`]);
    expect(await status(c.id)).toBe('new');
    expect(w().updates()).toEqual([]);

    // One click only asks, as Slack's confirmation does, on the card itself; WeCom's retry asks once.
    const asked = await w().click('UFILER', card, 'Withdraw');
    await w().resend(asked);
    expect(await status(c.id)).toBe('new');
    const [question, ...more] = w().shown('UFILER');
    expect(more).toEqual([]);
    expect(question).toMatchObject({
      task_id: card.task_id,
      main_title: { title: card.main_title.title, desc: 'Withdraw the complaint?' },
      sub_title_text: 'Nobody has accepted it yet. Once withdrawn, it is closed.',
    });
    expect(question!.button_list.map((b) => [b.text, b.style])).toEqual([['Withdraw', 3], ['Cancel', 2]]);

    const xml = await w().click('UFILER', question!, 'Withdraw');
    await w().resend(xml);
    expect(await status(c.id)).toBe('withdrawn');
    expect(await events(c.id, 'complaint.withdrawn')).toBe(1);
    expect(w().updates().map((u) => [u.userids, u.button?.replace_name ?? 'a card'])).toEqual([
      [['UFILER'], 'a card'],
      [['UFILER'], 'Withdrawn by UFILER at Mon 30 Nov, 10:00 (GMT+8).'],
    ]);
    expect(w().texts('UFILER')).toEqual([]);
  });

  it('withdraw, then Cancel: the filing card comes back as it was and nothing changes; accepted meanwhile, Cancel shows where it stands', async () => {
    const c = await file();
    const card = cardWith('UFILER', 'Withdraw');
    await w().click('UFILER', card, 'Withdraw');
    await w().click('UFILER', w().shown('UFILER').at(-1)!, 'Cancel');
    expect(w().shown('UFILER').at(-1)).toEqual(card);
    expect(await status(c.id)).toBe('new');
    expect(await events(c.id, 'complaint.withdrawn')).toBe(0);

    await w().click('UFILER', card, 'Withdraw');
    const question = w().shown('UFILER').at(-1)!;
    await services().acceptComplaint({ complaintId: c.id, actorId: c.ownerId! });
    await w().h.deliver();
    await w().click('UFILER', question, 'Withdraw');
    expect(w().texts('UFILER')).toEqual(['This complaint has moved on since that was shown, so nothing was changed. Its card in the channel shows where it stands now.']);
    await w().click('UFILER', question, 'Cancel');
    expect(w().updates().at(-1)?.button?.replace_name).toBe('Status: Accepted');
    expect(await status(c.id)).toBe('accepted');
  });

  it('withdraw after the handler accepted: the filing card still shows it, and a click is refused in words with nothing changed', async () => {
    const c = await file();
    const card = cardWith('UFILER', 'Withdraw');
    await services().acceptComplaint({ complaintId: c.id, actorId: c.ownerId! });
    await w().h.deliver();
    await w().click('UFILER', card, 'Withdraw');
    expect(w().texts('UFILER')).toEqual(['This complaint has moved on since that was shown, so nothing was changed. Its card in the channel shows where it stands now.']);
    expect(await status(c.id)).toBe('accepted');
    expect(w().updates()).toEqual([]);
  });

  /** Accepted and under investigation by its handler, through the services. */
  async function investigating(over: Record<string, string> = {}) {
    const c = await file(over);
    await services().acceptComplaint({ complaintId: c.id, actorId: c.ownerId! });
    await services().startInvestigation({ complaintId: c.id, actorId: c.ownerId! });
    await w().h.deliver();
    return c;
  }
  const other = (id: string | null) => (id === 'UOWN1' ? 'UOWN2' : 'UOWN1');
  const time = 'Mon 30 Nov, 10:00 (GMT+8)';
  const approvals = (complaintId: string) => prisma().approval.findMany({ where: { complaintId } });

  it("the leader's approval: Approve rejects the complaint; the handler clicking it is refused; a forged consent key is refused; a retry acts once", async () => {
    const c = await investigating();
    await services().requestRejection({ complaintId: c.id, actorId: c.ownerId!, reason: 'Charged as agreed in the signed contract.' });
    await w().h.deliver();
    const card = cardWith('ULEAD1', 'Approve');
    expect(card.quote_area?.quote_text).toBe('Charged as agreed in the signed contract.');
    const [approval] = await approvals(c.id);

    await w().click(c.ownerId!, card, 'Approve');
    expect(w().texts(c.ownerId!)).toEqual([ONLY_ASKED]);
    // Declining a rejection needs a reason: a consent's reasonless Decline is not a key for it.
    await w().click('ULEAD1', { ...card, button_list: [{ text: 'forged', key: `consent_decline:${approval!.id}`, style: 1 }] }, 'forged');
    expect(w().texts('ULEAD1')).toEqual(['Some of what you entered is not valid. Please check and try again.']);
    expect(await status(c.id)).toBe('investigating');
    expect((await approvals(c.id)).map((a) => a.status)).toEqual(['pending']);
    expect(w().updates()).toEqual([]);

    const xml = await w().click('ULEAD1', card, 'Approve');
    await w().resend(xml);
    expect(await status(c.id)).toBe('rejected');
    expect((await approvals(c.id)).map((a) => [a.status, a.decidedBy])).toEqual([['approved', 'ULEAD1']]);
    expect(await events(c.id, 'complaint.rejected')).toBe(1);
    expect(w().updates().map((u) => [u.userids, u.button?.replace_name])).toEqual([[['ULEAD1'], `Approved by ULEAD1 at ${time}.`]]);
  });

  it('a handover approved by click, then its new handler starts the investigation from their own card; a stranger is refused', async () => {
    const c = await file();
    await services().acceptComplaint({ complaintId: c.id, actorId: c.ownerId! });
    const to = other(c.ownerId);
    await services().requestHandover({ complaintId: c.id, actorId: c.ownerId!, toOwnerId: to, reason: 'On leave next week.' });
    await w().h.deliver();
    await w().click('ULEAD1', cardWith('ULEAD1', 'Approve'), 'Approve');
    expect((await prisma().complaint.findUniqueOrThrow({ where: { id: c.id } })).ownerId).toBe(to);

    const card = cardWith(to, 'Start investigation');
    await w().click('UOWN3', card, 'Start investigation');
    expect(w().texts('UOWN3')).toEqual([`Only the complaint's handler or the group leader can do that on ${c.reference}.`]);
    expect(await status(c.id)).toBe('accepted');

    const xml = await w().click(to, card, 'Start investigation');
    await w().resend(xml);
    expect(await status(c.id)).toBe('investigating');
    expect(await events(c.id, 'complaint.investigation_started')).toBe(1);
    expect(w().updates().map((u) => [u.userids, u.button?.replace_name])).toEqual([
      [['ULEAD1'], `Approved by ULEAD1 at ${time}.`],
      [[to], `${to} started the investigation at ${time}.`],
    ]);
  });

  it("a team-member filer's consent: Agree moves the limit; the handler clicking it is refused; a retry acts once", async () => {
    const c = await investigating();
    const newDueAt = new Date('2026-12-09T10:00:00Z');
    await services().requestExtension({ complaintId: c.id, actorId: c.ownerId!, newDueAt, reason: 'Waiting for the bank.' });
    await w().h.deliver();
    const card = cardWith('UFILER', 'Agree');
    expect(card.button_list.map((b) => b.text)).toEqual(['Agree', 'Decline']);

    await w().click(c.ownerId!, card, 'Agree');
    expect(w().texts(c.ownerId!)).toEqual([ONLY_ASKED]);
    expect((await approvals(c.id)).map((a) => a.status)).toEqual(['pending']);

    const xml = await w().click('UFILER', card, 'Agree');
    await w().resend(xml);
    expect((await approvals(c.id)).map((a) => [a.kind, a.status, a.decidedBy])).toEqual([['extension', 'approved', 'UFILER']]);
    const solution = await prisma().deadline.findFirstOrThrow({ where: { complaintId: c.id, stage: 'solution' } });
    expect(solution.dueAt.toISOString()).toBe(newDueAt.toISOString());
    expect(w().updates().map((u) => [u.userids, u.button?.replace_name])).toEqual([[['UFILER'], `Agreed by UFILER at ${time}.`]]);
  });

  it('a consent declined by click keeps the limit, no reason owed', async () => {
    const c = await investigating();
    const before = await prisma().deadline.findFirstOrThrow({ where: { complaintId: c.id, stage: 'solution' } });
    await services().requestExtension({ complaintId: c.id, actorId: c.ownerId!, newDueAt: new Date('2026-12-09T10:00:00Z'), reason: 'Waiting for the bank.' });
    await w().h.deliver();
    await w().click('UFILER', cardWith('UFILER', 'Decline'), 'Decline');
    expect((await approvals(c.id)).map((a) => a.status)).toEqual(['declined']);
    expect((await prisma().deadline.findFirstOrThrow({ where: { id: before.id } })).dueAt).toEqual(before.dueAt);
    expect(w().updates().map((u) => u.button?.replace_name)).toEqual([`Declined by UFILER at ${time}.`]);
  });

  it('the major report: the leader takes the escalation on by click; a member who is not asked is refused; a retry acts once', async () => {
    const c = await file({ priority: 'major' });
    const card = cardWith('ULEAD1', 'Take on escalation');
    expect(card.button_list.map((b) => [b.text, b.key ? 'click' : 'page'])).toEqual([
      ['Accept', 'click'],
      ['Take on escalation', 'click'],
      ['Reassign', 'page'],
      ['Grant extension', 'page'],
      ['Decline escalation', 'page'],
    ]);
    const escalation = () => prisma().escalation.findFirstOrThrow({ where: { complaintId: c.id } });

    await w().click('UOWN3', card, 'Take on escalation');
    expect(w().texts('UOWN3')).toEqual([ONLY_ASKED]);
    expect((await escalation()).decision).toBeNull();

    const xml = await w().click('ULEAD1', card, 'Take on escalation');
    await w().resend(xml);
    expect(await escalation()).toMatchObject({ decision: 'approve', decidedBy: 'ULEAD1' });
    expect(await events(c.id, 'escalation.decided')).toBe(1);
    // Taken on as it stands: the handler is kept.
    expect((await prisma().complaint.findUniqueOrThrow({ where: { id: c.id } })).ownerId).toBe(c.ownerId);
    expect(w().updates().map((u) => [u.userids, u.button?.replace_name])).toEqual([[['ULEAD1'], `Escalation taken on by ULEAD1 at ${time}.`]]);
  });

  it('the follow-up (回访): the filer rates 4 by click and the complaint is archived; the handler is refused; a retry acts once', async () => {
    const c = await investigating();
    await services().proposeSolution({ complaintId: c.id, actorId: c.ownerId!, solution: 'Refund the second charge.' });
    await services().resolveComplaint({ complaintId: c.id, actorId: c.ownerId!, result: 'Refunded 268 yuan.', basis: 'Billing rule 4.2' });
    await w().h.deliver();
    const card = cardWith('UFILER', '4');
    expect(card.quote_area).toEqual({ type: 0, title: 'Result', quote_text: 'Refunded 268 yuan.\nBasis: Billing rule 4.2' });

    await w().click(c.ownerId!, card, '4');
    expect(w().texts(c.ownerId!)).toEqual(["You're not allowed to do that."]);
    expect(await prisma().survey.count({ where: { complaintId: c.id } })).toBe(0);

    const xml = await w().click('UFILER', card, '4');
    await w().resend(xml);
    expect(await prisma().survey.findUniqueOrThrow({ where: { complaintId: c.id } })).toMatchObject({ rating: 4, channel: 'dm', recordedBy: 'UFILER' });
    expect((await prisma().complaint.findUniqueOrThrow({ where: { id: c.id } })).archivedAt).not.toBeNull();
    expect(await events(c.id, 'survey.recorded')).toBe(1);
    expect(w().updates().map((u) => [u.userids, u.button?.replace_name])).toEqual([[['UFILER'], `UFILER rated it 4 out of 5 at ${time}.`]]);
  });

  it("an outside customer's follow-up call (回访): the handler's reminder is a card whose Record follow-up opens its page", async () => {
    const c = await investigating({ source: 'phone', customerName: 'Li Lei', customerContact: '13812345678' });
    await services().proposeSolution({ complaintId: c.id, actorId: c.ownerId!, solution: 'Refund the second charge.' });
    await services().resolveComplaint({ complaintId: c.id, actorId: c.ownerId!, result: 'Refunded 268 yuan.', basis: 'Billing rule 4.2', delivery: { channel: 'phone', note: '' } });
    await w().h.deliver();
    const card = cardWith(c.ownerId!, 'Record follow-up');
    expect(card.sub_title_text).toBe('Please call the customer for the satisfaction follow-up by Wed 2 Dec, 18:00 (GMT+8) and record their rating.');
    const url = card.button_list.find((b) => b.text === 'Record follow-up')!.url!;
    expect(decodeURIComponent(new URL(url).searchParams.get('redirect_uri') ?? '')).toBe(`https://pledge.example.cn/wecom/app/complaints/${c.id}/survey_record`);
    // Nobody rates by click here: the filer who filed for the customer gets the result, not a survey card.
    expect(w().cards('UFILER').filter((x) => x.button_list.some((b) => b.text === '4'))).toEqual([]);
  });

  it("an outside customer's result reaches the team member who filed it as a card whose Reopen opens its page, as Slack's notice offers it", async () => {
    const c = await investigating({ source: 'phone', customerName: 'Li Lei', customerContact: '13812345678' });
    await services().proposeSolution({ complaintId: c.id, actorId: c.ownerId!, solution: 'Refund the second charge.' });
    await services().resolveComplaint({ complaintId: c.id, actorId: c.ownerId!, result: 'Refunded 268 yuan.', basis: 'Billing rule 4.2', delivery: { channel: 'phone', note: '' } });
    await w().h.deliver();
    const card = cardWith('UFILER', 'Reopen');
    expect(card.sub_title_text).toBe('Your complaint is resolved.');
    expect(card.quote_area).toEqual({ type: 0, title: 'Result', quote_text: 'Refunded 268 yuan.\nBasis: Billing rule 4.2' });
    const url = card.button_list.find((b) => b.text === 'Reopen')!.url!;
    expect(decodeURIComponent(new URL(url).searchParams.get('redirect_uri') ?? '')).toBe(`https://pledge.example.cn/wecom/app/complaints/${c.id}/reopen`);
  });

  it("shows the decision once even when WeCom applied an update whose answer was lost: the retry finds the click's code spent and is done", async () => {
    const c = await file();
    const card = cardWith(c.ownerId!, 'Accept');
    // WeCom answers "system busy" but (as the retry will learn) had applied the update.
    w().wecom.failNext('message/update_template_card', -1, 'system busy');
    await w().click(c.ownerId!, card, 'Accept');
    const row = await prisma().notification.findFirstOrThrow({ where: { kind: 'wecom.card.update' } });
    expect(row).toMatchObject({ sentAt: null, attempts: 1, lastError: expect.stringContaining('system busy') });
    const code = (row.payload as { responseCode: string }).responseCode;
    const api = w().wecom.url;
    const token = (await (await fetch(`${api}gettoken?corpid=${WECOM_CORP_ID}&corpsecret=${WECOM_SECRET}`)).json()) as { access_token: string };
    const landed = await fetch(`${api}message/update_template_card?access_token=${token.access_token}`, { method: 'POST', body: JSON.stringify({ agentid: WECOM_AGENT_ID, userids: [c.ownerId], response_code: code, button: { replace_name: 'landed' } }) });
    expect(((await landed.json()) as { errcode: number }).errcode).toBe(0);

    w().h.clock.advance(60_000);
    await w().h.deliver();
    expect(await prisma().notification.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ sentAt: expect.any(Date), failedAt: null, attempts: 2 });
    expect(w().updates().map((u) => u.button?.replace_name)).toEqual(['landed']);
    expect(await status(c.id)).toBe('accepted');
  });

  it("the sweep's escalation, the review after a low rating and the question to the filer come as cards; their typed steps open their pages", async () => {
    const pageOf = (card: SentCard, text: string) => {
      const url = card.button_list.find((b) => b.text === text)?.url;
      expect(url, `a page button "${text}"`).toBeDefined();
      return decodeURIComponent(new URL(url!).searchParams.get('redirect_uri') ?? '');
    };
    const late = await file();
    w().h.clock.set(new Date('2026-12-01T09:00:00+08:00'));
    await services().sweep();
    await w().h.deliver();
    const escalation = await prisma().escalation.findFirstOrThrow({ where: { complaintId: late.id } });
    const asked = cardWith('ULEAD1', 'Take on escalation');
    expect(pageOf(asked, 'Reassign')).toBe(`https://pledge.example.cn/wecom/app/complaints/${late.id}/escalation_reassign?request=${escalation.id}`);
    await w().click('ULEAD1', asked, 'Take on escalation');
    expect((await prisma().escalation.findUniqueOrThrow({ where: { id: escalation.id } })).decision).toBe('approve');

    const c = await investigating();
    await services().requestInfo({ complaintId: c.id, actorId: c.ownerId!, question: 'Which card was charged?' });
    await w().h.deliver();
    const question = cardWith('UFILER', 'Answer');
    expect(question.quote_area?.quote_text).toBe('Which card was charged?');
    expect(pageOf(question, 'Answer')).toBe(`https://pledge.example.cn/wecom/app/complaints/${c.id}/answer_info`);
    await services().answerInfo({ complaintId: c.id, actorId: 'UFILER', answer: 'The Visa ending 4242.' });
    await services().proposeSolution({ complaintId: c.id, actorId: c.ownerId!, solution: 'Refund.' });
    await services().resolveComplaint({ complaintId: c.id, actorId: c.ownerId!, result: 'Refunded.', basis: 'Rule 4.2' });
    await w().h.deliver();
    await w().click('UFILER', cardWith('UFILER', '2'), '2');
    const review = await prisma().review.findFirstOrThrow({ where: { complaintId: c.id } });
    const reviewCard = cardWith('ULEAD1', 'Confirm closure');
    expect(reviewCard.button_list.map((b) => [b.text, b.key ?? 'page'])).toEqual([['Reopen', 'page'], ['Confirm closure', 'page']]);
    expect(pageOf(reviewCard, 'Confirm closure')).toBe(`https://pledge.example.cn/wecom/app/complaints/${c.id}/review_confirm?request=${review.id}`);
  });
});
