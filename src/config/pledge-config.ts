import cron from 'node-cron';
import type { Limit } from '../domain/sla';
import { DEFAULT_ESCALATION_RESPONSE, limitSchema, slaSchema, type SlaConfig } from './sla';
import { readFileSync } from 'node:fs';
import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import { z } from 'zod';
import { calendarChecks, calendarOverrideSchema, calendarSchema, type CalendarConfig, type CalendarOverride } from './calendar';
import { ConfigError } from './config-error';
import { crossCheck, type PathIssue } from './cross-checks';
import { describe, formatPath, issueMessage } from './issues';
import { parsePerson, personExpectation, type PersonRef } from './people';
import type { ChatIds } from '../chat/person-id';
import { slackIds } from '../slack/chat-ids';
import { blankIsUnset, strict } from './schema-parts';
import { reachSchema, resolveReach, type ReachConfig } from './reach';

export const LOCALES = ['en', 'zh-CN'] as const;
export type Locale = (typeof LOCALES)[number];

export interface Limits {
  acknowledgeHours: number;
  urgentAcknowledgeMinutes: number;
}

/** P is PersonRef as written in the file, or a Slack user id once resolved. */
export interface Group<P = PersonRef> {
  id: string;
  name: string;
  leader: P;
  members: P[];
  away: P[];
  channel: string;
  categories: string[];
  /** This group's changes to the global calendar, if any. */
  calendar?: CalendarOverride;
}

export interface PledgeConfig<P = PersonRef> {
  locale: Locale;
  timezone: string;
  /** Never empty: the file's list, or every group's categories in file order (ids). */
  categories: string[];
  /** Each category's display name in `locale`, by id (a category given without a name is its own name). */
  categoryNames: Record<string, string>;
  reaction: string;
  limits: Limits;
  /** Give each major complaint its own channel (its special handling group). */
  majorChannels: boolean;
  /** Time limits per stage and priority, and warning fractions (DESIGN.md's table by default). */
  sla?: SlaConfig;
  escalation: {
    /** How long each level of the chain has to answer before the escalation goes up. */
    respondWithin: Limit;
    /** Between the group leader and the supervisors in the chain. */
    departmentHead?: P;
  };
  /** node-cron expressions, in `timezone`. `maintenance` runs on the embedded database only. */
  schedule: { sweep: string; maintenance: string };
  /** Delivery of outgoing messages: attempts before giving up, and how long a claim lasts. */
  outbox: { maxAttempts: number; leaseSeconds: number };
  /** The daily digest in each group's channel, at this local time (HH:MM). */
  digest: { time: string; skipNonWorkingDays: boolean };
  /** A rating at or below `reviewAt` (1-5; 0: never) puts the complaint before the group leader instead of archiving it. */
  survey: { reviewAt: number };
  /** Working hours and days; in `timezone`. */
  calendar: CalendarConfig;
  groups: Group<P>[];
  supervisors: P[];
  /** The complainant's own page (src/web). */
  page: PageConfig;
  /** E-mail and SMS to complainants; absent when the team has neither. */
  reach?: ReachConfig;
}

/** A text in every locale, or one per locale; `textIn` picks one. */
export type LocalText = string | { en?: string; 'zh-CN'?: string };

export interface PageConfig {
  /** Days a complaint's page links keep working after it is archived. */
  linkDaysAfterArchive: number;
  /** Days after a result or rejection in which the complainant may ask for a review. */
  reviewWithinDays: number;
  /** How the page names the handler: this title (default: the word for handler), never a person's name. */
  handlerTitle?: LocalText;
  /** Where a complainant turns when the team does not keep its pledge. */
  supervision: { hotline?: string; mailbox?: string };
  /** The regulator above the organisation, if there is one to name. */
  regulator?: { name: LocalText; contact: string };
  /** The public complaint form (src/web/complaint-form-routes.ts); absent: no form is served. */
  form?: FormConfig;
}

