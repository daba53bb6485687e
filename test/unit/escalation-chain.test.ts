import { describe, expect, it } from 'vitest';
import { nextInChain } from '../../src/domain/escalation-chain';

const CHAIN = ['ULEAD', 'UHEAD', 'USUP1', 'USUP2'];

describe('nextInChain', () => {
  it.each([
    [0, [], { level: 1, approverId: 'ULEAD' }],
    [0, ['UOWN'], { level: 1, approverId: 'ULEAD' }],
    [0, ['ULEAD'], { level: 2, approverId: 'UHEAD' }], // the leader handles it: past them
    [1, ['UOWN'], { level: 2, approverId: 'UHEAD' }],
    [1, ['UHEAD'], { level: 3, approverId: 'USUP1' }],
    [2, ['ULEAD'], { level: 3, approverId: 'USUP1' }],
    [3, [], { level: 4, approverId: 'USUP2' }],
  ] as const)('above level %i, passing over %j: %j', (from, passOver, step) => {
    expect(nextInChain(CHAIN, from, passOver)).toEqual(step);
  });

  it('is undefined at the top of the chain, or when only the accountable person is left', () => {
    expect(nextInChain(CHAIN, 4, [])).toBeUndefined();
    expect(nextInChain(CHAIN, 3, ['USUP2'])).toBeUndefined();
    expect(nextInChain([], 0, [])).toBeUndefined();
  });
});
