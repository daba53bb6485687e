/**
 * WeCom's callbacks under a burst (issue 14, point 11): callbacks that arrive while one is being
 * written go together in the next statement (group commit, db/batched-write.ts), and each is
 * answered 200 only once the statement carrying it has committed. None of that may cost the
 * guarantee: a retry in the same batch is acted on once, a callback recorded whose answer never
 * reached WeCom is found by WeCom's retry, and a batch the database refuses answers none 200.
 * The outbox waits while callbacks are being answered (chat/answers-first.ts).
 *
 * The tests hold the database in a transaction of their own (a lock on the outbox's table; on the
 * embedded database, its one connection too) so that a batch forms behind the write under way.
 */
import { expect, it, vi } from 'vitest';
import { Dispatcher } from '../../src/chat/dispatcher';
import type { ChatPort } from '../../src/chat/port';
import { enqueue } from '../../src/db/outbox';
import type { Tx } from '../../src/db/tx';
import { describeEachDb } from '../support/db';
import { postCallback, textMessageXml } from '../support/wecom-callbacks';
import { useCallbackPledge } from '../support/wecom-pledge';
import { WECOM_AGENT_ID, WECOM_CORP_ID } from '../support/wecom-stand-in';

/** Far beyond any machine's pace: the nets are for a hang, not a measure. */
const HOLD = { maxWait: 600_000, timeout: 600_000 };

describeEachDb('WeCom callbacks in a burst', (getDb) => {
  const { h, acts, now, ours } = useCallbackPledge(getDb);
  const queued = () => h.db.prisma.notification.findMany({ where: { kind: 'wecom.callback' }, orderBy: { id: 'asc' } });
  const send = (content: string, msgId: string, signal?: AbortSignal) =>
    postCallback(h.baseUrl, textMessageXml(WECOM_CORP_ID, 'zhangsan', content, msgId, now(), WECOM_AGENT_ID), { ...ours(), ...(signal && { signal }) });
  const record = () => h.pledge.wecom!.route.record;
  const answered = async (r: Promise<Response>) => {
    const res = await r;
    return [res.status, await res.text()];
  };

  /**
   * Runs `work` while the outbox's table is locked against inserts: the callback whose write is
   * under way waits for the lock (or, embedded, for the connection the lock's transaction holds),
   * and those arriving meanwhile gather behind it. Everything `work` returns is wrapped, so its
   * pending answers are not awaited inside the transaction.
   */
  function holding<T>(mode: 'SHARE' | 'ACCESS EXCLUSIVE', work: (tx: Tx) => Promise<T>): Promise<T> {
    return h.db.prisma.$transaction(async (tx) => {
      await tx.$executeRawUnsafe(`LOCK TABLE "Notification" IN ${mode} MODE`);
      return work(tx);
    }, HOLD);
  }

  it('writes the callbacks that arrived while one was being written in one statement, a retry among them acted on once', async () => {
    const { first, burst } = await holding('SHARE', async () => {
      const first = send('第一件', '7300000000000000001');
      await record().whenPending(1);
      // While the first is being written: two new messages, WeCom's retry of one of them, and of the first.
      const burst = [send('第二件', '7300000000000000002'), send('第二件', '7300000000000000002'), send('第三件', '7300000000000000003'), send('第一件', '7300000000000000001')];
      await record().whenPending(5);
      return { first, burst };
    });
    expect(await Promise.all([first, ...burst].map(answered))).toEqual(Array.from({ length: 5 }, () => [200, '']));
    expect((await queued()).map((r) => r.dedupeKey)).toEqual(expect.arrayContaining(['wecom:msg:7300000000000000001', 'wecom:msg:7300000000000000002', 'wecom:msg:7300000000000000003']));
    expect(await queued()).toHaveLength(3);
    await h.deliver();
    expect(acts.map((a) => a.Content).sort()).toEqual(['第一件', '第三件', '第二件'].sort());
  });

  it('finds a callback whose answer never reached WeCom (cut off after its row committed, as by a crash) when WeCom sends it again, and acts once', async () => {
    const cut = new AbortController();
    const lost = await holding('SHARE', async () => {
      const lost = send('没有回音', '7300000000000000010', cut.signal).catch((error: Error) => error);
      // Verified and being written: WeCom gives up on this connection before the answer comes.
      await record().whenPending(1);
      cut.abort();
      return { lost };
    });
    expect(await lost.lost).toBeInstanceOf(Error);
    // The row commits all the same: it was verified and its write under way.
    await vi.waitFor(async () => expect(await queued()).toHaveLength(1), { timeout: 600_000, interval: 20 });
    // Pledge starts again (a crash, a deploy); WeCom's retry reaches it.
    await h.restart();
    expect(await answered(send('没有回音', '7300000000000000010'))).toEqual([200, '']);
    expect(await queued()).toHaveLength(1);
    await h.deliver();
    expect(acts.map((a) => a.Content)).toEqual(['没有回音']);
  });

  it('answers none of a batch 200 when the database refuses its write, and takes them all when WeCom sends them again', async () => {
    let answers: Promise<Response>[] = [];
    try {
      ({ answers } = await holding('ACCESS EXCLUSIVE', async (tx) => {
        const answers = [send('甲', '7300000000000000021')];
        await record().whenPending(1);
        answers.push(send('乙', '7300000000000000022'), send('丙', '7300000000000000023'));
        await record().whenPending(3);
        // The table is gone by the time the waiting writes reach it: every statement fails.
        await tx.$executeRawUnsafe('ALTER TABLE "Notification" RENAME TO "NotificationAway"');
        return { answers };
      }));
      expect((await Promise.all(answers.map(answered))).map(([status]) => status)).toEqual([500, 500, 500]);
    } finally {
      await h.db.prisma.$executeRawUnsafe('ALTER TABLE IF EXISTS "NotificationAway" RENAME TO "Notification"');
    }
    expect(await queued()).toEqual([]);
    const again = await Promise.all([send('甲', '7300000000000000021'), send('乙', '7300000000000000022'), send('丙', '7300000000000000023')].map(answered));
    expect(again).toEqual([[200, ''], [200, ''], [200, '']]);
    await h.deliver();
    expect(acts.map((a) => a.Content).sort()).toEqual(['丙', '乙', '甲'].sort());
  });

  it('answers the rest of a batch 200 when the database refuses one callback of it', async () => {
    // A real refusal inside the database: the outbox's table refuses this one callback's row, and
    // with it the shared statement. (A text holding U+0000, which jsonb cannot store, did this
    // until the callback learnt to drop the character.)
    const db = h.db.prisma;
    await db.$executeRawUnsafe(`CREATE OR REPLACE FUNCTION test_refuse_callback() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW."dedupeKey" = 'wecom:msg:7300000000000000033' THEN RAISE EXCEPTION 'refused for the test'; END IF; RETURN NEW; END $$`);
    await db.$executeRawUnsafe(`CREATE TRIGGER test_refuse_callback BEFORE INSERT ON "Notification" FOR EACH ROW EXECUTE FUNCTION test_refuse_callback()`);
    try {
      const { answers } = await holding('SHARE', async () => {
        const answers = [send('先', '7300000000000000031')];
        await record().whenPending(1);
        answers.push(send('好', '7300000000000000032'), send('坏', '7300000000000000033'), send('也好', '7300000000000000034'));
        await record().whenPending(4);
        return { answers };
      });
      expect((await Promise.all(answers.map(answered))).map(([status]) => status)).toEqual([200, 200, 500, 200]);
      await h.deliver();
      expect(acts.map((a) => a.Content).sort()).toEqual(['先', '好', '也好'].sort());
    } finally {
      await db.$executeRawUnsafe('DROP TRIGGER test_refuse_callback ON "Notification"');
      await db.$executeRawUnsafe('DROP FUNCTION test_refuse_callback()');
    }
  });
});