export interface FormConfig {
  /** Where the form is served, e.g. /complain. */
  path: string;
  /** The categories the public may choose, in order, each with its name per locale. */
  categories: { id: string; name: Record<Locale, string> }[];
  /** How long a code or an e-mailed link works. */
  codeMinutes: number;
  /** Codes that may be tried for one submission, right or wrong. */
  maxAttempts: number;
  /** Seconds after a code or link is sent before "send it again" may be pressed. */
  resendSeconds: number;
  /** Submissions accepted from one address (IP) in an hour; codes or links sent to one contact in a day (a form, or sent again). */
  perAddressPerHour: number;
  perContactPerDay: number;
  /** Take the sender's address from the last X-Forwarded-For entry (set it behind a reverse proxy only). */
  trustProxy: boolean;
}

/** A person, as the deployment's chat platform writes ids (or an e-mail, looked up at start). */
const personSchema = (ids: ChatIds) =>
  z
    .string({ error: (iss) => (iss.input === undefined ? undefined : `${personExpectation(ids)}, got ${describe(iss.input)}`) })
    .transform((text, ctx): PersonRef => {
      const ref = parsePerson(text, ids);
      if (ref) return ref;
      ctx.addIssue({ code: 'custom', message: `${personExpectation(ids)}, got ${describe(text)}` });
      return z.NEVER;
    });

// 75 characters is Slack's limit for a select option's text, where categories are offered.
const category = z.string().trim().min(1).max(75);

/** A display name: one for every locale, or one per locale (`{ en: Billing, zh-CN: 账务组 }`). */
const displayName = z.union(
  [z.string().trim().min(1).max(75), strict({ en: z.string().trim().min(1).max(75).optional(), 'zh-CN': z.string().trim().min(1).max(75).optional() })],
  {
    error: (iss) =>
      iss.input === undefined ? 'is required' : `expected a name (up to 75 characters), or one per locale such as { en: Billing, zh-CN: 账务组 }, got ${describe(iss.input)}`,
  },
);
type DisplayName = z.infer<typeof displayName>;

/** A group's category: its id alone (then also its name), or an id with a name shown in messages. */
const groupCategory = z.union([category, strict({ id: category, name: displayName })]);

/** The name in `locale`; cross-checks make sure a per-locale name has it. */
const nameIn = (name: DisplayName, locale: Locale, fallback: string): string =>
  typeof name === 'string' ? name : (name[locale] ?? name.en ?? name['zh-CN'] ?? fallback);

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const groupSchema = (ids: ChatIds, person: ReturnType<typeof personSchema>) => strict({
  id: z.string().regex(/^[a-z0-9-]+$/, {
    error: (iss) => `expected a short id of lower-case letters, digits and dashes such as "billing", got ${describe(iss.input)}`,
  }),
  name: displayName,
  leader: person,
  members: z.array(person).min(1),
  away: blankIsUnset(z.array(person).default([])),
  channel: z.string().refine(ids.isChannelId, {
    error: (iss) => (typeof iss.input === 'string' && ids.channelIdProblem?.(iss.input)) || `expected ${ids.channelIdWords}, got ${describe(iss.input)}`,
  }),
  categories: z.array(groupCategory).min(1),
  calendar: blankIsUnset(calendarOverrideSchema.optional()),
});

const localText = z.union([z.string().trim().min(1).max(200), strict({ en: z.string().trim().min(1).max(200).optional(), 'zh-CN': z.string().trim().min(1).max(200).optional() })]);

const page = strict({
  linkDaysAfterArchive: blankIsUnset(z.number().int().min(1).max(3650).default(90)),
  reviewWithinDays: blankIsUnset(z.number().int().min(1).max(365).default(7)),
  handlerTitle: blankIsUnset(localText.optional()),
  supervision: blankIsUnset(
    strict({ hotline: blankIsUnset(z.string().trim().min(1).max(100).optional()), mailbox: blankIsUnset(z.string().trim().min(1).max(200).optional()) }).prefault({}),
  ),
  regulator: blankIsUnset(strict({ name: localText, contact: z.string().trim().min(1).max(200) }).optional()),
  form: blankIsUnset(
    strict({
      path: blankIsUnset(
        z
          .string()
          .regex(/^(\/[a-z0-9_-]+)+$/, { error: (iss) => `expected a path such as /complain (lower-case letters, digits, - and _), got ${describe(iss.input)}` })
          .refine((p) => !/^\/(p|slack|healthz)(\/|$)/.test(p), { error: 'must not be under /p, /slack or /healthz, which Pledge serves already' })
          .default('/complain'),
      ),
      categories: blankIsUnset(z.array(category).min(1).optional()),
      codeMinutes: blankIsUnset(z.number().int().min(5).max(1440).default(15)),
      maxAttempts: blankIsUnset(z.number().int().min(1).max(10).default(5)),
      resendSeconds: blankIsUnset(z.number().int().min(10).max(3600).default(60)),
      perAddressPerHour: blankIsUnset(z.number().int().min(1).max(10000).default(10)),
      perContactPerDay: blankIsUnset(z.number().int().min(1).max(100).default(3)),
      trustProxy: blankIsUnset(z.boolean().default(false)),
    }).optional(),
  ),
});

