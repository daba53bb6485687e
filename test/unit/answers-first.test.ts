/** chat/answers-first.ts: deliveries wait while callbacks are being answered, but never for long (issue 14, point 11). */
import { describe, expect, it } from 'vitest';
import { AnswersFirst } from '../../src/chat/answers-first';

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('AnswersFirst', () => {
  it('gives the turn at once when nothing is being answered', async () => {
    const gate = new AnswersFirst(3_600_000);
    await gate.turn();
    expect(gate.answering()).toBe(0);
  });

  it('gives the turn once the last pending answer is out, not before', async () => {
    const gate = new AnswersFirst(3_600_000);
    const endA = gate.begin();
    const endB = gate.begin();
    let turned = false;
    const turn = gate.turn().then(() => (turned = true));
    endA();
    // Ending the same answer twice (the response closes after it finished) counts once.
    endA();
    await settle();
    await settle();
    expect(turned).toBe(false);
    expect(gate.answering()).toBe(1);
    endB();
    await turn;
    expect(gate.answering()).toBe(0);
  });

  it('waits on when another answer begins before the turn is taken', async () => {
    const gate = new AnswersFirst(3_600_000);
    const endA = gate.begin();
    let turned = false;
    const turn = gate.turn().then(() => (turned = true));
    endA();
    // Begun in the same round of I/O as the first one ended: the turn waits for it too.
    const endB = gate.begin();
    await settle();
    await settle();
    expect(turned).toBe(false);
    endB();
    await turn;
  });

  it('lingers after the last answer, so a burst arriving a few milliseconds apart is answered whole first', async () => {
    const gate = new AnswersFirst(3_600_000, 3_600_000);
    gate.begin()();
    let turned = false;
    void gate.turn().then(() => (turned = true));
    await settle();
    await settle();
    expect([turned, gate.answering()]).toEqual([false, 0]);
    const short = new AnswersFirst(3_600_000, 5);
    short.begin()();
    await short.turn();
  });

  it('gives the turn after maxWaitMs even while answers keep coming', async () => {
    const gate = new AnswersFirst(20);
    gate.begin();
    const started = performance.now();
    await gate.turn();
    expect(performance.now() - started).toBeGreaterThanOrEqual(15);
    expect(gate.answering()).toBe(1);
  });
});
