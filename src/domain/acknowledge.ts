import type { Priority } from './complaint';

export interface AcknowledgeLimits {
  acknowledgeHours: number;
  urgentAcknowledgeMinutes: number;
}

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

/**
 * When the owner must accept (登记/受理). The pledge states this limit in plain
 * hours and minutes, so it is elapsed time: nights, weekends and holidays count.
 */
export function acknowledgeDueAt(filedAt: Date, priority: Priority, limits: AcknowledgeLimits): Date {
  const ms =
    priority === 'urgent' ? limits.urgentAcknowledgeMinutes * MINUTE_MS : limits.acknowledgeHours * HOUR_MS;
  return new Date(filedAt.getTime() + ms);
}
