import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { allCategories, ConfigError, groupForCategory, loadEnv, loadPledgeConfig, readPledgeConfig, resolvePeople } from '../../src/config';

const examplePath = fileURLToPath(new URL('../../pledge.config.example.yml', import.meta.url));
const http = { SLACK_BOT_TOKEN: 'xoxb-1-2-abc', SLACK_SIGNING_SECRET: 'shh' };

/** The ConfigError a call throws, so a test can look at each of its lines. */
function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return e as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('loadEnv', () => {
  it('fills in the defaults: HTTP mode, port 3000, embedded database under ./data', () => {
    expect(loadEnv(http)).toEqual({
      slack: { botToken: 'xoxb-1-2-abc', signingSecret: 'shh', mode: 'http' },
      port: 3000,
      database: { kind: 'embedded', dataDir: './data' },
      configPath: './pledge.config.yml',
      logLevel: 'info',
      dataKeys: { old: [] },
      reachSecrets: {},
    });
  });

  it('uses Socket Mode when an app token is set, and then needs no signing secret', () => {
    const env = loadEnv({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1-A' });
    expect(env.slack).toEqual({ botToken: 'xoxb-1', appToken: 'xapp-1-A', mode: 'socket' });
  });

  it('reads every variable', () => {
    const env = loadEnv({
      ...http,
      SLACK_API_URL: 'http://127.0.0.1:4010/api',
      PORT: '8080',
      DATABASE_URL: 'postgresql://pledge:pw@db:5432/pledge',
      PLEDGE_DATA_DIR: '/var/lib/pledge',
      PLEDGE_CONFIG: '/etc/pledge.yml',
      LOG_LEVEL: 'DEBUG',
    });
    expect(env.slack.apiUrl).toBe('http://127.0.0.1:4010/api/');
    expect(env.port).toBe(8080);
    expect(env.database).toEqual({ kind: 'server', url: 'postgresql://pledge:pw@db:5432/pledge' });
    expect(env.configPath).toBe('/etc/pledge.yml');
    expect(env.logLevel).toBe('debug');
    const other = loadEnv({ ...http, SLACK_API_URL: 'https://slack.com/api/', DATABASE_URL: 'postgres://h/db' });
    expect(other.slack.apiUrl).toBe('https://slack.com/api/');
    expect(other.database).toEqual({ kind: 'server', url: 'postgres://h/db' });
  });

  it('treats blank values as unset and trims pasted whitespace', () => {
    const env = loadEnv({ ...http, SLACK_BOT_TOKEN: ' xoxb-1\n', DATABASE_URL: '', PORT: '  ' });
    expect(env.slack.botToken).toBe('xoxb-1');
    expect(env.database.kind).toBe('embedded');
    expect(env.port).toBe(3000);
  });

  it('explains how to get a bot token and a signing secret when they are missing', () => {
    expect(configError(() => loadEnv({})).problems).toEqual([
      'SLACK_BOT_TOKEN is not set. Create the Slack app from manifest.yml (api.slack.com/apps -> Create New App -> From a manifest), install it, and copy the Bot User OAuth Token (xoxb-...).',
      "SLACK_SIGNING_SECRET is not set. Copy it from your Slack app's Basic Information -> Signing Secret, or set SLACK_APP_TOKEN for Socket Mode.",
    ]);
  });

  it.each([
    ['SLACK_BOT_TOKEN', 'xoxp-user-token', 'SLACK_BOT_TOKEN must be the Bot User OAuth Token, which starts with "xoxb-" (got one starting with "xoxp-").'],
    ['SLACK_APP_TOKEN', 'xoxb-oops', 'SLACK_APP_TOKEN must be an app-level token with the connections:write scope, which starts with "xapp-" (got one starting with "xoxb-").'],
    ['SLACK_API_URL', 'localhost:4010', 'SLACK_API_URL must be an http(s) URL such as https://slack.com/api/ (got "localhost:4010").'],
    ['PORT', 'abc', 'PORT must be a whole number from 1 to 65535 (got "abc").'],
    ['PORT', '0', 'PORT must be a whole number from 1 to 65535 (got "0").'],
    ['PORT', '65536', 'PORT must be a whole number from 1 to 65535 (got "65536").'],
    ['PORT', '80.5', 'PORT must be a whole number from 1 to 65535 (got "80.5").'],
    ['DATABASE_URL', 'mysql://u:hunter2@h/db', 'DATABASE_URL must be a PostgreSQL URL starting with postgresql:// or postgres:// (got "mysql://u:***@h/db"); leave it unset to use the embedded database.'],
    ['LOG_LEVEL', 'verbose', 'LOG_LEVEL must be one of debug, info, warn, error (got "verbose").'],
    ['PLEDGE_PUBLIC_URL', 'pledge.example.com', 'PLEDGE_PUBLIC_URL must be the http(s) address complainants reach Pledge at, such as https://pledge.example.com (no query or #fragment; got a value that is not a URL).'],
    ['PLEDGE_PUBLIC_URL', 'ftp://pledge.example.com', 'PLEDGE_PUBLIC_URL must be the http(s) address complainants reach Pledge at, such as https://pledge.example.com (no query or #fragment; got "ftp://pledge.example.com/").'],
    ['PLEDGE_PUBLIC_URL', 'https://pledge.example.com/?x=1', 'PLEDGE_PUBLIC_URL must be the http(s) address complainants reach Pledge at, such as https://pledge.example.com (no query or #fragment; got "https://pledge.example.com/?x=1").'],
    ['PLEDGE_PUBLIC_URL', 'https://u:hunter2@pledge.example.com', 'PLEDGE_PUBLIC_URL must be the http(s) address complainants reach Pledge at, such as https://pledge.example.com (no query or #fragment; got "https://u:***@pledge.example.com/").'],
  ])('rejects %s=%s with one line naming it', (name, value, message) => {
    const error = configError(() => loadEnv({ ...http, [name]: value }));
    expect(error.message).toBe(message);
    expect(error.code).toBe('config');
  });

  it('reads PLEDGE_PUBLIC_URL as the base of complainants\' links, a path kept under it', () => {
    expect(loadEnv({ ...http, PLEDGE_PUBLIC_URL: 'https://pledge.example.com' }).publicUrl?.toString()).toBe('https://pledge.example.com/');
    expect(loadEnv({ ...http, PLEDGE_PUBLIC_URL: 'https://example.com/pledge' }).publicUrl?.toString()).toBe('https://example.com/pledge/');
    expect(loadEnv(http).publicUrl).toBeUndefined();
  });

  it('never shows a whole secret in a message', () => {
    const error = configError(() => loadEnv({ ...http, SLACK_BOT_TOKEN: 'xoxp-123456-secret' }));
    expect(error.message).not.toContain('secret');
  });

  it('reports every bad variable at once, one per line', () => {
    const error = configError(() => loadEnv({ SLACK_BOT_TOKEN: 'xoxb-1', PORT: 'x', LOG_LEVEL: 'loud' }));
    expect(error.problems.map((p) => p.split(' ')[0])).toEqual(['PORT', 'LOG_LEVEL', 'SLACK_SIGNING_SECRET']);
  });
});

const valid = `
locale: zh-CN
timezone: Asia/Shanghai
reaction: ":rotating_light:"
groups:
  - id: billing
    name: Billing
    leader: U0LEADER1
    members: [U0AAA, Alice@Example.com]
    away: [alice@example.com]
    channel: C0BILLING
    categories: [billing, refund]
  - id: service
    name: Service
    leader: W0LEADER2
    members: [U0BBB]
    channel: G0SERVICE
    categories: [service]
supervisors: [U0SUP, alice@example.com]
`;

/** `valid` with one line replaced, to aim at one field. */
const withLine = (from: string, to: string) => {
  expect(valid).toContain(from);
  return valid.replace(from, to);
};

describe('loadPledgeConfig', () => {
  it('parses people as ids or e-mails and fills in the defaults', () => {
    const config = loadPledgeConfig(valid);
    expect(config).toMatchObject({
      locale: 'zh-CN',
      timezone: 'Asia/Shanghai',
      reaction: 'rotating_light',
      limits: { acknowledgeHours: 24, urgentAcknowledgeMinutes: 30 },
      categories: ['billing', 'refund', 'service'],
      supervisors: [{ kind: 'id', id: 'U0SUP' }, { kind: 'email', email: 'alice@example.com' }],
    });
    expect(config.groups[0]!.members).toEqual([{ kind: 'id', id: 'U0AAA' }, { kind: 'email', email: 'alice@example.com' }]);
    expect(config.groups[1]!.away).toEqual([]);
  });

  it('defaults locale, timezone, reaction and supervisors when left out or blank', () => {
    const config = loadPledgeConfig(valid.replace(/^(locale|timezone|reaction|supervisors):.*$/gm, '$1:'));
    expect(config).toMatchObject({ locale: 'en', timezone: 'UTC', reaction: 'ticket', supervisors: [] });
  });

  it('reads the complainant page section, with defaults when it is left out', () => {
    expect(loadPledgeConfig(valid).page).toEqual({ linkDaysAfterArchive: 90, reviewWithinDays: 7, supervision: {} });
    const page = loadPledgeConfig(
      `${valid}page:\n  linkDaysAfterArchive: 30\n  handlerTitle: { en: Case officer, zh-CN: 承办专员 }\n  supervision: { hotline: 400-800-1234 }\n  regulator: { name: 市市场监管局, contact: '12315' }\n`,
    ).page;
    expect(page).toMatchObject({ linkDaysAfterArchive: 30, reviewWithinDays: 7, supervision: { hotline: '400-800-1234' }, regulator: { name: '市市场监管局', contact: '12315' } });
    expect(configError(() => loadPledgeConfig(`${valid}page:\n  linkDaysAfterArchive: 0\n`)).message).toContain('page.linkDaysAfterArchive');
  });

  it('reads display names per locale for groups and categories, and routes by id', () => {
    const config = loadPledgeConfig(
      withLine('    categories: [billing, refund]', '    categories: [{ id: billing, name: { en: Billing, zh-CN: 账单问题 } }, { id: refund, name: 退款 }]').replace(
        '    name: Billing\n',
        '    name: { en: Billing, zh-CN: 账务组 }\n',
      ),
    );
    expect(config.groups[0]!.name).toBe('账务组');
    expect(config.groups[0]!.categories).toEqual(['billing', 'refund']);
    expect(config.categoryNames).toEqual({ billing: '账单问题', refund: '退款', service: 'service' });
    expect(groupForCategory(config, 'refund')?.id).toBe('billing');
    expect(loadPledgeConfig(valid.replace('locale: zh-CN', 'locale: en').replace('    name: Billing\n', '    name: { en: Billing team, zh-CN: 账务组 }\n')).groups[0]!.name).toBe('Billing team');
  });

  it('names a display name missing the configured locale, with where to add it', () => {
    const error = configError(() => loadPledgeConfig(withLine('    categories: [billing, refund]', '    categories: [{ id: billing, name: { en: Billing } }, refund]')));
    expect(error.problems).toEqual([
      'pledge.config.yml: groups[0].categories[0].name: has no zh-CN name (given: en), but messages are in zh-CN (locale); add zh-CN: <the name people read> (line 12)',
    ]);
    const unknown = configError(() => loadPledgeConfig(withLine('    name: Billing', '    name: { en: Billing, fr: Facturation }')));
    expect(unknown.problems.join('\n')).toContain('groups[0].name');
  });

  it('keeps the order of a top-level categories list', () => {
    const config = loadPledgeConfig(`categories: [service, refund, billing]\n${valid}`);
    expect(allCategories(config)).toEqual(['service', 'refund', 'billing']);
    expect(groupForCategory(config, 'refund')?.id).toBe('billing');
    expect(groupForCategory(config, 'nothing')).toBeUndefined();
  });

  it.each([
    ['leader: W0LEADER2', 'leader: bob', 'groups[1].leader: expected a Slack user id (U…) or an e-mail address, got "bob" (line 15)'],
    ['channel: G0SERVICE', 'channel: "#service"', 'groups[1].channel: expected a Slack channel id (C… or G…'],
    ['id: service', 'id: Service Desk', 'groups[1].id: expected a short id of lower-case letters, digits and dashes'],
    ['members: [U0BBB]', 'members: []', 'groups[1].members: needs at least one entry'],
    ['    name: Service\n', '', 'groups[1].name: is required'],
    ['timezone: Asia/Shanghai', 'timezone: China/Beijing', 'timezone: expected an IANA time zone'],
    ['locale: zh-CN', 'locale: fr', 'locale: expected one of en, zh-CN, got "fr" (line 2)'],
    ['reaction: ":rotating_light:"', 'reaction: "two words"', 'reaction: expected an emoji name'],
    ['locale: zh-CN', 'limits: { acknowledgeHours: 0 }', 'limits.acknowledgeHours: must be more than 0, got 0'],
    ['locale: zh-CN', 'limits: { urgentAcknowledgeMinutes: 1.5 }', 'limits.urgentAcknowledgeMinutes: expected a whole number, got 1.5'],
    ['locale: zh-CN', 'limits: { ackHours: 2 }', 'limits: unknown field "ackHours" (known fields: acknowledgeHours, urgentAcknowledgeMinutes)'],
    ['locale: zh-CN', 'local: zh-CN', 'pledge.config.yml: unknown field "local" (known fields: locale,'],
    ['supervisors: [U0SUP, alice@example.com]', 'supervisors: U0SUP', 'supervisors: expected a list, got "U0SUP"'],
  ])('names the path of a bad field: %s -> %s', (from, to, message) => {
    const error = configError(() => loadPledgeConfig(withLine(from, to)));
    expect(error.problems).toHaveLength(1);
    expect(error.message).toContain(message);
    expect(error.message).toMatch(/^pledge\.config\.yml: /);
  });

  it.each([
    ['duplicate group ids', ['id: service', 'id: billing'], 'groups[1].id: duplicate group id "billing"; groups[0] already uses it'],
    ['a category in two groups', ['categories: [service]', 'categories: [refund]'], 'groups[1].categories[0]: category "refund" is already handled by groups[0]; a category belongs to exactly one group'],
    ['a category twice in a group', ['[billing, refund]', '[billing, billing]'], 'groups[0].categories[1]: category "billing" is listed twice'],
    ['away who is not a member', ['away: [alice@example.com]', 'away: [U0ZZZ]'], 'groups[0].away[0]: "U0ZZZ" is not one of this group\'s members'],
    ['a top-level category no group handles', ['locale: zh-CN', 'categories: [billing, refund, service, spam]'], 'categories[3]: no group handles category "spam"'],
    ['a top-level list missing a group category', ['locale: zh-CN', 'categories: [billing, service]'], 'categories: does not list "refund", which groups[0] handles'],
  ])('checks across fields: %s', (_, [from, to], message) => {
    const error = configError(() => loadPledgeConfig(withLine(from!, to!)));
    expect(error.message).toContain(`pledge.config.yml: ${message}`);
  });

  it('reports every problem at once, one per line in file order, each with its path', () => {
    const text = withLine('leader: U0LEADER1', 'leader: bob').replace('id: service', 'id: billing').replace('leader: W0LEADER2', 'leader: 42');
    const error = configError(() => loadPledgeConfig(text, 'config/pledge.yml'));
    expect(error.problems).toEqual([
      'config/pledge.yml: groups[0].leader: expected a Slack user id (U…) or an e-mail address, got "bob" (line 8)',
      'config/pledge.yml: groups[1].id: duplicate group id "billing"; groups[0] already uses it (line 13)',
      'config/pledge.yml: groups[1].leader: expected a Slack user id (U…) or an e-mail address, got 42 (line 15)',
    ]);
  });

  it('says where a YAML syntax error is', () => {
    const error = configError(() => loadPledgeConfig('groups:\n  - id: x\n   name: [\n'));
    expect(error.problems[0]).toMatch(/^pledge\.config\.yml: line 3, column \d+: YAML syntax error: /);
    expect(configError(() => loadPledgeConfig('a: 1\na: 2\n')).message).toContain('line 2, column 1: YAML syntax error: Map keys must be unique');
  });

  it('rejects an empty file, a file that is not a mapping, and a config without groups', () => {
    expect(configError(() => loadPledgeConfig('# nothing yet\n')).message).toContain('the file is empty');
    expect(configError(() => loadPledgeConfig('- billing\n')).message).toBe('pledge.config.yml: expected a mapping (key: value), got a list');
    expect(configError(() => loadPledgeConfig('locale: en\n')).message).toBe('pledge.config.yml: groups: is required');
  });
});

describe('readPledgeConfig', () => {
  it('says how to create a missing file', () => {
    expect(configError(() => readPledgeConfig('/nowhere/pledge.config.yml')).message).toBe(
      'PLEDGE_CONFIG: no file at /nowhere/pledge.config.yml. Copy pledge.config.example.yml to pledge.config.yml and edit it.',
    );
  });

  it('accepts pledge.config.example.yml, whose e-mails resolve', async () => {
    const config = readPledgeConfig(examplePath);
    expect(config.groups.map((g) => g.id)).toEqual(['billing', 'customer-care']);
    const resolved = await resolvePeople(config, async (email) => `U${email.split('@')[0]!.replace('.', '').toUpperCase()}`);
    expect(resolved.groups[1]!.leader).toBe('ULIWEI');
    expect(resolved.supervisors).toEqual(['U0SUPER001', 'UWANGFANG']);
    // Every person is a plain user id now: no { kind: 'id' | 'email' } reference is left.
    expect(JSON.stringify(resolved)).not.toMatch(/"kind":"(id|email)"/);
  });
});

describe('resolvePeople', () => {
  const ids: Record<string, string> = { 'alice@example.com': 'U0ALICE' };

  it('replaces every e-mail with a user id, looking each one up once', async () => {
    const lookup = vi.fn(async (email: string) => ids[email]);
    const config = await resolvePeople(loadPledgeConfig(valid), lookup);
    expect(lookup).toHaveBeenCalledTimes(1);
    expect(lookup).toHaveBeenCalledWith('alice@example.com');
    expect(config.groups[0]).toMatchObject({ leader: 'U0LEADER1', members: ['U0AAA', 'U0ALICE'], away: ['U0ALICE'] });
    expect(config.supervisors).toEqual(['U0SUP', 'U0ALICE']);
    expect(groupForCategory(config, 'service')?.leader).toBe('W0LEADER2');
  });

  it('counts someone listed by id and by e-mail as one member', async () => {
    const config = await resolvePeople(loadPledgeConfig(valid.replace('[U0AAA, ', '[U0ALICE, ')), async (e) => ids[e]);
    expect(config.groups[0]!.members).toEqual(['U0ALICE']);
  });

  it('names every place an unknown e-mail is used', async () => {
    await expect(resolvePeople(loadPledgeConfig(valid), async () => undefined)).rejects.toThrow(
      new ConfigError([
        'groups[0].members[1]: no Slack user with e-mail alice@example.com (users.lookupByEmail found nobody)',
        'groups[0].away[0]: no Slack user with e-mail alice@example.com (users.lookupByEmail found nobody)',
        'supervisors[1]: no Slack user with e-mail alice@example.com (users.lookupByEmail found nobody)',
      ]).message,
    );
  });

  it('reports a failed lookup once, at the first place the e-mail is used', async () => {
    const failing = async () => Promise.reject(new Error('missing_scope'));
    await expect(resolvePeople(loadPledgeConfig(valid), failing)).rejects.toThrow(
      /^groups\[0\]\.members\[1\]: could not look up alice@example.com: missing_scope$/,
    );
  });
});
