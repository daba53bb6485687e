/**
 * The services' dependencies, from configuration. Apart from pledge.ts (which builds the whole
 * bot) so the CLI's commands can have them without loading Bolt, WeCom and the web server.
 */
import type { ChatIds } from '../chat/person-id';
import type { Clock } from '../clock';
import type { ResolvedConfig } from '../config';
import { slaPolicy } from '../config/sla';
import type { Db } from '../db/create-db';
import type { Calendar } from '../domain/sla';
import { slackIds } from '../slack/chat-ids';
import type { ServiceDeps } from './deps';

/** The services' dependencies, from configuration: limits, calendars, the escalation chain. */
export function serviceDeps(
  config: ResolvedConfig,
  db: Pick<Db, 'prisma'>,
  clock: Clock,
  calendarFor: (groupId: string) => Calendar,
  outboxWritten?: () => void,
  web: { publicUrl?: URL | undefined } = {},
  ids: ChatIds = slackIds,
): ServiceDeps {
  return {
    prisma: db.prisma,
    clock,
    config,
    sla: slaPolicy(config.sla, config.limits),
    calendarFor,
    escalationChain: (groupId) => {
      const leader = config.groups.find((g) => g.id === groupId)?.leader;
      const head = config.escalation.departmentHead;
      return [...new Set([leader, head, ...config.supervisors].filter((p): p is string => Boolean(p)))];
    },
    escalationResponse: config.escalation.respondWithin,
    isPersonId: ids.isPersonId,
    ...(outboxWritten ? { outboxWritten } : {}),
    ...(web.publicUrl ? { publicUrl: web.publicUrl } : {}),
  };
}
