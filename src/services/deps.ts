/** What every service gets: storage, the injected clock, the resolved configuration. */
import type { Clock } from '../clock';
import type { ResolvedConfig, ResolvedGroup } from '../config';
import type { Store } from '../db/tx';
import type { Calendar, Limit, SlaPolicy } from '../domain/sla';
import { AppError } from '../errors';

export interface ServiceDeps {
  prisma: Store;
  clock: Clock;
  config: ResolvedConfig;
  /** Time limits per stage and priority (config over DESIGN.md's defaults). */
  sla: SlaPolicy;
  /** The business calendar a group's clocks count in (groups may override the global one). */
  calendarFor(groupId: string): Calendar;
  /** Who an escalation goes to, level by level: the group leader, a department head, supervisors. */
  escalationChain(groupId: string): string[];
  /** How long each level has to answer an escalation before it goes up the chain. */
  escalationResponse: Limit;
  /** Whether a string is a person's id on the deployment's chat platform (history shows only those as people). */
  isPersonId(value: string): boolean;
  /** PLEDGE_PUBLIC_URL: the base of links sent to complainants; unset, none are sent. */
  publicUrl?: URL;
  /** Called after a commit that queued outgoing messages, so delivery need not wait for a poll. */
  outboxWritten?: () => void;
}

export function groupById(config: ResolvedConfig, groupId: string): ResolvedGroup {
  const group = config.groups.find((g) => g.id === groupId);
  // A complaint routed to a group later removed from config still has to be shown.
  if (!group) throw new AppError('config', `complaint belongs to group "${groupId}", which is no longer configured`);
  return group;
}

/** Display names as configured (pledge.config.yml `name`): a group's by id, and a category's. */
export const groupNameOf = (config: ResolvedConfig) =>
  Object.assign((groupId: string) => config.groups.find((g) => g.id === groupId)?.name ?? groupId, {
    category: (id: string) => config.categoryNames[id] ?? id,
  });
