/**
 * Start-up's refusals read inside the test process: what `src/main.ts` would print before it
 * exits with code 1, without paying seconds for a process per refusal. The settings are read by
 * the same function main.ts calls (readStartupSettings), from only the environment the test
 * gives; anything printed on the way counts, as in the process's output. Printing the refusal
 * and exiting are main.ts's own, and process.test.ts checks them on a real process.
 */
import { format } from 'node:util';
import { vi } from 'vitest';
import { systemClock } from '../../src/clock';
import { ConfigError } from '../../src/config';
import { readStartupSettings } from '../../src/startup-settings';

/** The output start-up ends with for `env`: anything printed, then the ConfigError's message. Throws if start-up would go on. */
export async function startupRefusal(env: Record<string, string>): Promise<string> {
  let output = '';
  const print = (...args: unknown[]) => void (output += `${format(...args)}\n`);
  const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((name) => vi.spyOn(console, name).mockImplementation(print));
  try {
    await readStartupSettings(env, systemClock);
  } catch (error) {
    if (error instanceof ConfigError) return `${output}${error.message}\n`;
    throw error;
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
  throw new Error(`start-up read every setting without refusing; output:\n${output}`);
}
