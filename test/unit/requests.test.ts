import { describe, expect, it } from 'vitest';
import { STATUSES, type Status } from '../../src/domain/complaint';
import { requestStands, type RequestedOf } from '../../src/domain/requests';

const open = (status: Status, more: Partial<RequestedOf> = {}): RequestedOf => ({ status, archived: false, ownerId: 'UOWN1', ...more });
const rejection = { kind: 'rejection', requestedBy: 'UOWN1', payload: { reason: 'x' } };
const handover = { kind: 'handover', requestedBy: 'UOWN1', payload: { fromOwnerId: 'UOWN1', toOwnerId: 'UOWN2', reason: 'x' } };
const extension = { kind: 'extension', requestedBy: 'UOWN1', payload: { deadlineId: 'd1' } };
const running = { deadline: { metAt: null } };

describe('a waiting request stands while answering yes could still do what it asks', () => {
  it('a rejection: only while the complaint is under investigation', () => {
    const standing = STATUSES.filter((s) => requestStands(rejection, open(s)));
    expect(standing).toEqual(['investigating']);
  });

  it('a handover: while open and with the owner who asked, not once someone else (or its target) has it', () => {
    const standing = STATUSES.filter((s) => requestStands(handover, open(s)));
    expect(standing).toEqual(['new', 'accepted', 'investigating', 'waiting_on_complainant', 'solution_proposed']);
    expect(requestStands(handover, open('investigating', { ownerId: 'UOWN3' }))).toBe(false);
    expect(requestStands(handover, open('investigating', { ownerId: 'UOWN2' }))).toBe(false);
    // Recorded before the request kept whom it hands from: the requester was the owner then.
    expect(requestStands({ ...handover, payload: { toOwnerId: 'UOWN2' } }, open('investigating'))).toBe(true);
    expect(requestStands({ ...handover, payload: { toOwnerId: 'UOWN2' } }, open('investigating', { ownerId: 'UOWN3' }))).toBe(false);
  });

  it('an extension: while open and its limit still runs', () => {
    const standing = STATUSES.filter((s) => requestStands(extension, open(s, running)));
    expect(standing).toEqual(['new', 'accepted', 'investigating', 'waiting_on_complainant', 'solution_proposed']);
    expect(requestStands(extension, open('investigating', { deadline: { metAt: new Date() } }))).toBe(false);
    expect(requestStands(extension, open('investigating'))).toBe(false);
  });

  it('nothing stands on an archived complaint', () => {
    for (const r of [rejection, handover, extension]) expect(requestStands(r, open('investigating', { ...running, archived: true }))).toBe(false);
  });
});