describeEachDb('the dispatcher, while answers are pending', (getDb) => {
  it('claims and delivers nothing until it is given its turn', async () => {
    const prisma = getDb().prisma;
    const at = new Date('2026-11-30T02:00:00Z');
    await enqueue(prisma, at, [{ dedupeKey: 'turn:1', kind: 'test.kind', target: 'x' }]);
    let giveTurn!: () => void;
    const turns: Promise<void>[] = [new Promise<void>((resolve) => (giveTurn = resolve))];
    const delivered: string[] = [];
    let asked = 0;
    const dispatcher = new Dispatcher({
      prisma,
      clock: { now: () => at },
      chat: {} as ChatPort,
      card: async () => undefined,
      home: async () => ({}) as never,
      groupChannel: () => undefined,
      kinds: { 'test.kind': async (row) => void delivered.push(row.dedupeKey) },
      turn: () => {
        asked++;
        return turns.shift() ?? Promise.resolve();
      },
    });
    const drained = dispatcher.drain();
    await vi.waitFor(() => expect(asked).toBe(1), { timeout: 600_000, interval: 5 });
    // Waiting for its turn: the row is not even claimed.
    const row = await prisma.notification.findUniqueOrThrow({ where: { dedupeKey: 'turn:1' } });
    expect([row.attempts, row.sentAt, delivered]).toEqual([0, null, []]);
    giveTurn();
    expect(await drained).toMatchObject({ sent: 1 });
    expect(delivered).toEqual(['turn:1']);
  });
});
