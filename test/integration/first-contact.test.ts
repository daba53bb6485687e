/**
 * 首问负责制 over signed HTTP into the real Bolt app, on both databases: the first contact (首问负责人)
 * is who registered the complaint for the complainant, or the first to accept where the
 * complainant filed themselves; the handler (承办人) accepts and works it. Both are on the card,
 * and the first contact hears of every step and every escalation. Nobody consents to or rates
 * their own work: routing passes the filer over, and what staff record for a complainant says so.
 */
import { expect, it } from 'vitest';
import { SURVEY_RECORD_ACTION, surveyRateActionId } from '../../src/slack/ids';
import { describeEachDb } from '../support/db';
import { datetime, Driver, type Filed } from '../support/lifecycle-driver';
import { type DraftValues, useHarness } from '../support/pledge-harness';
import { inputValue } from '../support/signed-requests';
import type { RecordedCall } from '../support/slack-stand-in';

const CUSTOMER: DraftValues = { source: 'phone', customerName: 'Li Lei', customerContact: '13812345678' };
const at = (local: string) => new Date(`${local}+08:00`);

describeEachDb('first contact and handler (首问负责制)', (getDb) => {
  const h = useHarness(getDb);
  const settle = h.settle;
  const d = new Driver(h, settle);

  const row = (id: string) => h.db.prisma.complaint.findUniqueOrThrow({ where: { id } });
  const cardBlocks = (c: Filed) => {
    const updates = d.cardUpdates(c);
    const shown = updates.at(-1) ?? d.posts((p) => p.args.channel === 'CBILLING' && !p.args.thread_ts).at(-1)!;
    return JSON.stringify(shown.args.blocks);
  };
  const dmTexts = (userId: string) => d.dmsTo(userId).map((p: RecordedCall) => String(p.args.text));

  it('registered for an outside customer: the registering member is the first contact from the start, the handler accepts', async () => {
    const c = await d.file(CUSTOMER, 'UFILER');
    expect((await row(c.id)).firstContactId).toBe('UFILER');
    expect(cardBlocks(c)).toContain('*First contact*\\n<@UFILER>');
    expect(cardBlocks(c)).toContain(`*Handler*\\n<@${c.ownerId}>`);

    // The leader accepts for the handler: the first contact does not change hands.
    await d.accept('ULEAD1', c);
    await h.deliver();
    expect(await row(c.id)).toMatchObject({ firstContactId: 'UFILER', ownerId: c.ownerId, status: 'accepted' });
    expect(cardBlocks(c)).toContain('*First contact*\\n<@UFILER>');
    expect(cardBlocks(c)).toContain(`*Handler*\\n<@${c.ownerId}>`);

    // Every step reaches the first contact in a DM, not only the thread.
    await d.press(c.ownerId, 'start_investigation', c.id);
    await h.deliver();
    expect(dmTexts('UFILER')).toContain(`${c.reference} · <@ULEAD1> accepted the complaint; <@${c.ownerId}> handles it.`);
    expect(dmTexts('UFILER')).toContain(`${c.reference} · <@${c.ownerId}> started the investigation.`);
  });

  it('the first contact is told of an escalation', async () => {
    const c = await d.file(CUSTOMER, 'UFILER');
    h.clock.set(at('2026-12-01T09:00:00')); // 80% of the 24 hours to accept: escalated to the leader
    await h.pledge.services.sweep();
    await h.deliver();
    expect(h.standIn.callsTo('chat.postMessage').some((p) => p.args.channel === 'ULEAD1')).toBe(true);
    expect(dmTexts('UFILER').some((t) => t.includes('Escalated to <@ULEAD1>'))).toBe(true);
  });

  it('a member’s own complaint: nobody is first contact until the first to accept, who stays it after a handover', async () => {
    const c = await d.file({}, 'UFILER');
    expect((await row(c.id)).firstContactId).toBeNull();
    expect(cardBlocks(c)).not.toContain('First contact');

    await d.accept('ULEAD1', c);
    await h.deliver();
    expect(await row(c.id)).toMatchObject({ firstContactId: 'ULEAD1', ownerId: c.ownerId });
    expect(cardBlocks(c)).toContain('*First contact*\\n<@ULEAD1>');
    expect(cardBlocks(c)).toContain(`*Handler*\\n<@${c.ownerId}>`);
  });

  it('routing never makes the filer the handler while another member is available', async () => {
    // UOWN1 and UOWN2 are free (UOWN3 is away): with no rotation yet, UOWN1 would be first.
    const own = await d.file({}, 'UOWN1');
    expect(own.ownerId).toBe('UOWN2');
    // Alone in their group, the filer's complaint goes to the leader.
    const service = await d.file({ category: 'service' }, 'USRV1');
    expect(service.ownerId).toBe('ULEAD2');
  });

  it('a rating recorded by staff is labelled so on the card, in the history and in the report; the complainant’s says it is theirs', async () => {
    const resolve = async (c: Filed, values: DraftValues) => {
      await d.accept(c.ownerId, c);
      await d.press(c.ownerId, 'start_investigation', c.id);
      await d.act(c.ownerId, 'propose_solution', c.id, { text: 'Refund the second charge.' });
      const outside = values.customerContact ? { delivery: inputValue.select('phone'), deliveryNote: 'Called at 15:00.' } : {};
      await d.act(c.ownerId, 'resolve', c.id, { text: 'Refunded.', basis: 'Bank statement.', ...outside });
      await h.deliver();
    };
    const outside = await d.file(CUSTOMER, 'UFILER');
    await resolve(outside, CUSTOMER);
    await d.pressInDm(outside.ownerId, SURVEY_RECORD_ACTION, outside.id);
    expect(await d.submitOpened(outside.ownerId, d.lastModal(), { rating: inputValue.radio('4'), channel: inputValue.select('phone') })).toEqual({ status: 200, errors: undefined });

    const own = await d.file({}, 'UFILER');
    await resolve(own, {});
    await d.pressInDm('UFILER', surveyRateActionId(5), own.id);
    expect(await d.submitOpened('UFILER', d.lastModal(), { rating: inputValue.radio('5') })).toEqual({ status: 200, errors: undefined });
    await h.deliver();

    expect(cardBlocks(outside)).toContain('4 out of 5 (recorded by staff)');
    expect(cardBlocks(own)).toContain('5 out of 5 (from the complainant)');

    const history = async (c: Filed) => {
      const before = h.standIn.callsTo('response_url').length;
      await h.command(`history ${c.reference}`, 'ULEAD1');
      await settle();
      return JSON.stringify(h.standIn.callsTo('response_url').slice(before).map((r) => r.args.blocks));
    };
    expect(await history(outside)).toContain(`<@${outside.ownerId}> recorded the satisfaction follow-up: 4 out of 5 (recorded by staff).`);
    expect(await history(own)).toContain('<@UFILER> recorded the satisfaction follow-up: 5 out of 5 (from the complainant).');

    const before = h.standIn.callsTo('response_url').length;
    await h.command('stats', 'USUP1');
    await settle();
    const stats = JSON.stringify(h.standIn.callsTo('response_url').slice(before).map((r) => r.args.blocks));
    expect(stats).toContain('*Ratings from the complainant*\\n1');
    expect(stats).toContain('*Ratings recorded by staff*\\n1');
  });

  it('an extension consented by the complainant and one recorded by staff are told apart on the card and in the history', async () => {
    const outside = await d.file(CUSTOMER, 'UFILER');
    await d.accept(outside.ownerId, outside);
    await d.act(outside.ownerId, 'request_extension', outside.id, {
      due: datetime(at('2026-12-10T18:00:00')),
      text: 'Waiting for the bank.',
      evidence: 'Mr Li agreed on the phone, 30 Nov 10:05.',
    });
    await h.deliver();
    expect(cardBlocks(outside)).toContain('(extended, consent recorded by staff)');
    const before = h.standIn.callsTo('response_url').length;
    await h.command(`history ${outside.reference}`, 'ULEAD1');
    await settle();
    const text = JSON.stringify(h.standIn.callsTo('response_url').slice(before).map((r) => r.args.blocks));
    expect(text).toMatch(/extended \\"Propose a solution\\" to [^"\\]+ \(recorded by staff\)\./);
  });
});