/** A configured text in `locale`, falling back to whichever locale it was written in. */
export const textIn = (text: LocalText, locale: Locale): string =>
  typeof text === 'string' ? text : (text[locale] ?? text.en ?? text['zh-CN'] ?? '');

/** The file's schema for one platform's ids; built once per platform. */
const configSchema = (ids: ChatIds) => {
  const person = personSchema(ids);
  const group = groupSchema(ids, person);
  return strict({
  locale: blankIsUnset(z.enum(LOCALES).default('en')),
  timezone: blankIsUnset(
    z
      .string()
      .refine(isTimeZone, {
        error: (iss) => `expected an IANA time zone such as Asia/Shanghai or Europe/Berlin, got ${describe(iss.input)}`,
      })
      .default('UTC'),
  ),
  categories: blankIsUnset(z.array(category).min(1).optional()),
  reaction: blankIsUnset(
    z
      .string()
      .transform((v) => v.trim().replace(/^:+|:+$/g, ''))
      .pipe(
        z.string().regex(/^[a-z0-9_+'-]+$/, {
          error: (iss) => `expected an emoji name such as ticket or :ticket:, got ${describe(iss.input)}`,
        }),
      )
      .default('ticket'),
  ),
  limits: blankIsUnset(
    strict({
      acknowledgeHours: z.number().positive().default(24),
      urgentAcknowledgeMinutes: z.number().int().positive().default(30),
    }).prefault({}),
  ),
  majorChannels: blankIsUnset(z.boolean().default(false)),
  sla: blankIsUnset(slaSchema),
  escalation: blankIsUnset(
    strict({
      respondWithin: blankIsUnset(limitSchema.default(DEFAULT_ESCALATION_RESPONSE)),
      departmentHead: blankIsUnset(person.optional()),
    }).prefault({}),
  ),
  outbox: blankIsUnset(
    strict({
      maxAttempts: blankIsUnset(z.number().int().min(1).max(100).default(8)),
      // Long enough for a slow Slack call; a crashed replica's claims come free after it.
      leaseSeconds: blankIsUnset(z.number().int().min(1).max(3600).default(120)),
    }).prefault({}),
  ),
  digest: blankIsUnset(
    strict({
      time: blankIsUnset(
        z
          .string()
          .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: (iss) => `expected a local time such as 09:00, got ${describe(iss.input)}` })
          .default('09:00'),
      ),
      skipNonWorkingDays: blankIsUnset(z.boolean().default(true)),
    }).prefault({}),
  ),
  survey: blankIsUnset(
    strict({
      reviewAt: blankIsUnset(z.number().int().min(0).max(5).default(2)),
    }).prefault({}),
  ),
  schedule: blankIsUnset(
    strict({
      sweep: blankIsUnset(
        z
          .string()
          .refine((v) => cron.validate(v), { error: (iss) => `expected a cron expression such as "* * * * *", got ${describe(iss.input)}` })
          .default('* * * * *'),
      ),
      maintenance: blankIsUnset(
        z
          .string()
          .refine((v) => cron.validate(v), { error: (iss) => `expected a cron expression such as "30 3 * * *", got ${describe(iss.input)}` })
          .default('30 3 * * *'),
      ),
    }).prefault({}),
  ),
  calendar: blankIsUnset(calendarSchema.prefault({})),
  groups: z.array(group).min(1),
  supervisors: blankIsUnset(z.array(person).default([])),
  page: blankIsUnset(page.prefault({})),
  reach: reachSchema,
});
};
const schemas = new Map<ChatIds, ReturnType<typeof configSchema>>();
const schemaFor = (ids: ChatIds) => schemas.get(ids) ?? schemas.set(ids, configSchema(ids)).get(ids)!;

