/**
 * What start-up reads before anything runs, in this order: the chat platform, the environment,
 * pledge.config.yml, a WeCom group robot's key, the people written as e-mails, and the data key.
 * A bad setting throws a ConfigError that names it, before the database is opened; main.ts
 * prints its message as the process's only output. Apart from main.ts so that each refusal can
 * be read without starting a process (seconds each); the printing and the exit are main.ts's.
 */
import type { Clock } from './clock';
import { chooseChatPlatform, loadEnv, loadRobotKeys, readPledgeConfig, resolvePeople } from './config';
import { CHAT_IDS } from './chat/platforms';
import { loadKeyring } from './crypto/load-keyring';
import { peopleLookup } from './people-lookup';

export async function readStartupSettings(environment: NodeJS.ProcessEnv, clock: Clock) {
  const platform = chooseChatPlatform(environment);
  const env = loadEnv(environment, platform);
  const fileConfig = readPledgeConfig(env.configPath, CHAT_IDS[platform]);
  // A group robot's key lives in the variable its channel names (robot:<variable>): checked before anything starts.
  const robotKeys = env.wecom ? loadRobotKeys(fileConfig.groups, environment) : undefined;
  const config = await resolvePeople(fileConfig, peopleLookup(env, clock), CHAT_IDS[platform]);
  // Before the database: without a key of its own a PostgreSQL server is refused (SECURITY.md).
  const keys = loadKeyring(env.dataKeys, env.database);
  return { env, config, robotKeys, keys };
}
