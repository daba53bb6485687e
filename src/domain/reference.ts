/**
 * Complaint references: PLG-<year>-<sequence>, the sequence zero-padded to six
 * digits. Past 999999 the number widens instead of wrapping, so references stay
 * unique and still sort by sequence within a year's first million.
 */
export interface ReferenceParts {
  year: number;
  seq: number;
}

const PREFIX = 'PLG';
const SEQ_WIDTH = 6;

export function formatReference(year: number, seq: number): string {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) {
    throw new RangeError(`Expected \`year\` to be a four-digit integer, got ${year}`);
  }
  if (!Number.isSafeInteger(seq) || seq < 1) {
    throw new RangeError(`Expected \`seq\` to be a positive integer, got ${seq}`);
  }
  return `${PREFIX}-${year}-${String(seq).padStart(SEQ_WIDTH, '0')}`;
}

// Six or more digits: the short form a person might type ("PLG-2026-123") is
// refused so that a typo cannot silently resolve to a different complaint.
const REFERENCE = /^PLG-(\d{4})-(\d{6,})$/i;

export function parseReference(text: string): ReferenceParts | undefined {
  const match = REFERENCE.exec(text.trim());
  if (!match) return undefined;
  const year = Number(match[1]);
  const seq = Number(match[2]);
  if (year < 1000 || !Number.isSafeInteger(seq) || seq < 1) return undefined;
  return { year, seq };
}
