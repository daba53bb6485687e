/**
 * What CLI commands share: configuration with people resolved, the database, service deps.
 * The database (PGlite, Prisma's client) is imported when a command opens its context, not when
 * its module loads: a refused argument answers without it.
 */
import { teamCalendars } from '../calendar-data/build';
import type { Clock } from '../clock';
import { ConfigError, loadToolEnv, readPledgeConfig, resolvePeople, type ResolvedConfig } from '../config';
import type { Db } from '../db/create-db';
import { dueAtOnce } from '../db/outbox';
import { serviceDeps } from '../services/service-deps';
import { CHAT_IDS } from '../chat/platforms';
import type { ChatPlatform } from '../chat/person-id';
import { peopleLookup } from '../people-lookup';
import type { ServiceDeps } from '../services/deps';

/** Why an e-mail in the config cannot be looked up from the command line. */
const NO_LOOKUP: Record<ChatPlatform, (email: string) => string> = {
  slack: (email) => `SLACK_BOT_TOKEN is not set, so ${email} cannot be looked up; set it, or write people as Slack user ids.`,
  wecom: (email) => `WECOM_* is not fully set (WECOM_CORP_ID, WECOM_SECRET and the others as for the server), so ${email} cannot be looked up; set them, or write people as WeCom UserIDs.`,
};

export interface ToolContext {
  config: ResolvedConfig;
  db: Db;
  deps: ServiceDeps;
  close(): Promise<void>;
}

export async function openToolContext(clock: Clock): Promise<ToolContext> {
  const env = loadToolEnv();
  const ids = CHAT_IDS[env.platform];
  const fileConfig = readPledgeConfig(env.configPath, ids);
  const lookup = env.slack || env.wecom ? peopleLookup(env, clock) : undefined;
  const config = await resolvePeople(
    fileConfig,
    async (email) => {
      if (!lookup) throw new ConfigError(NO_LOOKUP[env.platform](email));
      return lookup(email);
    },
    ids,
  );
  const { createDb } = await import('../db/create-db');
  const db = await createDb(env.database);
  const calendars = teamCalendars(config, clock.now());
  for (const warning of calendars.warnings) console.error(`warning: ${warning}`);
  const deps = serviceDeps(config, db, clock, (groupId) => calendars.calendarFor(groupId), undefined, {}, ids);
  return { config, db, deps, close: () => db.close() };
}

/**
 * After a command that decided as of `--now`: what it queued is due at once, not when the real
 * clock reaches that instant (the running bot's dispatcher goes by the real clock).
 */
export async function releaseQueued(ctx: ToolContext, decidedAt: Date, realNow: Date): Promise<void> {
  await dueAtOnce(ctx.db.prisma, decidedAt, realNow);
}
