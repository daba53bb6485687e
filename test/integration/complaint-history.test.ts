import { beforeEach, describe, expect, it } from 'vitest';
import { complaintHistory, HISTORY_MAX, summarizePayload } from '../../src/services/complaint-history';
import type { ServiceDeps } from '../../src/services/deps';
import { ACCEPT_ACTION } from '../../src/slack/ids';
import { isSlackUserId } from '../../src/slack/chat-ids';
import { describeEachDb } from '../support/db';
import { complaintSubmission, useHarness } from '../support/pledge-harness';
import { blockActionPayload } from '../support/signed-requests';
import { appendEvent } from '../../src/db/audit';
import { inTransaction } from '../../src/db/tx';
import { isAppError } from '../../src/errors';

describeEachDb('a complaint\'s history', (getDb) => {
  let deps: Pick<ServiceDeps, 'prisma' | 'config' | 'isPersonId'>;
  let row: { id: string; reference: string; ownerId: string };

  const h = useHarness(getDb);

  beforeEach(async () => {
    deps = { prisma: h.db.prisma, config: h.config, isPersonId: isSlackUserId };
    await h.interact(complaintSubmission('UFILER', { customerName: 'Li Lei', customerContact: '13812345678' }));
    await h.settle(); // stored after its ack
    row = await h.db.prisma.complaint.findFirstOrThrow();
    h.clock.advance(60_000);
    await h.interact(blockActionPayload({ actionId: ACCEPT_ACTION, value: row.id, userId: row.ownerId, responseUrl: h.standIn.responseUrl() }));
    await h.settle();
  });

  const refusal = (p: Promise<unknown>) =>
    p.then(
      () => 'no error',
      (e: unknown) => (isAppError(e) ? { code: e.code, params: e.params } : e),
    );

  it.each(['UFILER', 'owner', 'ULEAD1', 'USUP1', 'UOWN3'])('lists every step, oldest first, to %s', async (who) => {
    const userId = who === 'owner' ? row.ownerId : who;
    const history = await complaintHistory(deps, userId, row.reference.toLowerCase());
    expect(history.reference).toBe('PLG-2026-000001');
    expect(history.truncated).toBe(false);
    expect(history.entries.map((e) => [e.type, e.actorId, e.at.toISOString()])).toEqual([
      ['complaint.filed', 'UFILER', '2026-11-30T02:00:00.000Z'],
      ['complaint.accepted', row.ownerId, '2026-11-30T02:01:00.000Z'],
    ]);
    expect(history.entries[0]!.summary).toBe(`category: billing, firstContactId: UFILER, groupId: billing, ownerId: ${row.ownerId}, priority: normal, source: chat`);
    // Events reference the contact; they never copy it.
    expect(JSON.stringify(history)).not.toMatch(/13812345678|Li Lei/);
  });

  it('answers a stranger exactly as a reference that does not exist', async () => {
    const hidden = await refusal(complaintHistory(deps, 'USTRANGER', row.reference));
    const missing = await refusal(complaintHistory(deps, 'USTRANGER', 'PLG-2026-999999'));
    expect(hidden).toEqual({ code: 'not_found', params: { reference: 'PLG-2026-000001' } });
    expect(missing).toEqual({ code: 'not_found', params: { reference: 'PLG-2026-999999' } });
    expect(await refusal(complaintHistory(deps, 'UFILER', 'nonsense'))).toMatchObject({ code: 'invalid_input' });
  });

  it(`returns the oldest ${HISTORY_MAX} events and says there are more`, async () => {
    await inTransaction(h.db.prisma, async (tx) => {
      for (let i = 0; i < HISTORY_MAX; i += 1) {
        await appendEvent(tx, { complaintId: row.id, actorId: row.ownerId, type: 'complaint.note_added', payload: { i }, at: h.clock.now() });
      }
    });
    const history = await complaintHistory(deps, 'UFILER', row.reference);
    expect(history.entries).toHaveLength(HISTORY_MAX);
    expect(history.truncated).toBe(true);
    expect(history.entries[0]!.type).toBe('complaint.filed');
  });
});

describe('summarizePayload', () => {
  it('sorts keys, drops nulls, shows nested values as JSON and cuts long ones', () => {
    expect(summarizePayload({ b: 2, a: 'x', n: null, o: { k: [1] } })).toBe('a: x, b: 2, o: {"k":[1]}');
    expect(summarizePayload({ note: 'y'.repeat(100) })).toBe(`note: ${'y'.repeat(59)}…`);
    expect(summarizePayload({})).toBe('');
    expect(summarizePayload(null)).toBe('');
    expect(summarizePayload({ t: 'line\nbreak' })).toBe('t: line break');
  });
});
