/**
 * `pledge db create-runtime-role <name>`: on a PostgreSQL server, the role the bot should run as.
 * It owns nothing, so it cannot change a table, disable the audit log's triggers or TRUNCATE; it
 * reads and writes rows, and on "Event" only reads and appends. Run it as the tables' owner
 * (DATABASE_MIGRATION_URL, else DATABASE_URL), after `pledge migrate`; the owner needs CREATEROLE
 * to create the role (otherwise a superuser creates it and the command grants). It can be run again:
 * an existing role keeps its password and gets the grants again. Default privileges cover tables
 * later migrations add.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { loadDatabaseEnv } from '../config';

const ROLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export async function runtimeRoleCommand(args: string[]): Promise<number | undefined> {
  if (args[0] !== 'create-runtime-role') return undefined;
  const name = args[1] ?? '';
  if (!ROLE_NAME.test(name)) {
    console.error(`The role name must be lower-case letters, digits and _ (up to 63), starting with a letter or _; got ${JSON.stringify(name)}.`);
    return 2;
  }
  const target = loadDatabaseEnv();
  if (target.kind !== 'server') {
    console.error('create-runtime-role is for a PostgreSQL server (DATABASE_URL): the embedded database has one user, Pledge itself.');
    return 2;
  }
  const ownerUrl = target.migrationUrl ?? target.url;
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    const owner = await client.query<{ owner: string | null; me: string; db: string }>(
      `SELECT (SELECT tableowner FROM pg_tables WHERE schemaname = 'public' AND tablename = 'Event') AS owner, current_user AS me, current_database() AS db`,
    );
    const { owner: tableOwner, me, db } = owner.rows[0]!;
    if (!tableOwner) {
      console.error('No Pledge tables here yet: run `pledge migrate` first (as the role that will own them).');
      return 1;
    }
    if (tableOwner === name) {
      console.error(`${name} owns Pledge's tables: the runtime role must be another role, one that owns nothing.`);
      return 2;
    }
    const role = `"${name}"`;
    const exists = (await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [name])).rowCount === 1;
    let password: string | undefined;
    if (!exists) {
      password = randomBytes(24).toString('base64url');
      await client.query(`CREATE ROLE ${role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT PASSWORD '${password}'`);
    }
    const forOwner = me === tableOwner ? '' : ` FOR ROLE "${tableOwner}"`;
    for (const sql of [
      `GRANT CONNECT ON DATABASE "${db}" TO ${role}`,
      `GRANT USAGE ON SCHEMA public TO ${role}`,
      `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${role}`,
      `GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${role}`,
      // The audit log: read and append, never edit (the triggers refuse that anyway, for everyone).
      `REVOKE UPDATE, DELETE ON "Event" FROM ${role}`,
      // The bot may check that migrations are applied; only the owner applies them.
      `REVOKE INSERT, UPDATE, DELETE ON "_prisma_migrations" FROM ${role}`,
      `ALTER DEFAULT PRIVILEGES${forOwner} IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${role}`,
      `ALTER DEFAULT PRIVILEGES${forOwner} IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ${role}`,
    ]) {
      await client.query(sql);
    }
    if (password) {
      const url = new URL(target.url);
      url.username = name;
      url.password = password;
      console.log(`Created role ${name}, which owns nothing: it reads and writes rows, and only appends to the audit log.`);
      console.log(`Its password is shown this once. Run Pledge with DATABASE_URL=${url.toString()}`);
      console.log(`and DATABASE_MIGRATION_URL set to the owner's (${tableOwner}) URL, for migrations.`);
    } else {
      console.log(`Role ${name} exists: granted it again what the bot needs on every table (its password is unchanged).`);
    }
    return 0;
  } finally {
    await client.end();
  }
}
