/**
 * Composition root: environment -> pledge.config.yml -> database -> people -> Pledge.
 * The chat platform comes first, from the environment (Slack when SLACK_* is set, WeCom when
 * WECOM_* is); only its settings are asked for. A bad setting stops start-up with one line that
 * names it; nothing half-starts. The bot's modules (the database, the chat platform, the web
 * server) are imported once the settings are read, so a refusal answers without loading them.
 */
import { systemClock } from './clock';
import { ConfigError } from './config/config-error';
import type { Db } from './db/create-db';
import type { Pledge } from './pledge';
import { readStartupSettings } from './startup-settings';

async function main(): Promise<void> {
  const { env, config, robotKeys, keys } = await readStartupSettings(process.env, systemClock);

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

  keys.warnings.forEach((w) => console.warn(w));
  const [{ useKeyring }, { contactKeyReport }, { createDb }, { createPledge }, { complainantChannels }] = await Promise.all([
    import('./crypto/keyring'),
    import('./db/contacts'),
    import('./db/create-db'),
    import('./pledge'),
    import('./reach/channels'),
  ]);
  useKeyring(keys.keyring);

  const where = env.database.kind === 'embedded' ? `embedded database in ${env.database.dataDir}` : 'PostgreSQL server';
  console.info(`Pledge: opening the ${where}...`);
  db = await createDb(env.database);
  const sealed = await contactKeyReport(db.prisma, keys.keyring);
  if (sealed.errors.length) throw new ConfigError(sealed.errors);
  sealed.warnings.forEach((w) => console.warn(w));
  const reach = complainantChannels(config.reach, env.reachSecrets);
  const common = { config, db, clock: systemClock, logLevel: env.logLevel, reach, ...(env.publicUrl && { publicUrl: env.publicUrl }) };
  pledge = env.slack ? await createPledge({ ...common, slack: env.slack }) : await createPledge({ ...common, wecom: { env: env.wecom!, ...(robotKeys && { robotKeys }) } });
  const port = await pledge.start(env.port);
  if (env.slack) {
    console.info(
      env.slack.mode === 'http'
        ? `Pledge is listening on port ${port}: Slack requests at /slack/events, health at /healthz.`
        : `Pledge is connected over Socket Mode; health at http://localhost:${port}/healthz.`,
    );
  } else {
    console.info(`Pledge is listening on port ${port} for WeCom: callbacks at /wecom/callback (corp ${env.wecom!.corpId}, agent ${env.wecom!.agentId}), health at /healthz.`);
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else {
    console.error('Pledge could not start:', error);
  }
  process.exit(1);
});
