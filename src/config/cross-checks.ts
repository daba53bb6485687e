import { formatPath } from './issues';
import type { ChatIds } from '../chat/person-id';
import { parsePerson, personKey } from './people';

export interface PathIssue {
  path: (string | number)[];
  message: string;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The string entries of a list with their indexes; anything malformed is the schema's to report. */
function strings(v: unknown): [string, number][] {
  if (!Array.isArray(v)) return [];
  return v.flatMap((item, i): [string, number][] => (typeof item === 'string' ? [[item.trim(), i]] : []));
}

/** A group's category ids: written alone or as `{ id, name }`. */
function categoryIds(v: unknown): [string, number][] {
  if (!Array.isArray(v)) return [];
  return v.flatMap((item, i): [string, number][] =>
    typeof item === 'string' ? [[item.trim(), i]] : isRecord(item) && typeof item.id === 'string' ? [[item.id.trim(), i]] : [],
  );
}

/** A name given per locale must have the configured locale's: messages are written in it. */
function nameForLocale(name: unknown, locale: string, path: PathIssue['path']): PathIssue[] {
  if (!isRecord(name) || typeof name[locale] === 'string') return [];
  const given = Object.keys(name).join(', ') || 'none';
  return [{ path, message: `has no ${locale} name (given: ${given}), but messages are in ${locale} (locale); add ${locale}: <the name people read>` }];
}

/**
 * Checks that span several fields. They run on the raw YAML value, not on the
 * schema's output, so that one run reports these together with field errors.
 */
export function crossCheck(raw: unknown, ids: ChatIds): PathIssue[] {
  if (!isRecord(raw) || !Array.isArray(raw.groups)) return [];
  const issues: PathIssue[] = [];
  const locale = typeof raw.locale === 'string' ? raw.locale : 'en';
  const groupIds = new Map<string, number>();
  // Routing needs a category to have exactly one group, or a complaint would have two owners.
  const handledBy = new Map<string, number>();

  raw.groups.forEach((group, g) => {
    if (!isRecord(group)) return;
    if (typeof group.id === 'string') {
      const other = groupIds.get(group.id);
      if (other === undefined) groupIds.set(group.id, g);
      else issues.push({ path: ['groups', g, 'id'], message: `duplicate group id "${group.id}"; groups[${other}] already uses it` });
    }
    issues.push(...nameForLocale(group.name, locale, ['groups', g, 'name']));
    if (Array.isArray(group.categories)) {
      group.categories.forEach((c, i) => {
        if (isRecord(c)) issues.push(...nameForLocale(c.name, locale, ['groups', g, 'categories', i, 'name']));
      });
    }
    for (const [category, i] of categoryIds(group.categories)) {
      const other = handledBy.get(category);
      if (other === undefined) handledBy.set(category, g);
      else if (other === g) issues.push({ path: ['groups', g, 'categories', i], message: `category "${category}" is listed twice` });
      else
        issues.push({
          path: ['groups', g, 'categories', i],
          message: `category "${category}" is already handled by groups[${other}]; a category belongs to exactly one group`,
        });
    }
    const members = new Set(strings(group.members).flatMap(([m]) => parsePerson(m, ids) ?? []).map(personKey));
    for (const [person, i] of strings(group.away)) {
      const ref = parsePerson(person, ids);
      if (ref && !members.has(personKey(ref)))
        issues.push({
          path: ['groups', g, 'away', i],
          message: `"${person}" is not one of this group's members; only members can be away (write them the same way as in members)`,
        });
    }
  });

  if (Array.isArray(raw.categories)) {
    const listed = new Set<string>();
    for (const [category, i] of strings(raw.categories)) {
      listed.add(category);
      if (!handledBy.has(category))
        issues.push({ path: ['categories', i], message: `no group handles category "${category}"; add it to a group's categories or remove it here` });
    }
    // Otherwise a group's category could never be picked when filing.
    for (const [category, g] of handledBy) {
      if (!listed.has(category))
        issues.push({
          path: ['categories'],
          message: `does not list "${category}", which ${formatPath(['groups', g])} handles; list every group's categories, or leave categories out to offer all of them`,
        });
    }
  }
  issues.push(...formChecks(raw, handledBy));
  return issues;
}

/** The public form files only what a group handles, and verifies contacts by a channel that exists. */
function formChecks(raw: Record<string, unknown>, handledBy: Map<string, number>): PathIssue[] {
  const form = isRecord(raw.page) && isRecord(raw.page.form) ? raw.page.form : undefined;
  if (!form) return [];
  const issues: PathIssue[] = [];
  for (const [category, i] of strings(form.categories)) {
    if (!handledBy.has(category)) issues.push({ path: ['page', 'form', 'categories', i], message: `no group handles category "${category}"; add it to a group's categories or remove it here` });
  }
  const reach = isRecord(raw.reach) ? raw.reach : {};
  const sms = isRecord(reach.sms) ? reach.sms : undefined;
  const smsVerifies = sms !== undefined && isRecord(sms.templates) && sms.templates.verify !== undefined && sms.templates.verify !== null;
  if (!isRecord(reach.email) && !smsVerifies) {
    issues.push({ path: ['page', 'form'], message: 'needs a way to verify contacts: reach.email, or reach.sms with templates.verify (the verification code template)' });
  }
  return issues;
}
