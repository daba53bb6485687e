/**
 * Composition root: environment -> pledge.config.yml -> database -> people -> Pledge.
 * A bad setting stops start-up with one line that names it; nothing half-starts.
 */
import { WebClient } from '@slack/web-api';
import { systemClock } from './clock';
import { ConfigError, loadEnv, loadWeComEnv, readPledgeConfig, resolvePeople, weComConfigured } from './config';
import { useKeyring } from './crypto/keyring';
import { loadKeyring } from './crypto/load-keyring';
import { contactKeyReport } from './db/contacts';
import { createDb, type Db } from './db/create-db';
import { createPledge, type Pledge } from './pledge';
import { complainantChannels } from './reach/channels';

async function main(): Promise<void> {
  const env = loadEnv();
  // Any WECOM_* set means the deployment wants WeCom's callback and sending beside Slack (issue 14, in progress).
  const wecom = weComConfigured() ? loadWeComEnv() : undefined;
  const fileConfig = readPledgeConfig(env.configPath);
  const lookupClient = new WebClient(env.slack.botToken, env.slack.apiUrl ? { slackApiUrl: env.slack.apiUrl } : {});
  const config = await resolvePeople(fileConfig, (email) =>
    lookupClient.users.lookupByEmail({ email }).then(
      (r) => r.user?.id,
      (e: { data?: { error?: string } }) => (e.data?.error === 'users_not_found' ? undefined : Promise.reject(e)),
    ),
  );

  let db: Db | undefined;
  let pledge: Pledge | undefined;
  const shutdown = async (signal: string) => {
    console.info(`Pledge: ${signal} received, finishing in-flight work...`);
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    await pledge?.stop();
    await db?.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));

  // Before the database: without a key of its own a PostgreSQL server is refused (SECURITY.md).
  const keys = loadKeyring(env.dataKeys, env.database);
  keys.warnings.forEach((w) => console.warn(w));
  useKeyring(keys.keyring);

  const where = env.database.kind === 'embedded' ? `embedded database in ${env.database.dataDir}` : 'PostgreSQL server';
  console.info(`Pledge: opening the ${where}...`);
  db = await createDb(env.database);
  const sealed = await contactKeyReport(db.prisma, keys.keyring);
  if (sealed.errors.length) throw new ConfigError(sealed.errors);
  sealed.warnings.forEach((w) => console.warn(w));
  const reach = complainantChannels(config.reach, env.reachSecrets);
  pledge = createPledge({ slack: env.slack, config, db, clock: systemClock, logLevel: env.logLevel, reach, ...(env.publicUrl && { publicUrl: env.publicUrl }), ...(wecom && { wecom: { env: wecom } }) });
  const port = await pledge.start(env.port);
  console.info(
    env.slack.mode === 'http'
      ? `Pledge is listening on port ${port}: Slack requests at /slack/events, health at /healthz.`
      : `Pledge is connected over Socket Mode; health at http://localhost:${port}/healthz.`,
  );
  if (wecom) console.info(`Pledge: WeCom callbacks at /wecom/callback on port ${port} (corp ${wecom.corpId}, agent ${wecom.agentId}).`);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else {
    console.error('Pledge could not start:', error);
  }
  process.exit(1);
});
