/**
 * Configuration: the environment (secrets, ports, storage) and pledge.config.yml
 * (groups, people, categories, limits). The only module that reads process.env.
 */
export { ConfigError } from './config/config-error';
export { loadEnv, loadDatabaseEnv, loadDataKeyEnv, loadToolEnv, LOG_LEVELS } from './config/env';
export type { DatabaseEnv, DataKeyEnv, Env, LogLevel, SlackEnv, SlackMode } from './config/env';
export { loadWeComEnv, weComConfigured, WECOM_API_URL } from './config/wecom-env';
export { chooseChatPlatform } from './config/chat-platform';
export { loadRobotKeys } from './config/wecom-robots';
export type { WeComEnv } from './config/wecom-env';
export { loadPledgeConfig, readPledgeConfig, LOCALES } from './config/pledge-config';
export { textIn } from './config/pledge-config';
export type { FormConfig, Group, Limits, LocalText, Locale, PageConfig, PledgeConfig } from './config/pledge-config';
export { effectiveCalendar } from './config/calendar';
export type { CalendarConfig, CalendarOverride, WeekHours } from './config/calendar';
export { allCategories, groupForCategory, resolvePeople } from './config/people';
export type { EmailLookup, PersonRef, ResolvedConfig, ResolvedGroup } from './config/people';
