import type { z } from 'zod';

/** `['groups', 1, 'leader']` -> `groups[1].leader`, the way people read YAML paths. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}

/** How a YAML value reads in an error message; YAML users think in lists and mappings. */
export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'an empty value';
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return String(value);
}

const EXPECTED: Record<string, string> = {
  array: 'a list',
  object: 'a mapping (key: value)',
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
};

const plural = (n: number | bigint, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * Turns zod's generic issues into sentences that state the expectation.
 * Schemas that know better set their own message, which zod prefers over this map.
 */
export const issueMessage: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'is required';
      return `expected ${EXPECTED[issue.expected] ?? issue.expected}, got ${describe(issue.input)}`;
    case 'too_small':
      if (issue.origin === 'array') return `needs at least ${issue.minimum === 1 ? 'one entry' : `${issue.minimum} entries`}`;
      if (issue.origin === 'string') return 'must not be empty';
      return `must be ${issue.inclusive ? 'at least' : 'more than'} ${issue.minimum}, got ${describe(issue.input)}`;
    case 'too_big':
      if (issue.origin === 'string') return `must be at most ${plural(issue.maximum, 'character')}`;
      return `must be at most ${issue.maximum}, got ${describe(issue.input)}`;
    case 'invalid_value':
      return `expected one of ${issue.values.join(', ')}, got ${describe(issue.input)}`;
    case 'unrecognized_keys':
      return `unknown field${issue.keys.length === 1 ? '' : 's'} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    default:
      return undefined;
  }
};
