/**
 * How people type numbers and addresses, made comparable before anything matches them: a Chinese
 * input method gives full-width digits (１３８) and signs (＠, －, ／, ideographic space), text
 * pasted from the web carries zero-width and direction characters that split a number without
 * showing, and dashes come in several widths. NFKC folds the compatibility forms, invisible
 * characters are dropped and every dash becomes "-".
 *
 * Masking must show the rest of the text as typed (Chinese punctuation stays full-width), so the
 * normal form keeps, for each of its characters, where in the original it came from.
 */

/** Zero-width spaces and joiners, the word joiner, BOM, soft hyphen, direction marks and isolates. */
const INVISIBLE = /^[\u00AD\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]$/u;
const DASHES = /[\u2010-\u2015\u2212\u2E3A\u2E3B\uFE58\uFE63\uFF0D]/gu;

export interface NormalisedText {
  text: string;
  /** For each UTF-16 unit of `text`: the start and end, in the original, of the character it came from. */
  from: number[];
  to: number[];
}

function normaliseChar(ch: string): string {
  return INVISIBLE.test(ch) ? '' : ch.normalize('NFKC').replace(DASHES, '-');
}

export function normaliseText(original: string): NormalisedText {
  let text = '';
  const from: number[] = [];
  const to: number[] = [];
  let at = 0;
  // One code point at a time, so each normalised unit knows its source.
  for (const ch of original) {
    const n = normaliseChar(ch);
    for (let k = 0; k < n.length; k += 1) {
      from.push(at);
      to.push(at + ch.length);
    }
    text += n;
    at += ch.length;
  }
  return { text, from, to };
}

/** The normal form alone, for a value typed into one field (a contact). */
export function normalisedForm(original: string): string {
  return normaliseText(original).text;
}

/**
 * Replaces matches of `pattern` (global) in the normal form of `original`. Only what the
 * replacement changes is replaced: the part it keeps at either end (138 and 5678 of 138****5678,
 * a parenthesis) stays in the original spelling, as does all text outside the matches.
 * `replace` returns the match itself to keep it.
 */
export function replaceNormalised(original: string, pattern: RegExp, replace: (match: string, groups: Record<string, string | undefined>) => string): string {
  const n = normaliseText(original);
  let out = '';
  let copied = 0;
  for (const m of n.text.matchAll(pattern)) {
    const match = m[0];
    const replacement = replace(match, m.groups ?? {});
    if (replacement === match) continue;
    let head = 0;
    while (head < match.length && head < replacement.length && match[head] === replacement[head]) head += 1;
    let tail = 0;
    while (tail < match.length - head && tail < replacement.length - head && match[match.length - 1 - tail] === replacement[replacement.length - 1 - tail]) tail += 1;
    const first = m.index + head;
    const last = m.index + match.length - tail - 1;
    // Two matches inside one expanded character (rare: ⑴ is "(1)") must not overlap.
    const start = Math.max(n.from[first]!, copied);
    // Nothing replaced, only added (a***@ from a@): insert before the character that follows.
    const end = last < first ? start : n.to[last]!;
    out += original.slice(copied, start) + replacement.slice(head, replacement.length - tail);
    copied = end;
  }
  return out + original.slice(copied);
}
