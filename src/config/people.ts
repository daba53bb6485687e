import type { ChatIds, ChatPlatform } from '../chat/person-id';
import { slackIds } from '../slack/chat-ids';
import { ConfigError } from './config-error';
import { formatPath } from './issues';
import type { Group, PledgeConfig } from './pledge-config';

/** A person as written in pledge.config.yml, before the chat platform tells us who has an e-mail. */
export type PersonRef = { kind: 'id'; id: string } | { kind: 'email'; email: string };

export type ResolvedConfig = PledgeConfig<string>;
export type ResolvedGroup = Group<string>;
export type EmailLookup = (email: string) => Promise<string | undefined>;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export const personExpectation = (ids: ChatIds): string => `expected ${ids.personIdWords} or an e-mail address`;

/**
 * A person by e-mail, else by the platform's id. A Slack id never looks like an address; a WeCom
 * UserID may (WeCom allows `@` and `.`), so an address-shaped entry is resolved at start: the
 * WeCom lookup asks for it as a UserID before as an address (wecom/member-lookup.ts).
 */
export function parsePerson(text: string, ids: ChatIds): PersonRef | undefined {
  const value = text.trim();
  // Lower-cased so one person written two ways is looked up once and matches in `away`.
  if (EMAIL.test(value)) return { kind: 'email', email: value.toLowerCase() };
  if (ids.isPersonId(value)) return { kind: 'id', id: value };
  return undefined;
}

export const personKey = (p: PersonRef): string => (p.kind === 'id' ? `id:${p.id}` : `email:${p.email}`);

type Path = (string | number)[];

/** Every person in the config with the path it came from, in file order. */
function* people(config: PledgeConfig): Generator<[PersonRef, Path]> {
  for (const [g, group] of config.groups.entries()) {
    yield [group.leader, ['groups', g, 'leader']];
    for (const [i, p] of group.members.entries()) yield [p, ['groups', g, 'members', i]];
    for (const [i, p] of group.away.entries()) yield [p, ['groups', g, 'away', i]];
  }
  for (const [i, p] of config.supervisors.entries()) yield [p, ['supervisors', i]];
  if (config.escalation.departmentHead) yield [config.escalation.departmentHead, ['escalation', 'departmentHead']];
}

/** The line for an e-mail the platform knows nobody by, naming the platform and the call that asked. */
const NOBODY: Record<ChatPlatform, (email: string) => string> = {
  slack: (email) => `no Slack user with e-mail ${email} (users.lookupByEmail found nobody)`,
  wecom: (email) => `no WeCom member with e-mail ${email} (user/get_userid_by_email found nobody with it as 企业邮箱 or 个人邮箱, and no member has it as UserID)`,
};

/**
 * Replaces every e-mail with the person id it belongs to on the deployment's platform (`ids`).
 * Each distinct e-mail is looked up once (the platforms rate-limit these calls); the caller's
 * lookup is expected to handle retries. Reports every unknown e-mail, each with its path.
 */
export async function resolvePeople(config: PledgeConfig, lookupByEmail: EmailLookup, ids: ChatIds = slackIds): Promise<ResolvedConfig> {
  const firstPath = new Map<string, string>();
  for (const [p, path] of people(config)) {
    if (p.kind === 'email' && !firstPath.has(p.email)) firstPath.set(p.email, formatPath(path));
  }

  const found = new Map<string, string | undefined>();
  const failed = new Map<string, string>();
  await Promise.all(
    [...firstPath.keys()].map(async (email) => {
      try {
        found.set(email, await lookupByEmail(email));
      } catch (e) {
        failed.set(email, e instanceof Error ? e.message : String(e));
      }
    }),
  );

  const problems: string[] = [];
  for (const [p, path] of people(config)) {
    if (p.kind !== 'email') continue;
    const failure = failed.get(p.email);
    // A missing users:read.email scope lands here; report it once, where the e-mail first appears.
    if (failure !== undefined) {
      if (firstPath.get(p.email) === formatPath(path)) problems.push(`${formatPath(path)}: could not look up ${p.email}: ${failure}`);
    } else if (!found.get(p.email)) {
      problems.push(`${formatPath(path)}: ${NOBODY[ids.platform](p.email)}`);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);

  const id = (p: PersonRef): string => (p.kind === 'id' ? p.id : found.get(p.email)!);
  // Someone listed by id and by e-mail is still one member, or rotation would give them double turns.
  const idsOf = (list: PersonRef[]): string[] => [...new Set(list.map(id))];
  return {
    ...config,
    groups: config.groups.map((g) => ({ ...g, leader: id(g.leader), members: idsOf(g.members), away: idsOf(g.away) })),
    supervisors: idsOf(config.supervisors),
    escalation: {
      respondWithin: config.escalation.respondWithin,
      ...(config.escalation.departmentHead ? { departmentHead: id(config.escalation.departmentHead) } : {}),
    },
  };
}

export function groupForCategory<P>(config: PledgeConfig<P>, category: string): Group<P> | undefined {
  return config.groups.find((g) => g.categories.includes(category));
}

export function allCategories<P>(config: PledgeConfig<P>): string[] {
  return [...config.categories];
}
