/**
 * When a waiting request (a rejection or handover for the leader, an extension for the
 * complainant) can still be carried out. A request the complaint has moved past is closed as
 * superseded with the move that passed it: left waiting, its Approve could only ever fail.
 */
import { LIFECYCLE } from './lifecycle';
import { OPEN_STATUSES, type Status } from './complaint';

export type RequestKind = 'rejection' | 'handover' | 'extension';

export interface WaitingRequest {
  kind: string;
  requestedBy: string;
  payload: Record<string, unknown>;
}

export interface RequestedOf {
  status: Status;
  archived: boolean;
  ownerId: string;
  /** The limit an extension would move, when it asks to move one; undefined when it is gone. */
  deadline?: { metAt: Date | null };
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** True while answering yes could still do what the request asks. */
export function requestStands(request: WaitingRequest, complaint: RequestedOf): boolean {
  if (complaint.archived) return false;
  switch (request.kind) {
    case 'rejection':
      return LIFECYCLE.reject.from.includes(complaint.status);
    case 'handover': {
      // Made by the owner of the time; once someone else has it (or its target does), it is moot.
      const from = str(request.payload.fromOwnerId) ?? request.requestedBy;
      return LIFECYCLE.hand_over.from.includes(complaint.status) && complaint.ownerId === from && complaint.ownerId !== str(request.payload.toOwnerId);
    }
    case 'extension':
      // Open, not only where the handler may ask: a leader extends a new complaint's limit too.
      return OPEN_STATUSES.includes(complaint.status) && complaint.deadline !== undefined && complaint.deadline.metAt === null;
    default:
      return true;
  }
}