/** The line a path points at, or at the nearest enclosing field that exists. */
function lineOf(doc: Document, lines: LineCounter, path: PathIssue['path']): number | undefined {
  for (let n = path.length; n > 0; n--) {
    const node = doc.getIn(path.slice(0, n), true);
    if (isNode(node) && node.range) return lines.linePos(node.range[0]).line;
  }
  return undefined;
}

/**
 * Parses and checks pledge.config.yml. Throws ConfigError listing every
 * problem, one per line, each starting with `source: path:`.
 */
export function loadPledgeConfig(text: string, source = 'pledge.config.yml', ids: ChatIds = slackIds): PledgeConfig {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      doc.errors.map((e) => {
        const at = e.linePos?.[0];
        // yaml's message repeats the position and adds a code excerpt over several lines.
        const what = e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
        return `${source}: ${at ? `line ${at.line}, column ${at.col}: ` : ''}YAML syntax error: ${what}`;
      }),
    );
  }
  const raw: unknown = doc.toJS();
  if (raw === null || raw === undefined) {
    throw new ConfigError(`${source}: the file is empty. Copy pledge.config.example.yml to pledge.config.yml and edit it.`);
  }

  const parsed = schemaFor(ids).safeParse(raw, { error: issueMessage });
  const issues: PathIssue[] = [
    ...(parsed.success ? [] : parsed.error.issues.map((i) => ({ path: i.path as PathIssue['path'], message: i.message }))),
    ...crossCheck(raw, ids),
    ...calendarChecks(raw),
  ];
  if (issues.length > 0 || !parsed.success) {
    const located = issues.map((issue) => ({ issue, line: lineOf(doc, lines, issue.path) ?? 0 }));
    located.sort((a, b) => a.line - b.line);
    throw new ConfigError(
      located.map(({ issue, line }) => {
        const where = issue.path.length > 0 ? `${formatPath(issue.path)}: ` : '';
        return `${source}: ${where}${issue.message}${line ? ` (line ${line})` : ''}`;
      }),
    );
  }

  const config = parsed.data;
  const categoryNames: Record<string, string> = {};
  const groups = config.groups.map((g) => ({
    ...g,
    name: nameIn(g.name, config.locale, g.id),
    categories: g.categories.map((c) => {
      const id = typeof c === 'string' ? c : c.id;
      categoryNames[id] = typeof c === 'string' ? c : nameIn(c.name, config.locale, c.id);
      return id;
    }),
  }));
  const { reach: rawReach, page: rawPage, ...rest } = config;
  const reach = resolveReach(rawReach, config.locale);
  const categories = config.categories ?? [...new Set(groups.flatMap((g) => g.categories))];
  const page = { ...rawPage, form: rawPage.form && formConfig(rawPage.form, config.groups, categories) };
  if (!page.form) delete page.form;
  return { ...rest, page: page as PageConfig, groups, categoryNames, categories, ...(reach && { reach }) };
}

/** The form's categories with their names in each locale (a category's own id where it has no name). */
function formConfig(raw: Omit<FormConfig, 'categories'> & { categories?: string[] | undefined }, groups: { categories: z.infer<typeof groupCategory>[] }[], categories: string[]): FormConfig {
  const names = new Map<string, DisplayName>();
  for (const c of groups.flatMap((g) => g.categories)) if (typeof c !== 'string') names.set(c.id, c.name);
  const nameOf = (id: string) => Object.fromEntries(LOCALES.map((l) => [l, nameIn(names.get(id) ?? id, l, id)])) as Record<Locale, string>;
  return { ...raw, categories: (raw.categories ?? categories).map((id) => ({ id, name: nameOf(id) })) };
}

export function readPledgeConfig(path: string, ids: ChatIds = slackIds): PledgeConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new ConfigError(`PLEDGE_CONFIG: no file at ${path}. Copy pledge.config.example.yml to pledge.config.yml and edit it.`);
    }
    throw new ConfigError(`PLEDGE_CONFIG: cannot read ${path} (${code ?? (e as Error).message}).`);
  }
  return loadPledgeConfig(text, path, ids);
}
