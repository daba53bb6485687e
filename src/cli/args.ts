/** A command's arguments: read and refused before anything heavy is loaded or opened. */
import { ConfigError } from '../config/config-error';

/** `--name value` from argv, or undefined. */
export function option(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
}

/** `--now <ISO time>`: the instant a command acts at; the system clock when absent. */
export function parseNow(argv: string[], systemNow: Date): Date {
  const text = option(argv, 'now');
  if (text === undefined) return systemNow;
  const at = new Date(text);
  if (Number.isNaN(at.getTime()) || !/^\d{4}-\d{2}-\d{2}T/.test(text)) {
    throw new ConfigError(`--now must be an ISO time such as 2026-11-30T09:00:00+08:00 (got ${JSON.stringify(text)}).`);
  }
  return at;
}

/** `--name <n>`: a whole number of at least `min`; `fallback` when absent. */
export function wholeNumberOption(argv: string[], name: string, fallback: number | undefined, min: number): number {
  const text = option(argv, name);
  if (text === undefined && fallback !== undefined) return fallback;
  if (text === undefined || !/^\d+$/.test(text) || Number(text) < min || !Number.isSafeInteger(Number(text))) {
    throw new ConfigError(`--${name} must be a whole number of at least ${min} (got ${JSON.stringify(text ?? '')}).`);
  }
  return Number(text);
}
